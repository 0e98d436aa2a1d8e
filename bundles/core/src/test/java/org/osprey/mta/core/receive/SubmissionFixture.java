package org.osprey.mta.core.receive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.osprey.mta.core.config.ConfigLoader;
import org.osprey.mta.core.config.ConfigOption;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.expand.ExpansionEnvironment;
import org.osprey.mta.core.expand.Settings;
import org.osprey.mta.core.log.LogConfig;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.spool.MessageIdGenerator;
import org.osprey.mta.core.spool.Spool;

/**
 * A scratch spool and log directory with a configuration like the one record-cases.py gives
 * Exim, a fixed clock, and what a submission leaves there, read back and normalised as the
 * recorder normalises Exim's output.
 */
final class SubmissionFixture {
    /** The base configuration of the recorded cases (record-cases.py's BASE). */
    static final String BASE = "qualify_domain = qd.example\nqueue_only\n";
    static final Instant NOW = Instant.parse("2026-11-22T01:34:00.123456Z");
    /** The user error messages come from, as in the reference installation. */
    static final Submitter EXIM_USER = Submitter.of("Debian-exim", 999, 995, "");

    final Path dir;
    final Configuration config;
    final Clock clock;
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final LocalSubmission submission;
    private final LogWriter log;

    SubmissionFixture(Path dir, String extraConfig) throws Exception {
        this(dir, extraConfig, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    SubmissionFixture(Path dir, String extraConfig, Clock clock) throws Exception {
        this.dir = dir;
        this.clock = clock;
        Files.createDirectories(dir.resolve("spool"));
        Files.createDirectories(dir.resolve("log"));
        String text = "spool_directory = " + dir.resolve("spool") + "\n"
                + "log_file_path = " + dir.resolve("log") + "/%slog\n"
                + "primary_hostname = test.example\n" + BASE + extraConfig + "begin routers\nbegin transports\n";
        Path file = Files.write(dir.resolve("configure"), text.getBytes(StandardCharsets.ISO_8859_1));
        this.config = ConfigLoader.load(file, java.util.Map.of(), (kind, name) -> Optional.empty());
        this.log = new LogWriter(LogConfig.from(config, UnaryOperator.identity()), clock, 4242,
                new PrintStream(stderr, true, StandardCharsets.UTF_8), null);
        ExpansionEnvironment environment = new ExpansionEnvironment() {
            @Override
            public Settings settings() {
                return name -> MainOptions.TABLE.find(name).map(o -> config.get((ConfigOption<?>) o))
                        .map(String::valueOf);
            }

            @Override
            public Clock clock() {
                return clock;
            }
        };
        this.submission = new LocalSubmission(config, new Spool(dir.resolve("spool"), false), log, environment,
                new MessageIdGenerator(clock, 4242, -1), EXIM_USER);
    }

    /** The caller for a recorded case's user. */
    static Submitter user(String name) {
        return switch (name) {
            case "root" -> Submitter.of("root", 0, 0, "root");
            case "nobody" -> Submitter.of("nobody", 65534, 65534, "nobody");
            case "cloudsdk" -> Submitter.of("cloudsdk", 1000, 1000, "");
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** A command line (after -odq) read as Exim reads the options reception needs. */
    static SubmissionOptions options(List<String> args) {
        SubmissionOptions o = SubmissionOptions.of(List.of());
        int i = 0;
        for (; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("-")) {
                break;
            }
            Optional<ErrorMode> mode = ErrorMode.forOption(a);
            if (mode.isPresent()) {
                o = o.withErrorMode(mode.get());
                continue;
            }
            switch (a) {
                case "-t" -> o = o.extractingRecipients();
                case "-ti" -> o = o.extractingRecipients().ignoringDots();
                case "-i", "-oi" -> o = o.ignoringDots();
                case "-odq" -> {
                }
                case "-f" -> o = o.withSender(args.get(++i));
                case "-F" -> o = o.withFullName(args.get(++i));
                default -> {
                    if (a.startsWith("-f")) {
                        o = o.withSender(a.substring(2));
                    } else if (a.startsWith("-F")) {
                        o = o.withFullName(a.substring(2));
                    } else {
                        throw new IllegalArgumentException("option " + a);
                    }
                }
            }
        }
        return new SubmissionOptions(o.sender(), o.fullName(), o.extractRecipients(), o.dotEnds(), o.errorMode(),
                args.subList(i, args.size()));
    }

    /** What a submission did: exit code, standard error, spool files, logs (all byte strings). */
    record Outcome(int exitCode, String stderr, List<String> spool, String mainlog, String rejectlog,
            String paniclog, String msglog, SubmissionResult result) {
    }

    Outcome submit(Submitter caller, SubmissionOptions options, String stdin) {
        int rc = 0;
        String err = "";
        SubmissionResult result = null;
        try {
            result = submission.submit(caller, options,
                    new ByteArrayInputStream(stdin.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (SubmissionException e) {
            rc = e.exitCode();
            err = e.stderrText();
        }
        String stderrBytes = stderr.toString(StandardCharsets.ISO_8859_1)
                + new String(err.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        return new Outcome(rc, stderrBytes, spoolFiles(), read("log/mainlog"), read("log/rejectlog"),
                read("log/paniclog"), msglogs(), result);
    }

    private List<String> spoolFiles() {
        List<String> out = new ArrayList<>();
        Path input = dir.resolve("spool/input");
        if (!Files.isDirectory(input)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(input)) {
            files.filter(Files::isRegularFile).sorted((a, b) -> a.getFileName().toString()
                    .compareTo(b.getFileName().toString())).forEach(p -> out.add(bytes(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The names of the files in spool/input (temporary files included), sorted. */
    List<String> spoolNames() {
        List<String> out = new ArrayList<>();
        Path input = dir.resolve("spool/input");
        if (!Files.isDirectory(input)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(input)) {
            files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private String msglogs() {
        Path msglog = dir.resolve("spool/msglog");
        if (!Files.isDirectory(msglog)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.walk(msglog)) {
            files.filter(Files::isRegularFile).sorted().forEach(p -> sb.append(bytes(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    private String read(String name) {
        Path p = dir.resolve(name);
        return Files.exists(p) ? bytes(p) : "";
    }

    private static String bytes(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** record-cases.py's normalise: message ids, times, dates, log time stamps, Exim's name. */
    static String normalise(String s) {
        String b = s.replaceAll("[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}", "ID");
        b = b.replaceAll("(?m)^\\d{9,10} (\\d+)$", "TIME $1");
        b = b.replaceAll("-received_time_usec \\.\\d{6}", "-received_time_usec .USEC");
        b = b.replaceAll("-received_time_complete \\d+\\.\\d{6}", "-received_time_complete TIME.USEC");
        b = b.replaceAll("-frozen \\d+", "-frozen TIME");
        b = b.replaceAll("[A-Z][a-z]{2}, \\d\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d [-+]\\d{4}", "DATE");
        b = b.replaceAll("(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d ", "STAMP ");
        b = b.replaceAll("(?m)^exim: ", "osprey: ");
        return b;
    }
}
