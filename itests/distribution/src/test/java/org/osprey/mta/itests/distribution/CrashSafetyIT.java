package org.osprey.mta.itests.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety, proven on the distribution: mail is submitted continuously with
 * {@code bin/mta} (each message delivered by a background process, as {@code -odb} does)
 * while a queue-running daemon runs; at a random moment every process of this MTA is
 * killed with SIGKILL (receivers, background deliveries, the daemon), the MTA is started
 * again and the queue run. At the end every message that got its exit status 0 (the
 * command line's "250") must have reached every recipient's maildir at least once, and the
 * only repeated deliveries allowed are those that were in flight at a kill: at most one
 * per delivering process killed, for local deliveries run one at a time.
 */
class CrashSafetyIT {
    private static final int CYCLES = Integer.getInteger("osprey.crash.cycles", 20);
    private static final List<String> RECIPIENTS = List.of("alice", "bob", "carol");
    private static final Pattern SERIAL = Pattern.compile("^X-Serial: (\\d+)$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    private final Path home = home();
    private final Random random = new Random(Long.getLong("osprey.crash.seed", System.nanoTime()));
    private Path configure;

    @Test
    void everyAcceptedMessageIsDeliveredAndOnlyInFlightOnesTwice() throws Exception {
        configure = dir.resolve("configure");
        Files.writeString(configure, """
                primary_hostname = mail.example
                qualify_domain = mail.example
                spool_directory = DIR/spool
                log_file_path = DIR/log/%slog

                begin routers
                local:
                  driver = accept
                  transport = maildir

                begin transports
                maildir:
                  driver = appendfile
                  directory = DIR/mail/$local_part
                  maildir_format
                """.replace("DIR", dir.toString()));
        Files.createDirectories(dir.resolve("log"));

        Set<Integer> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger serial = new AtomicInteger();
        int deliverersKilled = 0;
        int receiversKilled = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            Process daemon = mta("-q1s");
            AtomicBoolean stop = new AtomicBoolean();
            Thread sender = new Thread(() -> submitUntil(stop, serial, accepted), "sender-" + cycle);
            int before = accepted.size();
            sender.start();
            // Once this cycle has had a message accepted, the kill comes at a random moment.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (accepted.size() == before && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(random.nextInt(1500));
            // The crash: every process of this MTA at once, mid-reception and mid-delivery.
            List<ProcessHandle> victims = ourProcesses();
            for (ProcessHandle p : victims) {
                String line = p.info().commandLine().orElse("");
                if (line.contains(" -Mc ") || line.contains(" -q1s")) {
                    deliverersKilled++;
                } else {
                    receiversKilled++;
                }
                kill(p);
            }
            stop.set(true);
            sender.join(30_000);
            daemon.waitFor(10, TimeUnit.SECONDS);
            waitForNone();
            // Restart and run the queue, as an administrator would after a crash.
            assertEquals(0, runToEnd("-q"), "queue run after cycle " + cycle);
        }
        assertEquals(0, runToEnd("-qff"));
        keepLogs();

        Map<Integer, Map<String, Integer>> delivered = delivered();
        List<String> missing = new ArrayList<>();
        for (int s : accepted) {
            for (String r : RECIPIENTS) {
                if (delivered.getOrDefault(s, Map.of()).getOrDefault(r, 0) == 0) {
                    missing.add(s + " to " + r);
                }
            }
        }
        assertTrue(missing.isEmpty(), "accepted but never delivered: " + missing + "\n" + mainlog());
        int repeats = 0;
        for (Map<String, Integer> perRecipient : delivered.values()) {
            for (int n : perRecipient.values()) {
                repeats += n - 1;
            }
        }
        System.out.printf("crash test: %d cycles, %d messages accepted, %d receivers and %d deliverers killed,"
                + " %d deliveries repeated%n", CYCLES, accepted.size(), receiversKilled, deliverersKilled, repeats);
        assertTrue(accepted.size() >= CYCLES, "mail kept flowing: " + accepted.size() + " accepted");
        // The processes are found by their command line; a crash that killed nothing proved nothing.
        assertTrue(receiversKilled + deliverersKilled >= CYCLES, receiversKilled + " receivers and "
                + deliverersKilled + " deliverers killed in " + CYCLES + " cycles");
        assertTrue(repeats <= deliverersKilled, repeats + " repeated deliveries, but only " + deliverersKilled
                + " delivering processes were killed");
        Path input = dir.resolve("spool/input");
        try (Stream<Path> left = Files.list(input)) {
            assertEquals(List.of(), left.filter(p -> p.toString().endsWith("-H")).toList(), "queue empty at the end");
        }
        assertTrue(!Files.exists(dir.resolve("log/paniclog")), () -> read(dir.resolve("log/paniclog")));
    }

    /** The logs, kept under target/ for whoever has to read why a run failed. */
    private void keepLogs() throws IOException {
        Path kept = Path.of(System.getProperty("basedir", ".")).resolve("target/crash-test-logs");
        Files.createDirectories(kept);
        try (Stream<Path> old = Files.list(kept)) {
            for (Path f : old.toList()) {
                Files.delete(f);
            }
        }
        try (Stream<Path> logs = Files.list(dir.resolve("log"))) {
            for (Path log : logs.toList()) {
                Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Submits messages one after another until told to stop; records those that exit 0. */
    private void submitUntil(AtomicBoolean stop, AtomicInteger serial, Set<Integer> accepted) {
        while (!stop.get()) {
            int n = serial.incrementAndGet();
            try {
                Path message = dir.resolve("message-" + n);
                Files.writeString(message, "From: sender@mail.example\nSubject: crash test " + n + "\nX-Serial: " + n
                        + "\n\n" + ("Line of the body of message " + n + "\n").repeat(50));
                List<String> command = new ArrayList<>(List.of(home.resolve("bin/mta").toString(), "-C",
                        configure.toString(), "-odb", "-f", "sender@mail.example"));
                RECIPIENTS.forEach(r -> command.add(r + "@mail.example"));
                Process p = new ProcessBuilder(command).redirectInput(message.toFile())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(dir.resolve("sender-" + n + ".err").toFile()).start();
                if (p.waitFor() == 0) {
                    accepted.add(n);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Process mta(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/mta").toString(), "-C", configure.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("daemon.err").toFile())).start();
    }

    private int runToEnd(String... args) throws IOException, InterruptedException {
        Process p = mta(args);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("queue run still going after 300 s");
        }
        // Background deliveries started by earlier submissions may still be finishing.
        waitForNone();
        return p.exitValue();
    }

    /** The JVMs of this MTA: every process whose command line names this test's configuration. */
    private List<ProcessHandle> ourProcesses() {
        String marker = configure.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker) && c.contains("java")).orElse(false))
                .toList();
    }

    private static void kill(ProcessHandle p) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-KILL", Long.toString(p.pid())).start().waitFor();
    }

    private void waitForNone() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!ourProcesses().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** For each serial, how many times each recipient's maildir has it. */
    private Map<Integer, Map<String, Integer>> delivered() throws IOException {
        Map<Integer, Map<String, Integer>> out = new HashMap<>();
        for (String r : RECIPIENTS) {
            Path maildir = dir.resolve("mail").resolve(r).resolve("new");
            if (!Files.isDirectory(maildir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(maildir)) {
                for (Path f : files.toList()) {
                    Matcher m = SERIAL.matcher(read(f));
                    assertTrue(m.find(), "a delivered file without its serial: " + f);
                    out.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new HashMap<>()).merge(r, 1, Integer::sum);
                }
            }
        }
        return out;
    }

    private String mainlog() {
        Path f = dir.resolve("log/mainlog");
        return Files.exists(f) ? read(f) : "(no mainlog)";
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static Path home() {
        try {
            return Path.of(System.getProperty("osprey.assembly.dir")).toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("no unpacked distribution; build karaf-assembly first", e);
        }
    }
}
