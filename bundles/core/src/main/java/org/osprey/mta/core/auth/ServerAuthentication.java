package org.osprey.mta.core.auth;

import java.io.IOException;
import java.util.List;
import org.osprey.mta.core.expand.ExpansionContext;

/** The server side of SMTP AUTH: the configured authenticators with server options. */
public interface ServerAuthentication {

    /**
     * The mechanisms to advertise after {@code AUTH} in the EHLO reply, in configuration order,
     * those whose {@code server_advertise_condition} is false left out. The session has already
     * checked {@code auth_advertise_hosts}.
     */
    List<String> mechanisms(ExpansionContext context);

    /**
     * Runs one AUTH command after the session's checks (advertised, not yet authenticated,
     * not in a transaction, acl_smtp_auth accepted).
     *
     * @param mechanism the mechanism the client named (any case)
     * @param initialResponse the base64 initial response, {@code "="} for an empty one, or null
     * @param dialog sends challenges and reads the client's answers
     * @param context the session's expansion context
     * @return the reply to send and what to record; a mechanism that no server authenticator
     *         offers now gives {@link AuthOutcome#unsupported}
     * @throws IOException when the connection fails during the dialog
     */
    AuthOutcome authenticate(String mechanism, String initialResponse, AuthDialog dialog, ExpansionContext context)
            throws IOException;

    /**
     * Whether {@code AUTH=} on a MAIL command is honoured for a client authenticated by the
     * authenticator named {@code authenticatorName} (the instance name of
     * {@link AuthOutcome#authenticator()}): its {@code server_mail_auth_condition} is unset or
     * true. When it is not, Exim ignores the value, logging
     * {@code ignoring AUTH=<value> from <host> (server_mail_auth_condition failed: authenticated ID="<id>")}.
     */
    default boolean mailAuthAccepted(String authenticatorName, ExpansionContext context) {
        return true;
    }

    /** No authenticators: nothing advertised. */
    ServerAuthentication NONE = new ServerAuthentication() {
        @Override
        public List<String> mechanisms(ExpansionContext context) {
            return List.of();
        }

        @Override
        public AuthOutcome authenticate(String mechanism, String initialResponse, AuthDialog dialog,
                ExpansionContext context) {
            return AuthOutcome.unsupported(mechanism);
        }
    };
}
