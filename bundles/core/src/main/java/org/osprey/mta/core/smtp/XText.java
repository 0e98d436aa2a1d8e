package org.osprey.mta.core.smtp;

/** RFC 3461 xtext, as the AUTH= parameter of MAIL carries it (Exim's auth_xtextdecode). */
final class XText {
    private XText() {
    }

    /** The decoded text, or null when it is malformed (a '+' without two hex digits, or a control character). */
    static String decode(String x) {
        StringBuilder b = new StringBuilder(x.length());
        for (int i = 0; i < x.length(); i++) {
            char c = x.charAt(i);
            if (c == '+') {
                if (i + 2 >= x.length()) {
                    return null;
                }
                int hi = Character.digit(x.charAt(i + 1), 16);
                int lo = Character.digit(x.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                b.append((char) (hi * 16 + lo));
                i += 2;
            } else if (c < 33 || c > 126 || c == '=') {
                return null;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
