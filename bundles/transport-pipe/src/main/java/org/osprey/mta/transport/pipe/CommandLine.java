package org.osprey.mta.transport.pipe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.option.EximList;
import org.osprey.mta.kernel.transport.CommandWords;

/**
 * The argument vector of the command, made as Exim makes it (pipe.c's
 * set_up_direct_command and set_up_shell_command, transport.c's
 * transport_set_up_command): no shell unless {@code use_shell} is set.
 *
 * <p>Without a shell the command is split at white space first; a word in double quotes
 * may hold white space and backslash escapes, one in single quotes is taken as it is. Then
 * each word is expanded on its own, so an expansion that yields spaces still makes one
 * argument. A word that is exactly {@code $pipe_addresses} becomes one argument per address
 * of the batch, and with {@code force_command}, a word that is exactly
 * {@code $address_pipe} becomes the words of the redirected command. Then
 * {@code allow_commands} and {@code restrict_to_path} are checked, and a command that is
 * not an absolute path is looked for in {@code path}.
 *
 * <p>With {@code use_shell} the command is expanded whole (after {@code $pipe_addresses}
 * is replaced by the addresses) and given to {@code /bin/sh -c}.
 *
 * @param text the command as configured or redirected, before expansion (for messages)
 * @param argv the arguments; the first is an absolute path
 */
record CommandLine(String text, List<String> argv) {
    private static final int SPARE_ARGUMENTS = 60;

    /**
     * What to make the command from.
     *
     * @param text the command before splitting
     * @param expand whether the words are expanded (not for a command from a redirection)
     * @param expansionFailurePermanent Exim's expand_fail: FAIL for a user's command, PANIC
     *        (deferral here) for the configuration's
     * @param addressPipe the redirected command (without the "|") when {@code force_command}
     *        replaced it by the configured command, else null
     */
    record Source(String text, boolean expand, boolean expansionFailurePermanent, String addressPipe) {
    }

    static CommandLine make(Source source, List<Address> batch, Settings settings, Expander expander)
            throws Failure {
        return settings.useShell() ? shell(source, batch, settings, expander)
                : direct(source, batch, settings, expander);
    }

    private static CommandLine shell(Source source, List<Address> batch, Settings settings, Expander expander)
            throws Failure {
        String cmd = source.text();
        if (!source.expand()) {
            return new CommandLine(cmd, List.of("/bin/sh", "-c", cmd));
        }
        int at = cmd.indexOf("pipe_addresses");
        if (at > 0 && (cmd.charAt(at - 1) == '$' || at > 1 && cmd.startsWith("${", at - 2)
                && cmd.startsWith("}", at + 14))) {
            int start = cmd.charAt(at - 1) == '$' ? at - 1 : at - 2;
            int end = cmd.charAt(at - 1) == '$' ? at + 14 : at + 15;
            cmd = cmd.substring(0, start) + String.join(" ", batch.stream().map(Address::text).toList())
                    + cmd.substring(end);
        }
        try {
            return new CommandLine(cmd, List.of("/bin/sh", "-c", expander.expand(cmd)));
        } catch (ExpansionException e) {
            throw Failure.of(!e.isLookupDeferred() && source.expansionFailurePermanent(), "Expansion of command \""
                    + cmd + "\" in " + settings.name() + " transport failed: " + e.getMessage());
        }
    }

    private static CommandLine direct(Source source, List<Address> batch, Settings settings, Expander expander)
            throws Failure {
        String cmd = source.text();
        String etext = truncate(settings.name(), 50) + " transport";
        int maxArgs = batch.size() + SPARE_ARGUMENTS;
        List<String> words = CommandWords.split(cmd, maxArgs);
        if (words == null) {
            throw Failure.fail("Too many arguments in command \"" + cmd + "\" in " + etext);
        }
        List<String> argv = source.expand() ? expand(words, source, batch, expander, etext, maxArgs) : words;
        if (argv.isEmpty()) {
            throw Failure.defer("no command specified for " + settings.name() + " transport");
        }
        String name = settings.name();
        String program = argv.get(0);
        boolean permitted = false;
        if (settings.allowCommands() != null) {
            String allowed;
            try {
                allowed = expander.expand(settings.allowCommands());
            } catch (ExpansionException e) {
                throw Failure.defer("failed to expand string \"" + settings.allowCommands() + "\" for " + name
                        + " transport: " + e.getMessage());
            }
            permitted = EximList.nonEmptyItems(allowed).contains(program);
        }
        if (!permitted) {
            if (settings.restrictToPath()) {
                if (program.indexOf('/') >= 0) {
                    throw Failure.fail("\"/\" found in \"" + cmd + "\" (command for " + name
                            + " transport) - failed for security reasons");
                }
            } else if (settings.allowCommands() != null) {
                throw Failure.fail("\"" + program + "\" command not permitted by " + name + " transport");
            }
        }
        if (!program.startsWith("/")) {
            String found = search(program, settings.path(), expander);
            if (found == null) {
                throw Failure.fail("\"" + program + "\" command not found for " + name + " transport");
            }
            argv.set(0, found);
        }
        return new CommandLine(cmd, List.copyOf(argv));
    }

    /** The first {@code dir/program} that exists (Exim stats it, nothing more). */
    private static String search(String program, String path, Expander expander) {
        String dirs;
        try {
            dirs = expander.expand(path);
        } catch (ExpansionException e) {
            return null;
        }
        for (String dir : EximList.nonEmptyItems(dirs)) {
            String candidate = truncate(dir, 256) + "/" + truncate(program, 256);
            if (Files.exists(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    private static List<String> expand(List<String> words, Source source, List<Address> batch, Expander expander,
            String etext, int maxArgs) throws Failure {
        String cmd = source.text();
        List<String> argv = new ArrayList<>();
        for (String word : words) {
            if (word.equals("$pipe_addresses") || word.equals("${pipe_addresses}")) {
                if (words.size() + batch.size() - 1 > maxArgs) {
                    throw Failure.fail("Too many arguments to command \"" + cmd + "\" in " + etext);
                }
                batch.forEach(a -> argv.add(a.text()));
            } else if (source.addressPipe() != null
                    && (word.equals("$address_pipe") || word.equals("${address_pipe}"))) {
                argv.addAll(addressPipeWords(source, expander, etext, maxArgs - words.size() + 1));
            } else {
                try {
                    argv.add(expander.expand(word));
                } catch (ExpansionException e) {
                    throw Failure.of(!e.isLookupDeferred() && source.expansionFailurePermanent(), "Expansion of \""
                            + word + "\" from command \"" + cmd + "\" in " + etext + " failed: " + e.getMessage());
                }
            }
        }
        if (argv.size() > maxArgs) {
            throw Failure.fail("Too many arguments to command \"" + cmd + "\" after expanding $address_pipe in "
                    + etext);
        }
        return argv;
    }

    /** The redirected command, expanded and split, for {@code $address_pipe} under force_command. */
    private static List<String> addressPipeWords(Source source, Expander expander, String etext, int room)
            throws Failure {
        String pipe = source.addressPipe();
        String expanded;
        String reason;
        try {
            expanded = expander.expand(pipe);
            reason = "";
        } catch (ExpansionException e) {
            expanded = null;
            reason = e.getMessage();
        }
        if (expanded == null || expanded.isEmpty()) {
            throw Failure.fail("Expansion of \"" + pipe + "\" from command \"" + source.text() + "\" in " + etext
                    + " failed: " + reason);
        }
        List<String> words = CommandWords.split(expanded, room);
        if (words == null) {
            throw Failure.fail("Too many arguments in $address_pipe \"" + pipe + "\" in " + etext);
        }
        return words;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
