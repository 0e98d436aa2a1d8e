package org.osprey.mta.core.smtp;

/**
 * The local process behind a {@code -bs} or {@code -bS} session: its login (U= in the log, the
 * ident of the Received: header), ids, and whether it is trusted (only a trusted caller's
 * MAIL FROM is kept; any other caller's messages come from {@code login@qualify_domain}, unless
 * untrusted_set_sender allows the address).
 */
public record LocalCaller(String login, long uid, long gid, boolean trusted) {
}
