package org.osprey.mta.core.config;

/**
 * The state of {@code .ifdef}, {@code .ifndef}, {@code .elifdef}, {@code .elifndef},
 * {@code .else} and {@code .endif}, as Exim keeps it: whether lines are being used, are
 * skipped until the next branch, or are skipped to the {@code .endif}, with a stack of ten
 * levels for nesting. A condition is true when a macro was replaced anywhere in its line.
 * Never looks at anything but the directive and that one fact.
 */
final class ConditionalStack {
    /** A directive: its name, the action when a macro was found and when not, and its effect on the stack. */
    private record Directive(String name, int whenFound, int whenNotFound, int push) {
    }

    private static final Directive[] DIRECTIVES = {
        new Directive("ifdef", 0, 1, 1),
        new Directive("ifndef", 1, 0, 1),
        new Directive("elifdef", 2, 3, 0),
        new Directive("elifndef", 3, 2, 0),
        new Directive("else", 2, 2, 0),
        new Directive("endif", 0, 0, -1),
    };

    /** Rows: the state (0 reading, 1 skipping to the next branch, 2 skipping to .endif); columns: the action. */
    private static final int[][] NEXT_STATE = {
        {0, 1, 2, 2},
        {2, 2, 0, 1},
        {2, 2, 2, 2},
    };

    private static final int DEPTH = 10;
    private final int[] stack = new int[DEPTH];
    private int top = -1;
    private int state;

    /** Whether lines are being used (not skipped). */
    boolean reading() {
        return state == 0;
    }

    /** Whether an {@code .ifdef} is still open. */
    boolean open() {
        return top >= 0;
    }

    /**
     * Handles a physical line that starts with a dot.
     *
     * @param line the line, from its first non-blank character (the dot)
     * @param macroFound whether a macro was replaced in the line
     * @return false when the line is not a conditional directive; true when it was one, or
     *         when it starts like one but runs on into other letters (Exim then ignores the line)
     */
    boolean handle(String line, boolean macroFound, Location location) throws ConfigException {
        for (Directive d : DIRECTIVES) {
            if (!line.startsWith(d.name(), 1)) {
                continue;
            }
            char after = AsciiChars.at(line, 1 + d.name().length());
            // Exim tests for 't' where it means '\t': a tab after the word makes the line be ignored.
            if (after != ' ' && after != 't' && after != '\n' && after != 0) {
                return true;
            }
            int action = macroFound ? d.whenFound() : d.whenNotFound();
            if (d.push() > 0) {
                if (top >= DEPTH - 1) {
                    throw ConfigException.inLine(location, "." + d.name() + " nested too deeply");
                }
                stack[++top] = state;
                state = NEXT_STATE[state][action];
            } else {
                if (top < 0) {
                    throw ConfigException.inLine(location, "." + d.name() + " without matching .ifdef");
                }
                state = d.push() < 0 ? stack[top--] : NEXT_STATE[state][action];
            }
            return true;
        }
        return false;
    }
}
