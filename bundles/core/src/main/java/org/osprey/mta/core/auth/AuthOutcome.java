package org.osprey.mta.core.auth;

import java.util.Map;

/**
 * How one AUTH command ended.
 *
 * <p>The texts are Exim 4.96's: {@code 235 Authentication succeeded},
 * {@code 535 Incorrect authentication data}, {@code 435 Unable to authenticate at present}
 * (with {@code : <text>} when server_condition expanded to something other than yes or no),
 * {@code 501 Invalid base64 data}, {@code 501 Authentication cancelled}, and
 * {@code 504 <mechanism> authentication mechanism not supported}.
 *
 * <p>When {@code authenticator} is set and {@code logMessage} too, the session logs (main and
 * reject logs) {@code <authenticator> authenticator failed for <host_and_ident>: <logMessage>},
 * as {@code 535 Incorrect authentication data (set_id=user)}. The 504 outcome has no
 * authenticator: it is Exim's protocol error ({@code synprot_error}), which counts against
 * smtp_max_synprot_errors and, with log_selector +smtp_protocol_error, is logged as
 * {@code SMTP protocol error in "AUTH ..." <host>: <logMessage>}. A refusal with neither log
 * message is not logged (Exim's case of a success whose server_set_id failed).
 *
 * @param reply the whole reply line(s) to send, such as {@code 235 Authentication succeeded}
 *        or {@code 535 Incorrect authentication data}
 * @param authenticated true when the client is now authenticated
 * @param authenticatedId when authenticated, {@code $authenticated_id} (from server_set_id);
 *        when refused by 535 or 435, {@code $authenticated_fail_id}; either may be null
 * @param authenticator the authenticator instance's name (the A= log field, and
 *        {@code $sender_host_authenticated} on success), or null when no authenticator ran
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

    /** No server authenticator offers {@code mechanism} (as the client wrote it): Exim's 504 protocol error. */
    public static AuthOutcome unsupported(String mechanism) {
        String message = mechanism + " authentication mechanism not supported";
        return refused("504 " + message, message);
    }
}
