package org.osprey.mta.core.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line, read the way Exim reads it (exim.c): options first, each starting
 * with "-"; the first argument that does not, or everything after "--", starts the
 * recipients. An option Osprey does not know is refused at once, as Exim refuses it.
 *
 * <p>Options are added here as the steps that implement them land.
 */
final class CommandLine {
    private boolean versionWanted;
    private final List<String> recipients = new ArrayList<>();

    private CommandLine() {
    }

    static CommandLine parse(String[] args) throws BadOptionException {
        CommandLine line = new CommandLine();
        int i = 0;
        for (; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                break;
            }
            if (arg.equals("--")) {
                i++;
                break;
            }
            switch (arg) {
                case "-bV" -> line.versionWanted = true;
                default -> throw new BadOptionException(arg);
            }
        }
        for (; i < args.length; i++) {
            line.recipients.add(args[i]);
        }
        return line;
    }

    /** {@code -bV}: print the version and the drivers present. */
    boolean versionWanted() {
        return versionWanted;
    }

    List<String> recipients() {
        return List.copyOf(recipients);
    }
}
