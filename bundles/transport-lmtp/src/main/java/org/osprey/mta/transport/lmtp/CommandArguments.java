package org.osprey.mta.transport.lmtp;

import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.transport.CommandWords;

/**
 * The argument vector of the {@code command} option, made as Exim's
 * transport_set_up_command makes it for the lmtp transport: split at white space (a word in
 * single quotes is taken as it is; one in double quotes may hold white space and backslash
 * escapes), then each word expanded on its own, a word that is exactly
 * {@code $pipe_addresses} becoming one argument per address. No shell is involved.
 * The splitting is the kernel's {@link CommandWords}, which the pipe transport uses too.
 */
final class CommandArguments {
    private static final int SPARE_ARGUMENTS = 60;

    private CommandArguments() {
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
        List<String> words = CommandWords.split(command, maxArgs);
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
}
