/**
 * The option model: how a driver declares its private options.
 *
 * <p>A driver lists its options once, in an {@link org.osprey.mta.kernel.option.OptionTable}
 * of {@link org.osprey.mta.kernel.option.Option} entries, in the manner of Exim's option
 * tables: each entry gives a name, an {@link org.osprey.mta.kernel.option.OptionType}, a
 * default, and whether the value is expanded when it is used. The engine reads the
 * configuration, checks every option name and value against the table, and hands the
 * driver an {@link org.osprey.mta.kernel.option.OptionValues}. The same table is what
 * {@code -bP router NAME} prints. Generic options (those every router or transport has)
 * are the engine's and never appear in a driver's table.
 */
@Export
@Version("1.0.0")
package org.osprey.mta.kernel.option;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
