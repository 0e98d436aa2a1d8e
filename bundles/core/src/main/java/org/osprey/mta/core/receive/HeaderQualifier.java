package org.osprey.mta.core.receive;

/**
 * Exim 4.96's rewrite_header for a message with no rewriting rules: each address in a Sender:,
 * From:, Reply-To:, To:, Cc: or Bcc: header that has no domain gets one (the sender qualify
 * domain for the first three, the recipient one for the rest), edited into the header text in
 * place, as rewrite_one_header does, down to the fold it adds after an address that grew when
 * the line is long. The old header stays, marked deleted, and the new one follows it.
 * Addresses that do not parse are left as they are.
 */
final class HeaderQualifier {
    private final String qualifySender;
    private final String qualifyRecipient;

    HeaderQualifier(String qualifySender, String qualifyRecipient) {
        this.qualifySender = qualifySender;
        this.qualifyRecipient = qualifyRecipient;
    }

    /** Qualifies the addresses of every header in {@code headers} that has addresses. */
    void qualifyAll(HeaderList headers, Rfc822.Syntax syntax) {
        for (int i = 1; i < headers.size(); i++) {
            HeaderList.Entry h = headers.get(i);
            String rewritten = rewrite(h, syntax);
            if (rewritten != null) {
                HeaderList.Entry replacement = new HeaderList.Entry(h.type, rewritten);
                headers.replace(h, replacement);
                i++;
            }
        }
    }

    /** The header's new text, or null when nothing changed (or it has no addresses). */
    String rewrite(HeaderList.Entry h, Rfc822.Syntax base) {
        boolean isRecipient;
        switch (h.type) {
            case HeaderList.SENDER, HeaderList.FROM, HeaderList.REPLY_TO -> isRecipient = false;
            case HeaderList.TO, HeaderList.CC, HeaderList.BCC -> isRecipient = true;
            default -> {
                return null;
            }
        }
        Rfc822.Syntax syntax = base.copy();
        syntax.allowGroup = true;
        String text = h.text;
        boolean changed = false;
        int lastNewline = 0;
        int s = text.indexOf(':') + 1;
        while (s < text.length() && Rfc822.isSpace(text.charAt(s))) {
            s++;
        }
        while (s < text.length() && text.charAt(s) != 0) {
            int ss = Rfc822.findAddressEnd(text, s, false);
            boolean terminated = ss < text.length() && text.charAt(ss) != 0;
            Rfc822.Extracted r = Rfc822.extract(text.substring(s, ss), syntax, false);
            int sprev = s;
            s = ss + (terminated ? 1 : 0);
            while (s < text.length() && Rfc822.isSpace(text.charAt(s))) {
                s++;
            }
            if (!r.ok() || Rfc822.findAt(r.address()) >= 0) {
                continue;
            }
            String replacement = r.address() + "@" + (isRecipient ? qualifyRecipient : qualifySender);
            int newlen = replacement.length();
            int oldlen = r.end() - r.start();
            StringBuilder newt = new StringBuilder(text.length() + newlen + 4);
            newt.append(text, 0, sprev + r.start()).append(replacement);
            if (s - (sprev + r.end()) > 0) {
                newt.append(text, sprev + r.end(), s);
            }
            if (newlen > oldlen && newt.length() - lastNewline > 40) {
                int p = s - 1;
                while (p > 0 && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
                    p--;
                }
                if (text.charAt(p) != '\n') {
                    lastNewline = newt.length();
                    newt.append("\n\t");
                }
            }
            newt.append(text, s, text.length());
            int remlen = s - oldlen + newlen;
            text = newt.toString();
            s = remlen;
            changed = true;
        }
        return changed ? text : null;
    }
}
