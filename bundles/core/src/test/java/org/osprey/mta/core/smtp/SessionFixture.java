package org.osprey.mta.core.smtp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.osprey.mta.core.acl.AclEngine;
import org.osprey.mta.core.config.ConfigLoader;
import org.osprey.mta.core.config.ConfigOption;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.expand.ExpansionEnvironment;
import org.osprey.mta.core.expand.Settings;
import org.osprey.mta.core.log.LogConfig;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.core.spool.MessageIdGenerator;
import org.osprey.mta.core.spool.Spool;

/** A scratch spool and logs, a configuration, and sessions run over piped streams. */
final class SessionFixture {
    static final Instant NOW = Instant.parse("2026-11-22T02:31:00.213322Z");
    static final ClientConnection CLIENT = new ClientConnection(new InetSocketAddress("10.0.0.1", 2525),
            new InetSocketAddress("10.0.0.2", 25), false, null, null, false, false);

    final Path dir;
    final Configuration config;
    final Clock clock;
    final LogWriter log;
    final ExpansionEnvironment environment;
    final List<MessageId> accepted = new ArrayList<>();
    final List<Boolean> queueOnly = new ArrayList<>();
    final List<String> queueRuns = new ArrayList<>();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    SessionFixture(Path dir, String extraConfig) throws Exception {
        this.dir = dir;
        this.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Files.createDirectories(dir.resolve("spool"));
        Files.createDirectories(dir.resolve("log"));
        String text = "spool_directory = " + dir.resolve("spool") + "\n"
                + "log_file_path = " + dir.resolve("log") + "/%slog\n"
                + "primary_hostname = mx.test.example\n" + extraConfig + "begin routers\nbegin transports\n";
        Path file = Files.write(dir.resolve("configure"), text.getBytes(StandardCharsets.ISO_8859_1));
        this.config = ConfigLoader.load(file, Map.of(), (kind, name) -> Optional.empty());
        this.log = new LogWriter(LogConfig.from(config, UnaryOperator.identity()), clock, 4242,
                new PrintStream(stderr, true, StandardCharsets.UTF_8), null);
        this.environment = new ExpansionEnvironment() {
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
    }

    SmtpService.Builder service(AclEngine acl) {
        return SmtpService.builder(config, log, environment, new MessageIdGenerator(clock, 4242, -1))
                .spool(new Spool(dir.resolve("spool"), false))
                .acl(acl)
                .originator(new SmtpService.Originator("mta", 999, 999))
                .accepted((id, only) -> {
                    accepted.add(id);
                    queueOnly.add(only);
                })
                .queueRuns((selector, finished) -> queueRuns.add(selector));
    }

    /** Runs a remote session over streams; returns what the client received. */
    String remote(AclEngine acl, String input) {
        return run(SmtpSession.overStreams(service(acl).build(), in(input), sink, CLIENT));
    }

    private ByteArrayOutputStream sink = new ByteArrayOutputStream();

    String run(SmtpSession s) {
        sink.reset();
        s.run();
        return sink.toString(StandardCharsets.ISO_8859_1);
    }

    ByteArrayOutputStream sink() {
        return sink;
    }

    static ByteArrayInputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    String mainlog() {
        return read("log/mainlog");
    }

    String rejectlog() {
        return read("log/rejectlog");
    }

    String read(String name) {
        Path p = dir.resolve(name);
        try {
            return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spool's input files, name → content. */
    List<String> spoolNames() {
        Path input = dir.resolve("spool/input");
        if (!Files.isDirectory(input)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(input)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String spoolFile(String name) {
        return read("spool/input/" + name);
    }

    /** Replaces message ids and dates as the recorder does. */
    static String normalise(String s) {
        String b = s.replaceAll("[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}", "ID");
        b = b.replaceAll("[A-Z][a-z]{2}, \\d\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d [-+]\\d{4}", "DATE");
        b = b.replaceAll("(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d ", "");
        b = b.replaceAll("(?m)^\\d{9,10} 0$", "TIME 0");
        b = b.replaceAll("-received_time_usec \\.\\d{6}", "-received_time_usec .USEC");
        b = b.replaceAll("-received_time_complete \\d+\\.\\d{6}", "-received_time_complete TIME.USEC");
        return b;
    }
}
