package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * {@code ${eval:}} and {@code ${eval10:}}: 64-bit integer expressions with
 * {@code + - * / % & | ^ ~ << >>} and parentheses, numbers in C notation (decimal only for
 * eval10) with K, M and G suffixes, errors worded as Exim words them.
 */
final class Arithmetic {
    private static final int MAX_DEPTH = 200;
    private final String s;
    private final boolean decimal;
    private int p;
    private String error;
    private int depth;

    private Arithmetic(String s, boolean decimal) {
        this.s = s;
        this.decimal = decimal;
    }

    static String operator(Evaluation ev, String name, String arg, String subject) throws ExpansionException {
        Arithmetic a = new Arithmetic(subject, name.startsWith("eval10"));
        long n = a.expr(false);
        if (a.error != null) {
            throw ExpansionException.error("error in expression evaluation: " + a.error + " (after processing \""
                    + subject.substring(0, Math.min(a.p, subject.length())) + "\")");
        }
        return Long.toString(n);
    }

    private int at() {
        return p < s.length() ? s.charAt(p) : 0;
    }

    private void skipSpace() {
        while (p < s.length() && Chars.isSpace(s.charAt(p))) {
            p++;
        }
    }

    private long expr(boolean endket) {
        long x = or();
        if (error == null) {
            if (endket) {
                if (at() != ')') {
                    error = "expecting closing parenthesis";
                } else {
                    p++;
                    skipSpace();
                }
            } else if (at() != 0) {
                error = "expecting operator";
            }
        }
        return x;
    }

    private long number() {
        skipSpace();
        int c = at();
        if (Chars.isDigit(c)) {
            long n = scan();
            switch (Chars.toLower(at())) {
                case 'k': n *= 1024; p++; break;
                case 'm': n *= 1024 * 1024; p++; break;
                case 'g': n *= 1024L * 1024 * 1024; p++; break;
                default: break;
            }
            skipSpace();
            return n;
        }
        if (c == '(') {
            p++;
            if (++depth > MAX_DEPTH) {
                error = "expression nested too deeply";
                return 0;
            }
            long n = expr(true);
            depth--;
            return n;
        }
        error = "expecting number or opening parenthesis";
        return 0;
    }

    /** glibc's sscanf %lld, or %lli (0x hex, taking the "0x" even with no digit after; 0 octal) unless decimal. */
    private long scan() {
        int radix = 10;
        if (!decimal && at() == '0') {
            if (p + 1 < s.length() && Chars.toLower(s.charAt(p + 1)) == 'x') {
                radix = 16;
                p += 2;
            } else {
                radix = 8;
            }
        }
        long n = 0;
        boolean overflow = false;
        while (p < s.length() && Character.digit(s.charAt(p), radix) >= 0) {
            int d = Character.digit(s.charAt(p++), radix);
            if (n > (Long.MAX_VALUE - d) / radix) {
                overflow = true;
            }
            n = n * radix + d;
        }
        return overflow ? Long.MAX_VALUE : n;
    }

    private long unary() {
        skipSpace();
        int c = at();
        if (c == '+' || c == '-' || c == '~') {
            p++;
            if (++depth > MAX_DEPTH) {
                error = "expression nested too deeply";
                return 0;
            }
            long x = unary();
            depth--;
            return c == '-' ? -x : c == '~' ? ~x : x;
        }
        return number();
    }

    private long mult() {
        long x = unary();
        while (error == null && (at() == '*' || at() == '/' || at() == '%')) {
            int op = at();
            p++;
            long y = unary();
            if (error != null) {
                break;
            }
            if (y == -1 && x == Long.MIN_VALUE && op != '*') {
                x = Long.MAX_VALUE;
                continue;
            }
            if (op == '*') {
                x *= y;
            } else if (y == 0) {
                error = op == '/' ? "divide by zero" : "modulo by zero";
                return 0;
            } else {
                x = op == '/' ? x / y : x % y;
            }
        }
        return x;
    }

    private long sum() {
        long x = mult();
        while (error == null && (at() == '+' || at() == '-')) {
            int op = at();
            p++;
            long y = mult();
            if (error != null) {
                break;
            }
            if (x >= Long.MAX_VALUE / 2 || (x <= -(Long.MAX_VALUE / 2) && y <= -(Long.MAX_VALUE / 2))) {
                error = op == '+' ? "overflow in sum" : "overflow in difference";
                break;
            }
            x = op == '+' ? x + y : x - y;
        }
        return x;
    }

    private long shift() {
        long x = sum();
        while (error == null && (at() == '<' || at() == '>') && p + 1 < s.length() && s.charAt(p + 1) == at()) {
            int op = at();
            p += 2;
            long y = sum();
            if (error != null) {
                break;
            }
            x = op == '<' ? x << y : x >> y;
        }
        return x;
    }

    private long and() {
        long x = shift();
        while (error == null && at() == '&') {
            p++;
            long y = shift();
            if (error != null) {
                break;
            }
            x &= y;
        }
        return x;
    }

    private long xor() {
        long x = and();
        while (error == null && at() == '^') {
            p++;
            long y = and();
            if (error != null) {
                break;
            }
            x ^= y;
        }
        return x;
    }

    private long or() {
        long x = xor();
        while (error == null && at() == '|') {
            p++;
            long y = xor();
            if (error != null) {
                break;
            }
            x |= y;
        }
        return x;
    }
}
