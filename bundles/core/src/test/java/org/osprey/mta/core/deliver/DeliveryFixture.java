package org.osprey.mta.core.deliver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.osprey.mta.core.bounce.BounceSettings;
import org.osprey.mta.core.config.ConfigException;
import org.osprey.mta.core.config.ConfigLoader;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.DriverTables;
import org.osprey.mta.core.dns.DnsClient;
import org.osprey.mta.core.log.LogConfig;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.lookup.SearchLayer;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.registry.DriverService;
import org.osprey.mta.core.route.Passwd;
import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.HeaderLine;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.core.spool.MessageIdGenerator;
import org.osprey.mta.core.spool.Spool;
import org.osprey.mta.core.hints.MemoryHintsStore;
import org.osprey.mta.core.testing.TestRouters;
import org.osprey.mta.kernel.router.RouterDriver;
import org.osprey.mta.transport.appendfile.AppendfileTransportDriver;

/**
 * A delivery engine over a temporary spool, with the test routers, the recording
 * transports ({@code testlocal}, {@code testremote}), hints in memory and a clock the test
 * moves. The configuration is Exim text; {@code DIR} in it is the temporary directory.
 */
final class DeliveryFixture implements AutoCloseable {
    static final Passwd NO_USERS = new Passwd() {
        @Override
        public Optional<Entry> user(String name) {
            return Optional.empty();
        }

        @Override
        public OptionalLong groupId(String name) {
            return OptionalLong.empty();
        }
    };

    final Path dir;
    final RecordingTransports transports = new RecordingTransports();
    final DriverRegistry registry = new DriverRegistry();
    final Configuration config;
    final Spool spool;
    final MemoryHintsStore hints;
    final LogWriter log;
    final DeliveryEngine engine;
    /** The clock starts at the real time, which reception (on the system clock) also stamps messages with. */
    private long now = System.currentTimeMillis() / 1000;
    private int serial;

    DeliveryFixture(Path dir, String configuration) throws ConfigException, IOException {
        this(dir, configuration, null, new TestRouters.RedirectDriver());
    }

    /** With the routers' hosts found through {@code dns} (and the "mxlookup" router driver). */
    DeliveryFixture(Path dir, String configuration, DnsClient dns) throws ConfigException, IOException {
        this(dir, configuration, dns, new TestRouters.RedirectDriver());
    }

    /** With this driver as "redirect" (the real one, for the redirect router's options). */
    DeliveryFixture(Path dir, String configuration, RouterDriver redirect) throws ConfigException, IOException {
        this(dir, configuration, null, redirect);
    }

    /** With these users for check_local_user and the transports' user options. */
    DeliveryFixture(Path dir, String configuration, Passwd passwd) throws ConfigException, IOException {
        this(dir, configuration, null, new TestRouters.RedirectDriver(), passwd);
    }

    private DeliveryFixture(Path dir, String configuration, DnsClient dns, RouterDriver redirect)
            throws ConfigException, IOException {
        this(dir, configuration, dns, redirect, NO_USERS);
    }

    private DeliveryFixture(Path dir, String configuration, DnsClient dns, RouterDriver redirect, Passwd passwd)
            throws ConfigException, IOException {
        this.dir = dir;
        long id = 1;
        registry.add(new DriverService(DriverKind.ROUTER, "accept", new TestRouters.AcceptDriver(), 0, id++, "t"));
        registry.add(new DriverService(DriverKind.ROUTER, "redirect", redirect, 0, id++, "t"));
        registry.add(new DriverService(DriverKind.ROUTER, "script", new TestRouters.ScriptDriver(), 0, id++, "t"));
        registry.add(new DriverService(DriverKind.ROUTER, "mxlookup", new TestRouters.MxLookupDriver(), 0, id++, "t"));
        registry.add(new DriverService(DriverKind.TRANSPORT, "testlocal", transports.local(), 0, id++, "t"));
        registry.add(new DriverService(DriverKind.TRANSPORT, "testremote", transports.remote(), 0, id++, "t"));
        registry.add(new DriverService(DriverKind.TRANSPORT, "appendfile", new AppendfileTransportDriver(), 0, id++,
                "t"));
        registry.add(new DriverService(DriverKind.AUTHENTICATOR, "plaintext",
                new org.osprey.mta.auth.plaintext.PlaintextAuthenticatorDriver(), 0, id++, "t"));
        Path file = dir.resolve("configure");
        Files.writeString(file, "spool_directory = " + dir.resolve("spool") + "\n"
                + "log_file_path = " + dir.resolve("log") + "/%slog\n"
                + "primary_hostname = host.example\n"
                + configuration.replace("DIR", dir.toString()), StandardCharsets.ISO_8859_1);
        Files.createDirectories(dir.resolve("log"));
        config = new ConfigLoader(DriverTables.of(registry)).hostName(() -> "host.example").load(file, Map.of());
        registry.configure(config.toInstanceDefinitions());
        spool = Spool.of(config);
        spool.create();
        hints = new MemoryHintsStore(() -> now);
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochSecond(now);
            }
        };
        log = new LogWriter(LogConfig.from(config, t -> t).withZone(ZoneOffset.UTC, true, false), clock, 4242,
                System.err, null);
        engine = new DeliveryEngine(config, registry, new ConfiguredExpansion(config, new SearchLayer(registry)),
                passwd, spool, log, create -> hints, clock,
                BounceSettings.defaults("host.example", "host.example"), new MessageIdGenerator(clock, 4242, 0), dns);
    }

    void advance(long seconds) {
        now += seconds;
    }

    long now() {
        return now;
    }

    /** Puts a message on the spool as reception would: from {@code sender} to the recipients. */
    MessageId submit(String sender, String... recipients) throws IOException {
        return submit(sender, id -> List.of("Received: from tester by host.example\n",
                "From: " + (sender.isEmpty() ? "MAILER-DAEMON@host.example" : sender) + "\n",
                "To: " + String.join(", ", recipients) + "\n", "Subject: test " + id + "\n"), recipients);
    }

    /** As {@link #submit(String, String...)}, with these headers (each ending in a newline). */
    MessageId submit(String sender, List<String> headers, String... recipients) throws IOException {
        return submit(sender, id -> headers, recipients);
    }

    private MessageId submit(String sender, Function<MessageId, List<String>> headers, String... recipients)
            throws IOException {
        return submit(sender, headers, id -> "Body of " + id + "\n", recipients);
    }

    /** As {@link #submit(String, List, String...)}, with this body. */
    MessageId submitBody(String sender, List<String> headers, String body, String... recipients) throws IOException {
        return submit(sender, id -> headers, id -> body, recipients);
    }

    private MessageId submit(String sender, Function<MessageId, List<String>> headers,
            Function<MessageId, String> body, String... recipients) throws IOException {
        MessageId id = new MessageIdGenerator(Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC), 1000 + serial++,
                0).next();
        HeaderFile.Builder b = HeaderFile.builder(id).originator("tester", 1000, 1000).sender(sender)
                .receivedTime(now).flag("deliver_firsttime").variable("received_protocol", "local");
        for (String r : recipients) {
            b.recipient(r);
        }
        for (String h : headers.apply(id)) {
            b.header(HeaderLine.typed(h));
        }
        spool.store(b.build(), new ByteArrayInputStream(body.apply(id).getBytes(StandardCharsets.ISO_8859_1)));
        return id;
    }

    String mainlog() {
        Path f = dir.resolve("log").resolve("mainlog");
        return Files.exists(f) ? RecordingTransports.read(f) : "";
    }

    /** The main log's lines without their time stamps. */
    List<String> mainlogLines() {
        return mainlog().lines().map(l -> l.substring(20)).toList();
    }

    boolean onQueue(MessageId id) {
        return Files.exists(spool.headerFile(id));
    }

    HeaderFile header(MessageId id) {
        try {
            return spool.read(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        engine.close();
        try {
            log.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
