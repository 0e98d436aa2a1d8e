package org.osprey.mta.core.retry;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.osprey.mta.core.hints.HintsException;
import org.osprey.mta.core.hints.HintsStore;

/**
 * Exim's {@code exim_tidydb [-f] [-t <time>] <spool-directory> <database-name>}: drops
 * records older than the time (30 days by default), message-specific retry records and
 * wait-list entries of messages no longer on the spool, and empty wait lists, printing
 * what it does in exim_tidydb's words. Only ever removes hints, never a message.
 */
public final class TidyCommand {
    private TidyCommand() {
    }

    /** Runs the command with the spool checked as Exim lays it out ({@code input/<id>-D}, or split). */
    public static int run(HintsStore store, List<String> args, Instant now, PrintStream out) {
        return run(store, args, now, null, out);
    }

    /**
     * Runs the command.
     *
     * @param messageExists whether a message is on the spool; null to look for its -D file
     *        in the spool directory given on the command line
     * @return 0, or 1 for a usage error or a store that fails
     */
    public static int run(HintsStore store, List<String> args, Instant now, Predicate<String> messageExists,
            PrintStream out) {
        long maxKeep = HintsStore.TIDY_DEFAULT_AGE.toSeconds();
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("-")) {
            String a = args.get(i++);
            if (a.equals("-f")) {
                continue;
            }
            if (!a.equals("-t") || i >= args.size() || (maxKeep = time(args.get(i++))) < 0) {
                return usage(out);
            }
        }
        if (args.size() - i != 2 || !known(args.get(i + 1))) {
            return usage(out);
        }
        Path spool = Path.of(args.get(i));
        String database = args.get(i + 1);
        Predicate<String> exists = messageExists != null ? messageExists : id -> onSpool(spool, id);
        out.print("Tidying Exim hints database " + spool + "/db/" + database + "\n");
        try {
            for (String line : store.tidy(database, now.minusSeconds(maxKeep), exists)) {
                out.print(line + "\n");
            }
        } catch (HintsException e) {
            out.print(e.getMessage() + "\n");
            return 1;
        }
        out.print("Tidying complete\n");
        return 0;
    }

    private static boolean known(String name) {
        return List.of("retry", "misc", "callout", "ratelimit", "tls", "seen").contains(name)
                || name.startsWith("wait-");
    }

    private static boolean onSpool(Path spool, String id) {
        Path input = spool.resolve("input");
        return Files.exists(input.resolve(id + "-D"))
                || id.length() > 5 && Files.exists(input.resolve(id.substring(5, 6)).resolve(id + "-D"));
    }

    /** exim_tidydb's -t value: numbers each followed by w, d, h, m or s. */
    private static long time(String s) {
        long total = 0;
        int p = 0;
        if (s.isEmpty()) {
            return -1;
        }
        while (p < s.length()) {
            int start = p;
            while (p < s.length() && Character.isDigit(s.charAt(p))) {
                p++;
            }
            if (p == start || p >= s.length()) {
                return -1;
            }
            long v = Long.parseLong(s.substring(start, p));
            long unit = switch (s.charAt(p)) {
                case 'w' -> 7 * 86400;
                case 'd' -> 86400;
                case 'h' -> 3600;
                case 'm' -> 60;
                case 's' -> 1;
                default -> -1;
            };
            if (unit < 0) {
                return -1;
            }
            total += v * unit;
            p++;
        }
        return total;
    }

    private static int usage(PrintStream out) {
        out.print("Usage: exim_tidydb [-t <time>]  <spool-directory> <database-name>\n");
        out.print("  <database-name> = retry | misc | wait-<transport-name> | callout | ratelimit | tls | seen\n");
        return 1;
    }
}
