package org.osprey.mta.core.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a -H file in Exim 4.96's format into a {@link HeaderFile}, exactly: every dash line
 * (known or not) is kept with its taint mark and quoter, ACL variables with their multi-line
 * values, the non-recipients tree, recipients in all three of Exim's forms (bare, early Exim 4
 * {@code address pno}, and {@code ...#flags}), and the headers by their byte counts. It never
 * guesses: a file that is not in the format (a torn or foreign file) is refused with a
 * {@link SpoolFormatException}. It never writes.
 */
public final class HeaderFileReader {

    private final byte[] data;
    private final String where;
    private int pos;

    private HeaderFileReader(byte[] data, String where) {
        this.data = data;
        this.where = where;
    }

    /** Reads the -H file at {@code file}. */
    public static HeaderFile read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /**
     * Parses the bytes of a -H file.
     *
     * @param where the file's name, for messages
     */
    public static HeaderFile parse(byte[] data, String where) throws SpoolFormatException {
        return new HeaderFileReader(data, where).parse();
    }

    private HeaderFile parse() throws SpoolFormatException {
        String first = line("id line");
        if (!first.endsWith("-H") || !MessageId.isValid(first.substring(0, first.length() - 2))) {
            throw error("the first line is not <message id>-H: " + first);
        }
        HeaderFile.Builder b = HeaderFile.builder(MessageId.parse(first.substring(0, first.length() - 2)));

        String originator = line("originator line");
        int gidSpace = originator.lastIndexOf(' ');
        int uidSpace = gidSpace <= 0 ? -1 : originator.lastIndexOf(' ', gidSpace - 1);
        if (uidSpace < 0) {
            throw error("the second line is not <login> <uid> <gid>: " + originator);
        }
        b.originator(originator.substring(0, uidSpace), number(originator.substring(uidSpace + 1, gidSpace)),
                number(originator.substring(gidSpace + 1)));

        String sender = line("sender line");
        if (sender.length() < 2 || sender.charAt(0) != '<' || sender.charAt(sender.length() - 1) != '>') {
            throw error("the third line is not <sender>: " + sender);
        }
        b.sender(sender.substring(1, sender.length() - 1));

        String time = line("time line");
        int space = time.indexOf(' ');
        if (space < 0) {
            throw error("the fourth line is not <time> <warning count>: " + time);
        }
        b.receivedTime(number(time.substring(0, space)));
        b.warningCount((int) number(time.substring(space + 1)));

        String l = line("variables");
        while (l.startsWith("-")) {
            dashLine(b, l);
            l = line("variables");
        }

        if (!l.equals("XX")) {
            pendingLine = l;
            tree(b);
        }
        String count = line("recipients count");
        long n = number(count);
        if (n > HeaderFileWriter.MAX_RECIPIENTS) {
            throw error("too many recipients: " + n);
        }
        for (long i = 0; i < n; i++) {
            b.recipient(recipient(line("recipient")));
        }
        if (!line("blank line before the headers").isEmpty()) {
            throw error("no blank line before the headers");
        }
        while (pos < data.length) {
            header(b);
        }
        return b.build();
    }

    private String pendingLine;

    private void dashLine(HeaderFile.Builder b, String l) throws SpoolFormatException {
        int i = 1;
        boolean tainted = false;
        String quoter = null;
        if (l.length() > 1 && l.charAt(1) == '-') {
            tainted = true;
            i = 2;
            if (l.length() > 2 && l.charAt(2) == '(') {
                int close = l.indexOf(')', 3);
                if (close < 0) {
                    throw error("unterminated quoter in: " + l);
                }
                quoter = l.substring(3, close);
                i = close + 1;
            }
        }
        String rest = l.substring(i);
        if (rest.startsWith("aclc ") || rest.startsWith("aclm ")) {
            int last = rest.lastIndexOf(' ');
            if (last <= 5) {
                throw error("bad ACL variable line: " + l);
            }
            long length = number(rest.substring(last + 1));
            if (length < 0 || pos + length + 1 > data.length || data[(int) (pos + length)] != '\n') {
                throw error("ACL variable value does not fit its length: " + l);
            }
            String value = new String(data, pos, (int) length, StandardCharsets.ISO_8859_1);
            pos += (int) length + 1;
            b.acl(new AclVariable(rest.charAt(3), rest.substring(5, last), value, tainted, quoter));
            return;
        }
        if (rest.startsWith("acl ")) {
            // Before Exim 4.61: "-acl <n> <length>", n 0-9 for acl_c0-9 and 10-19 for acl_m0-9.
            String[] f = rest.split(" ");
            if (f.length != 3) {
                throw error("bad ACL variable line: " + l);
            }
            int index = (int) number(f[1]);
            long length = number(f[2]);
            if (index < 0 || index > 19 || length < 0 || pos + length + 1 > data.length
                    || data[(int) (pos + length)] != '\n') {
                throw error("bad old-style ACL variable: " + l);
            }
            String value = new String(data, pos, (int) length, StandardCharsets.ISO_8859_1);
            pos += (int) length + 1;
            b.acl(new AclVariable(index < 10 ? 'c' : 'm', Integer.toString(index % 10), value, tainted, quoter));
            return;
        }
        int space = rest.indexOf(' ');
        if (space == 0 || rest.isEmpty()) {
            throw error("bad variable line: " + l);
        }
        b.variable(space < 0 ? new SpoolVariable(rest, null, tainted, quoter)
                : new SpoolVariable(rest.substring(0, space), rest.substring(space + 1), tainted, quoter));
    }

    /**
     * The non-recipients tree, in pre-order: each node says whether a left and a right subtree
     * follow, so the count of nodes still to read is kept instead of recursing (a degenerate
     * tree cannot exhaust the stack). The shape is dropped: the set is what matters.
     */
    private void tree(HeaderFile.Builder b) throws SpoolFormatException {
        long pending = 1;
        while (pending > 0) {
            String l = pendingLine != null ? pendingLine : line("non-recipients tree");
            pendingLine = null;
            if (l.length() < 3 || "YN".indexOf(l.charAt(0)) < 0 || "YN".indexOf(l.charAt(1)) < 0
                    || l.charAt(2) != ' ') {
                throw error("bad non-recipients tree line: " + l);
            }
            b.nonRecipient(l.substring(3));
            pending--;
            if (l.charAt(0) == 'Y') {
                pending++;
            }
            if (l.charAt(1) == 'Y') {
                pending++;
            }
        }
    }

    /** A recipients-list line, decoded from the end as Exim does (addresses may hold spaces). */
    private Recipient recipient(String l) throws SpoolFormatException {
        if (l.isEmpty()) {
            throw error("empty recipient line");
        }
        int p = l.length() - 1;
        while (p >= 0 && isDigit(l.charAt(p))) {
            p--;
        }
        if (p < 0 || p == l.length() - 1) {
            return Recipient.of(l);
        }
        char c = l.charAt(p);
        if (c == ',') {
            // Exim 3: <address> <digits>,<pno>,<digits>
            int q = p;
            while (q > 0 && (isDigit(l.charAt(q - 1)) || l.charAt(q - 1) == ',')) {
                q--;
            }
            if (q > 0 && l.charAt(q - 1) == ' ') {
                String[] parts = l.substring(q).split(",");
                int pno = parts.length > 1 ? (int) number(parts[1]) : -1;
                return new Recipient(l.substring(0, q - 1), null, 0, null, pno);
            }
            return Recipient.of(l);
        }
        if (c == ' ') {
            // early Exim 4: <address> <pno>
            return new Recipient(l.substring(0, p), null, 0, null, (int) number(l.substring(p + 1)));
        }
        if (c != '#') {
            return Recipient.of(l);
        }
        int flags = (int) number(l.substring(p + 1));
        String errorsTo = null;
        String orcpt = null;
        int pno = -1;
        int dsnFlags = 0;
        int end = p; // exclusive end of what is left
        if ((flags & 0x01) != 0) {
            int q = end;
            while (q > 0 && (isDigit(l.charAt(q - 1)) || l.charAt(q - 1) == ',' || l.charAt(q - 1) == '-')) {
                q--;
            }
            String[] nums = l.substring(q, end).split(",");
            if (nums.length != 2) {
                throw error("bad errors_to field in recipient: " + l);
            }
            int len = (int) number(nums[0]);
            pno = (int) number(nums[1]);
            // q-1 is the space before the numbers; the errors_to value ends there
            int valueEnd = q - 1;
            if (valueEnd - len < 1) {
                throw error("bad errors_to length in recipient: " + l);
            }
            if (len > 0) {
                errorsTo = l.substring(valueEnd - len, valueEnd);
            }
            end = valueEnd - len - 1;
        }
        if ((flags & 0x02) != 0) {
            int q = end;
            while (q > 0 && (isDigit(l.charAt(q - 1)) || l.charAt(q - 1) == ',' || l.charAt(q - 1) == '-')) {
                q--;
            }
            String[] nums = l.substring(q, end).split(",");
            if (nums.length != 2) {
                throw error("bad DSN field in recipient: " + l);
            }
            int len = (int) number(nums[0]);
            dsnFlags = (int) number(nums[1]);
            int valueEnd = q - 1;
            if (valueEnd - len < 1) {
                throw error("bad ORCPT length in recipient: " + l);
            }
            if (len > 0) {
                orcpt = l.substring(valueEnd - len, valueEnd);
            }
            end = valueEnd - len - 1;
        }
        if (end < 1 || l.charAt(end) != ' ') {
            throw error("bad extended recipient: " + l);
        }
        return new Recipient(l.substring(0, end), orcpt, dsnFlags, errorsTo, pno);
    }

    private void header(HeaderFile.Builder b) throws SpoolFormatException {
        int start = pos;
        while (pos < data.length && isDigit((char) data[pos])) {
            pos++;
        }
        if (pos == start || pos + 2 > data.length || data[pos + 1] != ' ') {
            throw error("bad header length field at byte " + start);
        }
        int length = (int) number(new String(data, start, pos - start, StandardCharsets.ISO_8859_1));
        char type = (char) (data[pos] & 0xFF);
        pos += 2;
        if (length < 1 || pos + length > data.length || data[pos + length - 1] != '\n') {
            throw error("header at byte " + start + " does not fit its length " + length);
        }
        String text = new String(data, pos, length, StandardCharsets.ISO_8859_1);
        if (text.indexOf('\0') >= 0) {
            throw error("NUL in header at byte " + start);
        }
        pos += length;
        b.header(new HeaderLine(type, text));
    }

    private String line(String what) throws SpoolFormatException {
        int start = pos;
        while (pos < data.length && data[pos] != '\n') {
            pos++;
        }
        if (pos >= data.length) {
            throw error("the file ends before the " + what);
        }
        String s = new String(data, start, pos - start, StandardCharsets.ISO_8859_1);
        pos++;
        return s;
    }

    private long number(String s) throws SpoolFormatException {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw error("not a number: " + s);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private SpoolFormatException error(String what) {
        return new SpoolFormatException(where + ": " + what);
    }
}
