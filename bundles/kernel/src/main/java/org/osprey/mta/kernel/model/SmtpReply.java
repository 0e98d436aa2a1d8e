package org.osprey.mta.kernel.model;

import java.util.List;

/**
 * A reply from an SMTP or LMTP server.
 *
 * @param code the three-digit code
 * @param lines the text of each line, without the code and separator
 */
public record SmtpReply(int code, List<String> lines) {
    public SmtpReply {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("not an SMTP reply code: " + code);
        }
        lines = List.copyOf(lines);
    }

    public boolean isPositive() {
        return code < 400;
    }

    public boolean isTemporary() {
        return code >= 400 && code < 500;
    }

    /** The reply as Exim quotes it in log lines: code and lines joined by newlines. */
    @Override
    public String toString() {
        return code + " " + String.join("\n", lines);
    }
}
