package org.osprey.mta.transport.autoreply;

import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.option.TimeValues;

/**
 * The expanded options of one reply (autoreply.c's locals after checkexpand). A null field
 * is an unset option. {@code to}, {@code cc} and {@code bcc} may lose addresses to never_mail.
 */
final class Reply {
    String from;
    String replyTo;
    String to;
    String cc;
    String bcc;
    String subject;
    String headers;
    String text;
    String file;
    String log;
    String once;
    /** once_repeat in seconds; 0 when unset (a reply is then sent once only). */
    int onceRepeat;

    /** What checkexpand checks in an expanded value. */
    private enum Check {
        /** Nothing (headers, text). */
        TEXT,
        /** Printing characters, and newlines that start a continuation line (header fields). */
        HEADER,
        /** Printing characters only (file names). */
        FILE
    }

    /**
     * Expands the options in Exim's order; the first that fails to expand or holds a
     * character it may not hold fails the address.
     */
    static Reply expand(OptionValues options, Expander expander, String transport) throws ReplyProblem {
        Reply r = new Reply();
        r.from = expand(options, AutoreplyOptions.FROM, expander, transport, Check.HEADER);
        r.replyTo = expand(options, AutoreplyOptions.REPLY_TO, expander, transport, Check.HEADER);
        r.to = expand(options, AutoreplyOptions.TO, expander, transport, Check.HEADER);
        r.cc = expand(options, AutoreplyOptions.CC, expander, transport, Check.HEADER);
        r.bcc = expand(options, AutoreplyOptions.BCC, expander, transport, Check.HEADER);
        r.subject = expand(options, AutoreplyOptions.SUBJECT, expander, transport, Check.HEADER);
        r.headers = expand(options, AutoreplyOptions.HEADERS, expander, transport, Check.TEXT);
        r.text = expand(options, AutoreplyOptions.TEXT, expander, transport, Check.TEXT);
        r.file = expand(options, AutoreplyOptions.FILE, expander, transport, Check.FILE);
        r.log = expand(options, AutoreplyOptions.LOG, expander, transport, Check.FILE);
        r.once = expand(options, AutoreplyOptions.ONCE, expander, transport, Check.FILE);
        String repeat = expand(options, AutoreplyOptions.ONCE_REPEAT, expander, transport, Check.FILE);
        if (repeat != null) {
            r.onceRepeat = TimeValues.parse(repeat);
            if (r.onceRepeat < 0) {
                throw ReplyProblem.fail("Invalid time value \"" + repeat + "\" for \"once_repeat\" in " + transport
                        + " transport");
            }
        }
        return r;
    }

    private static String expand(OptionValues options, Option<String> option, Expander expander, String transport,
            Check check) throws ReplyProblem {
        String source = options.text(option).orElse(null);
        if (source == null) {
            return null;
        }
        String value;
        try {
            value = expander.expand(source);
        } catch (ExpansionException e) {
            throw ReplyProblem.fail("Expansion of \"" + source + "\" failed in " + transport + " transport: "
                    + e.getMessage());
        }
        if (check != Check.TEXT) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (printing(c) || check == Check.HEADER && c == '\n' && i + 1 < value.length()
                        && (value.charAt(i + 1) == ' ' || value.charAt(i + 1) == '\t')) {
                    continue;
                }
                throw ReplyProblem.fail("Expansion of \"" + printable(source) + "\" in " + transport
                        + " transport contains non-printing character " + (c > 0xff ? firstUtf8Byte(c) : (int) c));
            }
        }
        return value;
    }

    /** Exim's mac_isprint with print_topbitchars false: ASCII 32 to 126. */
    private static boolean printing(char c) {
        return c >= ' ' && c < 0x7f;
    }

    private static int firstUtf8Byte(char c) {
        return String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)[0] & 0xff;
    }

    /** Exim's string_printing: escapes for the characters that do not print. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (printing(c)) {
                b.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\f' -> b.append("\\f");
                case '\b' -> b.append("\\b");
                case 0x0b -> b.append("\\v");
                default -> b.append(String.format("\\%03o", c & 0xff));
            }
        }
        return b.toString();
    }
}
