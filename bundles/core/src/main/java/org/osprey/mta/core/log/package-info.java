/**
 * Exim's logs: the mainlog, rejectlog and paniclog lines, in Exim 4.96's format, and the
 * writer that puts them in files and syslog.
 *
 * <p>Entry points: the events in {@link org.osprey.mta.core.log.LogEvent} (one record per
 * kind of line: {@code <=}, {@code =>}/{@code ->}/{@code >>}/{@code *>}, {@code **},
 * {@code ==}, {@code Completed}, frozen, SMTP connections and rejections, panics), each
 * rendering its text for a {@link org.osprey.mta.core.log.LogSelector}; and
 * {@link org.osprey.mta.core.log.LogWriter}, made from a
 * {@link org.osprey.mta.core.log.LogConfig} (the configuration's log options), which adds the
 * timestamp, pid and message id and writes each line atomically where
 * {@link org.osprey.mta.core.log.LogFilePath} says.
 *
 * <p>The package never decides what happened: delivery and SMTP code make the events. It
 * never throws from a write: a line that cannot be written goes to stderr.
 */
package org.osprey.mta.core.log;
