/**
 * The configuration reader: Exim's configuration file format, read and checked as Exim 4.96
 * reads and checks it, and {@code -bP}, which prints it back as Exim prints it.
 *
 * <p>Entry points: {@link org.osprey.mta.core.config.ConfigLoader#load} reads a file (with the
 * {@code -D} macros and the drivers present, as {@link org.osprey.mta.core.config.DriverTables})
 * into a {@link org.osprey.mta.core.config.Configuration}, or fails with a
 * {@link org.osprey.mta.core.config.ConfigException} in Exim's words;
 * {@link org.osprey.mta.core.config.OptionPrinter} is {@code -bP}.
 *
 * <p>The tables of Exim's own options are {@link org.osprey.mta.core.config.MainOptions},
 * {@link org.osprey.mta.core.config.RouterOptions},
 * {@link org.osprey.mta.core.config.TransportOptions} and
 * {@link org.osprey.mta.core.config.AuthenticatorOptions}; drivers' private options are the
 * drivers' own kernel option tables. Options known but not acted on yet are listed in
 * {@link org.osprey.mta.core.config.NotYetSupportedOptions}.
 *
 * <p>The package reads files and nothing else: it never opens a socket, never writes a file,
 * and never logs; what it has to say is in its results.
 */
package org.osprey.mta.core.config;
