package org.osprey.mta.transport.autoreply;

/**
 * Reads message ids one after the other from a References: or In-Reply-To: value, as
 * Exim's parse_message_id does: white space and comments between them, each
 * {@code <local-part@domain>}. The first thing that is not one ends the list.
 */
final class MessageIds {
    private final String text;
    private int at;
    private boolean done;

    MessageIds(String text) {
        this.text = text;
    }

    /** The next id with its angle brackets and without white space inside, or null. */
    String next() {
        if (done) {
            return null;
        }
        skipComments();
        if (at >= text.length() || text.charAt(at) != '<') {
            done = true;
            return null;
        }
        int close = text.indexOf('>', at);
        String inner = close < 0 ? "" : text.substring(at + 1, close).replaceAll("\\s+", "");
        int atSign = inner.lastIndexOf('@');
        if (close < 0 || inner.indexOf('<') >= 0 || atSign <= 0 || atSign == inner.length() - 1) {
            done = true;
            return null;
        }
        at = close + 1;
        return "<" + inner + ">";
    }

    /** skip_comment: white space and parenthesised comments, nested. */
    private void skipComments() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (Character.isWhitespace(c)) {
                at++;
            } else if (c == '(') {
                int level = 1;
                at++;
                while (at < text.length() && level > 0) {
                    char d = text.charAt(at++);
                    if (d == '\\' && at < text.length()) {
                        at++;
                    } else if (d == '(') {
                        level++;
                    } else if (d == ')') {
                        level--;
                    }
                }
            } else {
                return;
            }
        }
    }
}
