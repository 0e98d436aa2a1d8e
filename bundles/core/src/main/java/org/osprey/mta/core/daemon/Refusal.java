package org.osprey.mta.core.daemon;

import org.osprey.mta.core.log.LogEvent;

/**
 * A connection turned away before its session starts: the reply written to it (with its
 * CRLF added by the writer) and the log line, as Exim writes them.
 */
public record Refusal(String reply, LogEvent event) {
}
