package org.osprey.mta.core.auth;

/**
 * Exim's string_printing, which smtp_in_auth applies to the authenticated id before it is
 * logged or kept in the spool: non-printing characters become {@code \n}, {@code \r},
 * {@code \b}, {@code \v}, {@code \f}, {@code \t} or a three-digit octal escape of each byte.
 */
final class Printing {
    private Printing() {
    }

    static String of(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\b' -> out.append("\\b");
                case 0x0b -> out.append("\\v");
                case '\f' -> out.append("\\f");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c >= 32 && c < 127) {
                        out.append((char) c);
                    } else {
                        out.append(String.format("\\%03o", c));
                    }
                }
            }
        }
        return out.toString();
    }
}
