package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * {@code bool{string}}: true, yes or a non-zero number is true; false, no, 0 or empty is false;
 * anything else an error. {@code bool_lax} takes anything else (and "00") as true.
 */
record BoolCondition(boolean lax, Node arg) implements Condition {

    @Override
    public boolean test(Evaluation ev, boolean skipping) throws ExpansionException {
        String t = Chars.trim(arg.eval(ev, skipping));
        int len = t.length();
        boolean value;
        if (len == 0) {
            value = false;
        } else if (allDigits(t, t.charAt(0) == '-' ? 1 : 0)) {
            value = atoi(t) != 0;
            if (lax && len > 1) {
                value = true;
            }
        } else if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("yes")) {
            value = true;
        } else if (t.equalsIgnoreCase("false") || t.equalsIgnoreCase("no")) {
            value = false;
        } else if (lax) {
            value = true;
        } else {
            throw ExpansionException.error("unrecognised boolean value \"" + t + "\"");
        }
        return value;
    }

    private static boolean allDigits(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!Chars.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static long atoi(String s) {
        long v = 0;
        int i = s.startsWith("-") ? 1 : 0;
        for (; i < s.length() && v < Integer.MAX_VALUE; i++) {
            v = v * 10 + s.charAt(i) - '0';
        }
        return v;
    }
}
