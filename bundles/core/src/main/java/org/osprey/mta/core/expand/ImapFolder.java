package org.osprey.mta.core.expand;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * {@code ${imapfolder{name}{separator}{specials}}}: a folder name in IMAP's modified UTF-7,
 * with the separator turned into a dot. A dot in the name, or a slash when the separator is
 * not one, is refused as Exim refuses it.
 */
final class ImapFolder {
    private ImapFolder() {
    }

    static String encode(Evaluation ev, List<String> args) throws ExpansionException {
        String name = args.get(0);
        String sep = args.get(1) == null ? "/" : args.get(1);
        String specials = args.get(1) == null ? "" : args.get(2) == null ? "" : args.get(2);
        if (sep.length() != 1) {
            throw ExpansionException.error("IMAP folder separator must be one character, found \"" + sep + "\"");
        }
        String text = new String(ByteStrings.bytes(name), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        StringBuilder pending = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean direct = c >= 0x20 && c < 0x7f && specials.indexOf(c) < 0;
            if (direct) {
                flush(out, pending);
                if (c == sep.charAt(0)) {
                    out.append('.');
                } else if (c == '.' || c == '/') {
                    throw ExpansionException.error("imapfolder: illegal character '" + c + "'");
                } else if (c == '&') {
                    out.append("&-");
                } else {
                    out.append(c);
                }
            } else {
                pending.append(c);
            }
        }
        flush(out, pending);
        return out.toString();
    }

    private static void flush(StringBuilder out, StringBuilder pending) {
        if (pending.length() == 0) {
            return;
        }
        byte[] utf16 = pending.toString().getBytes(StandardCharsets.UTF_16BE);
        String b64 = java.util.Base64.getEncoder().withoutPadding().encodeToString(utf16).replace('/', ',');
        out.append('&').append(b64).append('-');
        pending.setLength(0);
    }
}
