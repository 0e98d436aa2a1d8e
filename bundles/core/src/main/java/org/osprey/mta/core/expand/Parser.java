package org.osprey.mta.core.expand;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads an expansion string into nodes, scanning as Exim's expand_string_internal does. A
 * syntax error does not stop compilation: it becomes a {@link SyntaxError} at the point Exim
 * would report it, so that what comes before is still evaluated first, as in Exim. Nesting is
 * bounded, so hostile input cannot exhaust the stack.
 */
final class Parser {
    private static final int MAX_NESTING = 150;
    private static final int NAME_MAX = 255;

    final String s;
    int pos;
    boolean failed;
    private int nesting;
    private final ItemParser items = new ItemParser(this);
    private final ConditionParser conditions = new ConditionParser(this);

    Parser(String s, int pos) {
        this.s = s;
        this.pos = pos;
    }

    /** Compiles a whole string (no closing brace expected). */
    static Node compile(String template) {
        Parser p = new Parser(template, 0);
        return p.sequence(false, true);
    }

    ConditionParser conditions() {
        return conditions;
    }

    int at() {
        return pos < s.length() ? s.charAt(pos) : 0;
    }

    int at(int offset) {
        int i = pos + offset;
        return i < s.length() ? s.charAt(i) : 0;
    }

    boolean atEnd() {
        return pos >= s.length();
    }

    /** Skips white space and returns the character then current (0 at the end). */
    int skipSpace() {
        while (pos < s.length() && Chars.isSpace(s.charAt(pos))) {
            pos++;
        }
        return at();
    }

    /** Exim's read_name: letters, digits and {@code extras}; overlong names are cut silently. */
    String readName(String extras) {
        int start = pos;
        while (pos < s.length() && (Chars.isAlnum(s.charAt(pos)) || extras.indexOf(s.charAt(pos)) >= 0)) {
            pos++;
        }
        String name = s.substring(start, pos);
        return name.length() > NAME_MAX ? name.substring(0, NAME_MAX) : name;
    }

    String rest() {
        return pos < s.length() ? s.substring(pos) : "";
    }

    /** Records a syntax error at this point and returns it as a node. */
    SyntaxError fail(SyntaxError error) {
        failed = true;
        return error;
    }

    /**
     * Reads text up to a closing brace (left unread) when {@code ketEnds}, or to the end.
     * With {@code honourDollar} false a dollar is an ordinary character.
     */
    Node sequence(boolean ketEnds, boolean honourDollar) {
        List<Node> parts = new ArrayList<>();
        if (++nesting > MAX_NESTING) {
            parts.add(fail(SyntaxError.plain("expansion nested too deeply")));
            nesting--;
            return new Sequence(parts);
        }
        StringBuilder text = new StringBuilder();
        while (!failed && pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '\\') {
                if (pos + 1 >= s.length()) {
                    flush(text, parts);
                    parts.add(fail(SyntaxError.plain("\\ at end of string")));
                    break;
                }
                if (s.charAt(pos + 1) == 'N') {
                    int start = pos + 2;
                    int end = s.indexOf("\\N", start);
                    if (end < 0) {
                        end = s.length();
                    }
                    text.append(s, start, end);
                    pos = Math.min(s.length(), end + 2);
                } else {
                    text.append(escape());
                }
                continue;
            }
            if (ketEnds && c == '}') {
                break;
            }
            if (c != '$' || !honourDollar) {
                int end = pos + 1;
                while (end < s.length() && "$}\\".indexOf(s.charAt(end)) < 0) {
                    end++;
                }
                text.append(s, pos, end);
                pos = end;
                continue;
            }
            flush(text, parts);
            parts.add(dollar());
        }
        flush(text, parts);
        if (!failed && ketEnds && pos >= s.length()) {
            parts.add(fail(new SyntaxError(SyntaxError.Kind.END_OF_STRING, "")));
        }
        nesting--;
        boolean plain = parts.size() == 1 && !(parts.get(0) instanceof Text t && t.text().indexOf('\0') >= 0);
        return plain ? parts.get(0) : new Sequence(parts);
    }

    /** A braced argument: the opening brace has been read; reads to the closing one and past it. */
    Node argument(boolean honourDollar) {
        Node arg = sequence(true, honourDollar);
        if (!failed) {
            pos++;
        }
        return arg;
    }

    private static void flush(StringBuilder text, List<Node> parts) {
        if (text.length() > 0) {
            parts.add(new Text(text.toString()));
            text.setLength(0);
        }
    }

    /** A backslash sequence that is not the last character. */
    private char escape() {
        int[] end = new int[1];
        char c = Escapes.interpret(s, pos, end);
        pos = end[0];
        return c;
    }

    /** At a dollar that is to be expanded. */
    private Node dollar() {
        pos++;
        int c = at();
        if (Chars.isAlpha(c)) {
            String name = readName("_");
            if (HeaderReference.isHeaderName(name)) {
                return headerReference(name);
            }
            return new VariableReference(name, false);
        }
        if (Chars.isDigit(c)) {
            return new NumberedReference(number());
        }
        if (c != '{') {
            return fail(SyntaxError.plain("$ not followed by letter, digit, or {"));
        }
        pos++;
        if (Chars.isDigit(at())) {
            int n = number();
            if (at() != '}') {
                pos++;
                return fail(SyntaxError.plain("} expected after number"));
            }
            pos++;
            return new NumberedReference(n);
        }
        if (!Chars.isAlpha(at())) {
            return fail(SyntaxError.plain("letter or digit expected after ${"));
        }
        String name = readName("_-");
        Node item = items.item(name);
        if (item != null) {
            return item;
        }
        if (at() == ':') {
            return operator(name);
        }
        if (at() == '}') {
            pos++;
            return new VariableReference(name, true);
        }
        return fail(SyntaxError.plain("\"${" + name + "\" is not a known operator (or a } is missing in a variable reference)"));
    }

    private int number() {
        int n = 0;
        while (Chars.isDigit(at())) {
            n = n * 10 + (at() - '0');
            pos++;
        }
        return n;
    }

    private Node headerReference(String name) {
        int prefix = name.indexOf('_') + 1;
        StringBuilder header = new StringBuilder(name.substring(prefix));
        while (pos < s.length() && Chars.isGraph(s.charAt(pos)) && s.charAt(pos) != ':') {
            if (header.length() < NAME_MAX - 1) {
                header.append(s.charAt(pos));
            }
            pos++;
        }
        if (at() == ':') {
            pos++;
        }
        header.append(':');
        return new HeaderReference(name.charAt(0), header.toString());
    }

    /** {@code ${name:subject}}: the name has been read and the colon is next. */
    private Node operator(String name) {
        Operator op = Operators.find(name);
        String arg = op == null ? null : Operators.argument(name);
        Node subject;
        String certificate = certificateVariable(name);
        if (certificate != null) {
            pos += certificate.length() + 2;
            subject = new Text(certificate);
            pos++;
        } else {
            pos++;
            subject = argument(true);
        }
        if (failed) {
            return new Prefix(List.of(subject));
        }
        return new OperatorCall(name, op, arg, subject);
    }

    /**
     * md5, sha1, sha256 and base64 given a certificate variable ({@code ${md5:$tls_in_peercert}})
     * work on the certificate; with none present Exim hashes the variable's name.
     */
    private String certificateVariable(String name) {
        if (!List.of("md5", "sha1", "sha256", "base64").contains(name) || at(1) != '$') {
            return null;
        }
        for (String v : Variables.CERTIFICATES) {
            if (s.startsWith("$" + v + "}", pos + 1)) {
                return v;
            }
        }
        return null;
    }
}
