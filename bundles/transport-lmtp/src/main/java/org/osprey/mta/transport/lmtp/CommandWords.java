package org.osprey.mta.transport.lmtp;

import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.model.Address;

/**
 * The argument vector of the {@code command} option, made as Exim's
 * transport_set_up_command makes it for the lmtp transport: split at white space (a word in
 * single quotes is taken as it is; one in double quotes may hold white space and backslash
 * escapes), then each word expanded on its own, a word that is exactly
 * {@code $pipe_addresses} becoming one argument per address. No shell is involved.
 *
 * <p>The pipe transport has the same splitter (with more around it: {@code use_shell},
 * {@code allow_commands}, {@code force_command}); a driver bundle imports only the kernel,
 * so this is a copy of the part the lmtp transport needs.
 */
final class CommandWords {
    private static final int SPARE_ARGUMENTS = 60;

    private CommandWords() {
    }

    /**
     * The expanded arguments.
     *
     * @throws DialogueFailure when there are too many words, or a word's expansion fails
     *         (a deferral, as the configuration's commands are Exim's PANIC case)
     */
    static List<String> argv(String command, List<Address> batch, String transportName, Expander expander)
            throws DialogueFailure {
        String etext = (transportName.length() > 50 ? transportName.substring(0, 50) : transportName) + " transport";
        int maxArgs = batch.size() + SPARE_ARGUMENTS;
        List<String> words = words(command, maxArgs);
        if (words == null) {
            throw DialogueFailure.fail("Too many arguments in command \"" + command + "\" in " + etext);
        }
        List<String> argv = new ArrayList<>();
        for (String word : words) {
            if (word.equals("$pipe_addresses") || word.equals("${pipe_addresses}")) {
                if (words.size() + batch.size() - 1 > maxArgs) {
                    throw DialogueFailure.fail("Too many arguments to command \"" + command + "\" in " + etext);
                }
                batch.forEach(a -> argv.add(a.text()));
                continue;
            }
            try {
                argv.add(expander.expand(word));
            } catch (ExpansionException e) {
                throw DialogueFailure.defer("Expansion of \"" + word + "\" from command \"" + command + "\" in "
                        + etext + " failed: " + e.getMessage());
            }
        }
        return argv;
    }

    /** Exim's split into words; null when there are more than {@code max}. */
    static List<String> words(String cmd, int max) {
        List<String> words = new ArrayList<>();
        int i = skipSpace(cmd, 0);
        while (i < cmd.length()) {
            if (words.size() >= max) {
                return null;
            }
            StringBuilder word = new StringBuilder();
            char c = cmd.charAt(i);
            if (c == '\'') {
                int close = cmd.indexOf('\'', i + 1);
                int end = close < 0 ? cmd.length() : close;
                word.append(cmd, i + 1, end);
                i = close < 0 ? end : end + 1;
            } else if (c == '"') {
                // Exim's string_dequote: backslash escapes inside double quotes.
                i++;
                while (i < cmd.length() && cmd.charAt(i) != '"') {
                    if (cmd.charAt(i) == '\\' && i + 1 < cmd.length()) {
                        i = escape(cmd, i + 1, word);
                    } else {
                        word.append(cmd.charAt(i));
                    }
                    i++;
                }
                if (i < cmd.length()) {
                    i++;
                }
            } else {
                while (i < cmd.length() && !isSpace(cmd.charAt(i))) {
                    word.append(cmd.charAt(i++));
                }
            }
            words.add(word.toString());
            i = skipSpace(cmd, i);
        }
        return words;
    }

    /** Exim's string_interpret_escape of the character at {@code p}; the index of the last one used. */
    private static int escape(String s, int p, StringBuilder word) {
        char ch = s.charAt(p);
        if (ch >= '0' && ch <= '7') {
            int value = ch - '0';
            for (int n = 0; n < 2 && p + 1 < s.length() && s.charAt(p + 1) >= '0' && s.charAt(p + 1) <= '7'; n++) {
                value = value * 8 + s.charAt(++p) - '0';
            }
            word.append((char) (value & 0xff));
            return p;
        }
        if (ch == 'x') {
            int value = 0;
            for (int n = 0; n < 2 && p + 1 < s.length() && Character.digit(s.charAt(p + 1), 16) >= 0; n++) {
                value = value * 16 + Character.digit(s.charAt(++p), 16);
            }
            word.append((char) value);
            return p;
        }
        word.append(switch (ch) {
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> (char) 0x0b;
            default -> ch;
        });
        return p;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** C's isspace in the C locale. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }
}
