/**
 * The spool: messages on disk in Exim 4.96's format, so that Exim's own tools can read them.
 * Layout and formats are described in {@code docs/spool-format.md}.
 *
 * <p>Entry points: {@link org.osprey.mta.core.spool.Spool} (layout, listing, storing new
 * messages, delivery state, removal), {@link org.osprey.mta.core.spool.MessageIdGenerator} and
 * {@link org.osprey.mta.core.spool.MessageId}, {@link org.osprey.mta.core.spool.HeaderFile} with
 * its {@link org.osprey.mta.core.spool.HeaderFileReader} and
 * {@link org.osprey.mta.core.spool.HeaderFileWriter}, {@link org.osprey.mta.core.spool.DataFile},
 * and {@link org.osprey.mta.core.spool.Journal} for deliveries as they succeed.
 *
 * <p>Spool files are the truth. Nothing here returns success before what it wrote is forced
 * to disk, file and directory both; and nothing here ever drops an address from a message.
 */
package org.osprey.mta.core.spool;
