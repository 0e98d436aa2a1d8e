package org.osprey.mta.core.expand;

/** String comparisons ({@code eq}, {@code lti} ...) and numeric ones ({@code =}, {@code <=} ...). */
final class Comparison extends TwoArgs {

    Comparison(String name, Node first, Node second) {
        super(name, first, second);
    }

    @Override
    boolean decide(Evaluation ev, String a, String b, long na, long nb) {
        return holds(name, a, b, na, nb);
    }

    /** Whether {@code a op b}; also used by ${sort}. */
    static boolean holds(String op, String a, String b, long na, long nb) {
        switch (op) {
            case "=": case "==": return na == nb;
            case ">": return na > nb;
            case ">=": return na >= nb;
            case "<": return na < nb;
            case "<=": return na <= nb;
            case "lt": return Chars.compare(a, b) < 0;
            case "lti": return Chars.compareIgnoreCase(a, b) < 0;
            case "le": return Chars.compare(a, b) <= 0;
            case "lei": return Chars.compareIgnoreCase(a, b) <= 0;
            case "eq": return a.equals(b);
            case "eqi": return Chars.compareIgnoreCase(a, b) == 0;
            case "gt": return Chars.compare(a, b) > 0;
            case "gti": return Chars.compareIgnoreCase(a, b) > 0;
            case "ge": return Chars.compare(a, b) >= 0;
            case "gei": return Chars.compareIgnoreCase(a, b) >= 0;
            default: return false;
        }
    }
}
