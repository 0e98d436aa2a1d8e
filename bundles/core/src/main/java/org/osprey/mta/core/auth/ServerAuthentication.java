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
     * @return the reply to send and what to record
     * @throws IOException when the connection fails during the dialog
     */
    AuthOutcome authenticate(String mechanism, String initialResponse, AuthDialog dialog, ExpansionContext context)
            throws IOException;

    /** No authenticators: nothing advertised. */
    ServerAuthentication NONE = new ServerAuthentication() {
        @Override
        public List<String> mechanisms(ExpansionContext context) {
            return List.of();
        }

        @Override
        public AuthOutcome authenticate(String mechanism, String initialResponse, AuthDialog dialog,
                ExpansionContext context) {
            return AuthOutcome.refused("504 Unsupported authentication mechanism", null);
        }
    };
}
