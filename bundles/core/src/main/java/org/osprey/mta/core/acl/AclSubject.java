package org.osprey.mta.core.acl;

import org.osprey.mta.core.expand.ExpansionContext;

/**
 * What an ACL runs against: the SMTP session (or the local submission) as it stands. The
 * engine reads variables through {@link #context()} and writes {@code $acl_c*}/{@code $acl_m*}
 * and controls back through this interface.
 */
public interface AclSubject {

    /**
     * The expansion context of this moment: the connection's variables ({@code sender_host_address},
     * {@code sender_host_name}, {@code sender_helo_name}, {@code interface_address},
     * {@code received_protocol}, {@code authenticated_id}, {@code tls_in_cipher} ...), the
     * message's ({@code sender_address}, {@code message_size}, {@code recipients_count} ...),
     * the recipient's ({@code local_part}, {@code domain} at RCPT), the current
     * {@code $acl_c*}/{@code $acl_m*} values, and at DATA the message's headers.
     */
    ExpansionContext context();

    /** The envelope sender as given at MAIL ({@code ""} for {@code <>}), or null before MAIL. */
    String sender();

    /** The recipient being checked at RCPT (or VRFY/EXPN's address), or null. */
    String recipient();

    /** Sets {@code acl_c*} or {@code acl_m*} ({@code set} modifier); later {@link #context()} calls see it. */
    void setVariable(String name, String value);

    /** The session's controls, which the {@code control} modifier changes. */
    AclControls controls();

    /** Sends any replies waiting in the output buffer (Exim flushes before a {@code delay}). */
    void flushOutput();

    /** True for SMTP input (also -bs, -bS, -bh), false for a local non-SMTP submission. */
    boolean isSmtp();

    /** True under {@code -bh}: {@code delay} is skipped, as in Exim's host checking. */
    default boolean hostChecking() {
        return false;
    }

    /** In the MIME ACL, the part being checked (for {@code decode} and {@code mime_regex}); else null. */
    default MimePart mimePart() {
        return null;
    }
}
