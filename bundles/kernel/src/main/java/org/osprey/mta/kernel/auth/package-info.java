/**
 * Authenticators: SMTP AUTH mechanisms, for the server and the client side.
 *
 * <p>An {@link org.osprey.mta.kernel.auth.Authenticator} instance is a server, a client or
 * both, depending on which of its options are set. The engine handles the AUTH command:
 * the mechanism name ({@code public_name}), base64, the client's {@code *} cancel, the
 * {@code server_advertise_condition}, {@code server_set_id} and the reply codes. It also
 * judges the values of every {@link org.osprey.mta.kernel.auth.AuthStep.Success} with the
 * generic {@code server_condition} when that is set, so a driver that checks nothing itself
 * (plaintext) needs no access to it. The driver only runs the challenge and response steps
 * of its mechanism.
 *
 * <p>On the server side each step answers an {@link org.osprey.mta.kernel.auth.AuthStep}:
 * a challenge, or a final success (with the values for {@code $auth1}..{@code $authN} and
 * the authenticated id), failure or deferral. On the client side the driver talks through
 * an {@link org.osprey.mta.kernel.auth.ClientChannel} and answers a
 * {@link org.osprey.mta.kernel.auth.ClientResult}.
 */
@Export
@Version("1.2.0")
package org.osprey.mta.kernel.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
