package org.osprey.mta.transport.autoreply;

import java.nio.charset.StandardCharsets;

/**
 * Strings as bytes. The engine hands out byte strings (one char per byte, ISO-8859-1), as
 * the spool holds them; a string with characters beyond that range came from elsewhere
 * (the configuration's own text) and is written in UTF-8.
 */
final class Bytes {
    private Bytes() {
    }

    static byte[] of(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                return s.getBytes(StandardCharsets.UTF_8);
            }
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
