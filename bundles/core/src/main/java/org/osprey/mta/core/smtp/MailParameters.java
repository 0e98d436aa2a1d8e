package org.osprey.mta.core.smtp;

import java.util.ArrayList;
import java.util.List;

/**
 * The ESMTP parameters after the address of MAIL or RCPT, taken from the end of the argument
 * as Exim's extract_option does: {@code NAME=value} or {@code NAME} words, the last first. When
 * a parameter is not one the command knows, it and everything before it are left to the
 * address parser, which then reports the malformed address as Exim does.
 */
final class MailParameters {

    /** One parameter; value null for a bare keyword. */
    record Parameter(String name, String value, int end) {
    }

    private final String argument;
    private final String address;
    private final List<Parameter> parameters;

    private MailParameters(String argument, String address, List<Parameter> parameters) {
        this.argument = argument;
        this.address = address;
        this.parameters = parameters;
    }

    /** Splits off the trailing words that follow a closing '>' (or follow white space after the address). */
    static MailParameters split(String argument) {
        List<Parameter> found = new ArrayList<>();
        int end = argument.length();
        while (true) {
            int p = end;
            while (p > 0 && argument.charAt(p - 1) == ' ') {
                p--;
            }
            int wordEnd = p;
            while (p > 0 && !Character.isWhitespace(argument.charAt(p - 1))) {
                p--;
            }
            if (p == 0 || wordEnd == p) {
                break;
            }
            String word = argument.substring(p, wordEnd);
            if (word.indexOf('>') >= 0 || word.indexOf('<') >= 0) {
                break;
            }
            int eq = word.indexOf('=');
            String name = eq < 0 ? word : word.substring(0, eq);
            if (name.isEmpty() || !name.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-'))) {
                break;
            }
            found.add(new Parameter(name, eq < 0 ? null : word.substring(eq + 1), wordEnd));
            end = p;
            while (end > 0 && Character.isWhitespace(argument.charAt(end - 1))) {
                end--;
            }
        }
        return new MailParameters(argument, argument.substring(0, end), found);
    }

    String address() {
        return address;
    }

    /** The parameters, the last first (the order in which Exim takes them). */
    List<Parameter> parameters() {
        return parameters;
    }

    /**
     * The argument up to the end of {@code p}: what the address parser is given when {@code p}
     * is not a parameter the command takes (the parameters after it were taken).
     */
    String unparsedFrom(Parameter p) {
        return argument.substring(0, p.end());
    }
}
