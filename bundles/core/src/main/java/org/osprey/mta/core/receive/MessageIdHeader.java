package org.osprey.mta.core.receive;

import java.util.function.BiFunction;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.kernel.address.Rfc822;

/**
 * The Message-Id: header Exim adds to a message without one (local messages, and SMTP
 * messages in submission mode): {@code Message-Id: <E<id>[.text]@domain>} with
 * message_id_header_domain and message_id_header_text.
 */
final class MessageIdHeader {
    private MessageIdHeader() {
    }

    /**
     * @param expand expands an option's value (the template, the option's name) to a byte
     *        string, or null when the expansion fails (the caller logs it)
     */
    static String text(Configuration config, String primaryHostname, MessageId id, String resentPrefix,
            BiFunction<String, String, String> expand) {
        String domain = Rfc822.bytes(primaryHostname);
        String domainOption = config.get(MainOptions.MESSAGE_ID_HEADER_DOMAIN);
        if (domainOption != null) {
            String v = expand.apply(domainOption, "message_id_header_domain");
            if (v != null && !v.isEmpty()) {
                StringBuilder d = new StringBuilder(v);
                for (int i = 0; i < d.length(); i++) {
                    char c = d.charAt(i);
                    if (!(c < 128 && Character.isLetterOrDigit(c)) && c != '.') {
                        d.setCharAt(i, '-');
                    }
                }
                domain = d.toString();
            }
        }
        String text = "";
        String textOption = config.get(MainOptions.MESSAGE_ID_HEADER_TEXT);
        if (textOption != null) {
            String v = expand.apply(textOption, "message_id_header_text");
            if (v != null && !v.isEmpty()) {
                StringBuilder t = new StringBuilder(v);
                for (int i = 0; i < t.length(); i++) {
                    if (Rfc822.controlOrSpecial(t.charAt(i))) {
                        t.setCharAt(i, '-');
                    }
                }
                text = t.toString();
            }
        }
        return resentPrefix + "Message-Id: <E" + id + (text.isEmpty() ? "" : "." + text) + "@" + domain + ">\n";
    }
}
