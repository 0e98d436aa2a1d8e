package org.osprey.mta.core.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Exim's own log readers, eximstats and exigrep, from Debian's exim4-base package: fetched
 * with apt-get download and unpacked under target/ (never installed), run with perl. Without
 * apt, a network or perl the tests that need them are skipped, with the reason.
 */
public final class EximTools {
    private static Path tools;
    private static String skipReason;

    private EximTools() {
    }

    /** Unpacks the tools once; returns why they are not there, or null when they are. */
    public static synchronized String prepare() throws IOException {
        if (tools != null || skipReason != null) {
            return skipReason;
        }
        Path target = Path.of(System.getProperty("basedir", ".")).resolve("target");
        Path root = target.resolve("exim4-base");
        skipReason = fetch(target, root);
        if (skipReason == null && !run(target, 30, "perl", "-e", "1").ok()) {
            skipReason = "no perl to run eximstats and exigrep";
        }
        if (skipReason != null) {
            skipReason = "skipped: " + skipReason;
            System.err.println("Exim's tools " + skipReason);
        } else {
            tools = root.resolve("usr/sbin");
        }
        return skipReason;
    }

    /** eximstats over the given arguments (as {@code eximstats args...}). */
    public static Run eximstats(Path cwd, String... args) {
        return perl(cwd, "eximstats", args);
    }

    /** exigrep over the given arguments. */
    public static Run exigrep(Path cwd, String... args) {
        return perl(cwd, "exigrep", args);
    }

    private static Run perl(Path cwd, String script, String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "perl";
        command[1] = tools.resolve(script).toString();
        System.arraycopy(args, 0, command, 2, args.length);
        return run(cwd, 60, command);
    }

    private static String fetch(Path target, Path root) throws IOException {
        if (Files.isRegularFile(root.resolve("usr/sbin/eximstats"))) {
            return null;
        }
        Path debs = target.resolve("exim4-base-deb");
        Files.createDirectories(debs);
        Run download = run(debs, 120, "apt-get", "download", "exim4-base");
        if (!download.ok()) {
            return "cannot fetch Debian's exim4-base with 'apt-get download exim4-base' (no apt, no network"
                    + " or no package lists): " + download.output().strip();
        }
        Path deb;
        try (Stream<Path> files = Files.list(debs)) {
            deb = files.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst().orElse(null);
        }
        if (deb == null) {
            return "apt-get download gave no .deb";
        }
        Run unpack = run(target, 120, "dpkg", "-x", deb.toString(), root.toString());
        return unpack.ok() ? null : "dpkg -x failed: " + unpack.output().strip();
    }

    /** The rows of one "Top 50 ..." table: last column to first. */
    public static Map<String, Integer> table(String out, String title) {
        Map<String, Integer> rows = new LinkedHashMap<>();
        List<String> lines = out.lines().toList();
        int i = lines.indexOf(title);
        assertTrue(i >= 0, title + " missing from\n" + out);
        for (i += 3; i < lines.size() && !lines.get(i).isBlank(); i++) {
            String[] cols = lines.get(i).trim().split("\\s+");
            rows.put(cols[cols.length - 1], Integer.parseInt(cols[0]));
        }
        return rows;
    }

    public record Run(boolean ok, String output) {
    }

    public static Run run(Path cwd, int seconds, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            boolean finished = p.waitFor(seconds, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly();
                return new Run(false, "timed out: " + String.join(" ", command));
            }
            return new Run(p.exitValue() == 0, new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Run(false, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(false, e.toString());
        }
    }
}
