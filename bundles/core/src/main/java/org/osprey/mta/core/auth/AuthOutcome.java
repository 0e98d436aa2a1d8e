package org.osprey.mta.core.auth;

import java.util.Map;

/**
 * How one AUTH command ended.
 *
 * @param reply the whole reply line(s) to send, such as {@code 235 Authentication succeeded}
 *        or {@code 535 Incorrect authentication data}
 * @param authenticated true when the client is now authenticated
 * @param authenticatedId {@code $authenticated_id} (from server_set_id), or null
 * @param authenticator the authenticator instance's name (the A= log field), or null
 * @param variables {@code auth1}, {@code auth2} ... as set by the driver
 * @param logMessage what Exim logs for a failure (the text after "authenticator failed for H=...: "), or null
 */
public record AuthOutcome(String reply, boolean authenticated, String authenticatedId, String authenticator,
        Map<String, String> variables, String logMessage) {
    public AuthOutcome {
        variables = Map.copyOf(variables);
    }

    public static AuthOutcome refused(String reply, String logMessage) {
        return new AuthOutcome(reply, false, null, null, Map.of(), logMessage);
    }
}
