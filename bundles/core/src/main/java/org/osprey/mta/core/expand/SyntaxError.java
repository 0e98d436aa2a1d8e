package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * Where the parser met a syntax error: Exim reports it when its scan reaches this point, after
 * evaluating what came before, so the error is kept in place and raised when evaluated,
 * skipping or not. The wording may depend on an earlier header reference without its colon.
 */
record SyntaxError(Kind kind, String message) implements Node, Condition {

    /** Exim's three failure exits: plain, bracketing (EXPAND_FAILED_CURLY), and unterminated string. */
    enum Kind { PLAIN, CURLY, END_OF_STRING }

    static SyntaxError plain(String message) {
        return new SyntaxError(Kind.PLAIN, message);
    }

    static SyntaxError curly(String message) {
        return new SyntaxError(Kind.CURLY, message);
    }

    @Override
    public String eval(Evaluation ev, boolean skipping) throws ExpansionException {
        throw ExpansionException.error(text(ev));
    }

    @Override
    public boolean test(Evaluation ev, boolean skipping) throws ExpansionException {
        throw ExpansionException.error(text(ev));
    }

    /** The message as it would be reported now. */
    String eval(Evaluation ev) {
        return text(ev);
    }

    private String text(Evaluation ev) {
        switch (kind) {
            case CURLY:
                if (ev.malformedHeader()) {
                    return "missing or misplaced { or } - could be header name not terminated by colon";
                }
                return message.isEmpty() ? "missing or misplaced { or }" : message;
            case END_OF_STRING:
                return ev.malformedHeader()
                        ? "missing } at end of string - could be header name not terminated by colon"
                        : "missing } at end of string";
            default:
                return message;
        }
    }
}
