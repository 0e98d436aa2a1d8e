/**
 * ACL conditions provided by drivers, for conditions that need outside services (such as
 * {@code dnslists}).
 *
 * <p>In an ACL statement such as {@code deny dnslists = zen.example}, the engine finds the
 * {@link org.osprey.mta.kernel.acl.ConditionDriver} named {@code dnslists}, expands the
 * argument and asks for a {@link org.osprey.mta.kernel.acl.ConditionResult}: OK (the
 * condition is true), FAIL (false), DEFER (cannot be decided now) or ERROR (the argument
 * is wrong). The verbs, modifiers and the built-in conditions are the engine's.
 */
@Export
@Version("1.0.0")
package org.osprey.mta.kernel.acl;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
