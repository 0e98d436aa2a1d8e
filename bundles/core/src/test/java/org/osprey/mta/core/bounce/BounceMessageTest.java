package org.osprey.mta.core.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.config.ConfigLoader;
import org.osprey.mta.core.config.ConfigOption;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.expand.ExpansionEnvironment;
import org.osprey.mta.core.expand.Settings;
import org.osprey.mta.core.log.LogConfig;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.receive.LocalSubmission;
import org.osprey.mta.core.receive.Submitter;
import org.osprey.mta.core.spool.DataFile;
import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.HeaderLine;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.core.spool.MessageIdGenerator;
import org.osprey.mta.core.spool.Recipient;
import org.osprey.mta.core.spool.Spool;
import org.osprey.mta.kernel.expand.Expander;

/**
 * Bounces and warnings against what Exim 4.96 wrote for the same messages
 * ({@code src/test/resources/bounce/<case>/orig} are the messages Exim received,
 * {@code out} the bounce or warning its queue run stored), and parsed back with mime4j. Each
 * bounce or warning is what the engine really spools: its submission text taken by the
 * engine's local reception ({@link LocalSubmission#submitFromMta}, as
 * {@code ChildSubmission} hands it over), read back from the -H and -D files.
 */
class BounceMessageTest {

    @TempDir
    Path dir;

    /** The expander of a configuration with no expansion in these options. */
    static final Expander PLAIN = new Expander() {
        @Override
        public String expand(String template) {
            return template;
        }

        @Override
        public Expander with(Map<String, String> variables) {
            return this;
        }
    };

    static final BounceSettings SETTINGS = BounceSettings.defaults("mta.test.example", "test.example")
            .withOriginator("Debian-exim", 999, 995);

    /** A time for the cases with no recording. */
    static final Instant NOW = Instant.ofEpochSecond(1795309563L);

    /** Process numbers for the ids of the cases with no recording, one each. */
    private int process = 4242;

    private Spool spoolWith(String kase) throws IOException {
        Spool spool = new Spool(dir.resolve("spool"), false);
        spool.create();
        Path from = Path.of("src/test/resources/bounce", kase, "orig");
        try (var files = Files.list(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.copy(p, spool.directory().resolve("input").resolve(p.getFileName()));
            }
        }
        return spool;
    }

    /** A spooled message: the -H file's text and as read, the -D file's text, and its body. */
    private record Spooled(String headerFile, HeaderFile header, String dataFile, byte[] body) {
        /** The whole message as it would be transmitted: headers (deleted ones left out), blank line, body. */
        byte[] toBytes() {
            StringBuilder sb = new StringBuilder();
            header.headers().stream().filter(h -> !h.deleted()).forEach(h -> sb.append(h.text()));
            byte[] head = sb.append('\n').toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            return all;
        }

        String text() {
            return new String(toBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static Spooled spooled(Spool spool, MessageId id) throws IOException {
        HeaderFile h = spool.read(id);
        try (InputStream in = DataFile.openBody(spool.dataFile(id), id)) {
            return new Spooled(Files.readString(spool.headerFile(id), StandardCharsets.ISO_8859_1), h,
                    Files.readString(spool.dataFile(id), StandardCharsets.ISO_8859_1), in.readAllBytes());
        }
    }

    private Spooled recorded(String kase, String id) throws IOException {
        Path out = Path.of("src/test/resources/bounce", kase, "out");
        Spool view = new Spool(dir.resolve("view-" + kase), false);
        view.create();
        for (String suffix : List.of("-H", "-D")) {
            Files.copy(out.resolve(id + suffix), view.directory().resolve("input").resolve(id + suffix));
        }
        return spooled(view, MessageId.parse(id));
    }

    /**
     * The engine's local reception of {@code text} as the MTA's user (Exim's user of the
     * recordings) referring to {@code reference}, on {@code spool}, at {@code at}, with an
     * id generator for process {@code pid}: what ChildSubmission hands a bounce or warning
     * to, as DeliveryEngine.submission makes it (no ACL is configured here).
     */
    private Spooled receive(Spool spool, byte[] text, MessageId reference, Instant at, long pid) throws Exception {
        Path file = dir.resolve("configure");
        Files.writeString(file, "spool_directory = " + spool.directory() + "\n"
                + "log_file_path = " + dir.resolve("log") + "/%slog\n"
                + "primary_hostname = mta.test.example\nqualify_domain = test.example\n"
                + "begin routers\nbegin transports\n", StandardCharsets.ISO_8859_1);
        Files.createDirectories(dir.resolve("log"));
        Configuration config = ConfigLoader.load(file, Map.of(), (kind, name) -> Optional.empty());
        Clock clock = Clock.fixed(at, ZoneOffset.UTC);
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
        try (LogWriter log = new LogWriter(LogConfig.from(config, UnaryOperator.identity()), clock, 4242,
                System.err, null)) {
            LocalSubmission reception = new LocalSubmission(config, spool, log, environment,
                    new MessageIdGenerator(clock, pid, -1), Submitter.of(SETTINGS.originatorLogin(),
                            SETTINGS.originatorUid(), SETTINGS.originatorGid(), ""));
            MessageId id = reception.submitFromMta(new ByteArrayInputStream(text), reference);
            return spooled(spool, id);
        }
    }

    /** As {@link #receive(Spool, byte[], MessageId, Instant, long)}, at {@link #NOW} with an id of its own. */
    private Spooled receive(Spool spool, byte[] text, MessageId reference) throws Exception {
        return receive(spool, text, reference, NOW, process++);
    }

    /**
     * Where Exim's message was received: its time (with the microseconds of its -H file), for
     * the Received: and Date: headers and, with its process number, the same id.
     */
    private static Instant receivedAt(Spooled exim) {
        String usec = exim.header().value("received_time_usec").orElseThrow().trim();
        return Instant.ofEpochSecond(exim.header().receivedTime(), Long.parseLong(usec.substring(1)) * 1000);
    }

    /** The random draw in Exim's boundary ({@code <time>-eximdsn-<draw>}), to draw the same. */
    private static RandomGenerator eximsDraw(Spooled exim) {
        String boundary = boundaryOf(exim.header());
        int draw = Integer.parseInt(boundary.substring(boundary.indexOf("-eximdsn-") + 9));
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int nextInt(int bound) {
                return draw;
            }
        };
    }

    /**
     * The -H file without what has to differ: the time reception ended
     * ({@code received_time_complete}), and what Exim's queue run changed after it took the
     * message: deliver.c clears {@code -deliver_firsttime} after a first attempt, and that
     * attempt froze the recorded bounces and warning (their configuration has no route to
     * their recipient, and a bounce that fails is frozen). Every other line, the -ident,
     * -localerror, -body_linecount and -max_received_linelength variables and the headers
     * with their types and lengths among them, must be Exim's.
     */
    private static String normalised(String headerFile) {
        return headerFile.replaceAll("(?m)^-received_time_complete .*\n", "")
                .replaceAll("(?m)^-deliver_firsttime\n", "")
                .replaceAll("(?m)^-frozen \\d+\n", "");
    }

    private static void assertSameAsExim(Spooled expected, Spooled actual) {
        assertEquals(normalised(expected.headerFile()), normalised(actual.headerFile()));
        assertEquals(expected.dataFile(), actual.dataFile());
        // The normalising left out no more than it should.
        assertTrue(actual.headerFile().contains("\n-deliver_firsttime\n"), actual.headerFile());
        assertTrue(expected.headerFile().contains("\n-frozen "), expected.headerFile());
        assertEquals("", actual.header().sender());
        assertEquals(expected.header().recipients(), actual.header().recipients());
        assertEquals(expected.header().value("body_linecount"), actual.header().value("body_linecount"));
    }

    private static String boundaryOf(HeaderFile h) {
        for (HeaderLine l : h.headers()) {
            int at = l.text().indexOf("boundary=");
            if (at >= 0) {
                return l.text().substring(at + 9).trim();
            }
        }
        throw new AssertionError("no boundary");
    }

    private static String masked(String text, String boundary) {
        return text.replace(boundary, "BOUNDARY");
    }

    private static String bodyOf(Spooled m) {
        return masked(new String(m.body(), StandardCharsets.ISO_8859_1), boundaryOf(m.header()));
    }

    private static List<ReportedAddress> failed(HeaderFile original, String error, String... addresses) {
        List<ReportedAddress> out = new ArrayList<>();
        for (String a : addresses) {
            Recipient r = original.recipients().stream().filter(x -> x.address().equals(a)).findFirst().orElseThrow();
            out.add(ReportedAddress.of(r, error));
        }
        return out;
    }

    /** A bounce of the recorded {@code originalId} as Exim made {@code exim}: same time, id and boundary. */
    private Spooled bounceAsExim(Spool spool, String originalId, BounceSettings settings, Spooled exim,
            List<ReportedAddress> failed) throws Exception {
        HeaderFile original = spool.read(MessageId.parse(originalId));
        Instant at = receivedAt(exim);
        byte[] text = BounceMessage.of(spool, original, settings, PLAIN).failed(failed).random(eximsDraw(exim))
                .submissionText(at);
        return receive(spool, text, original.id(), at, exim.header().id().processNumber());
    }

    private Spooled bounce(Spool spool, String originalId, BounceSettings settings, List<ReportedAddress> failed)
            throws Exception {
        HeaderFile original = spool.read(MessageId.parse(originalId));
        return receive(spool, BounceMessage.of(spool, original, settings, PLAIN).failed(failed).random(new Random(1))
                .submissionText(NOW), original.id());
    }

    @Test
    void fullBounceIsExims() throws Exception {
        Spool spool = spoolWith("hdrs");
        HeaderFile original = spool.read(MessageId.parse("1xUw1r-0002zT-29"));
        Spooled exim = recorded("hdrs", "1xUw1r-0002zi-2I");
        Spooled m = bounceAsExim(spool, "1xUw1r-0002zT-29", SETTINGS, exim,
                failed(original, "mailbox is full", "bad@test.example"));
        assertSameAsExim(exim, m);
    }

    @Test
    void retHdrsWithEnvidAndOrcptIsExims() throws Exception {
        Spool spool = spoolWith("hdrs");
        HeaderFile original = spool.read(MessageId.parse("1xUw1r-0002zT-28"));
        assertEquals("2", original.value("dsn_ret").orElseThrow());
        Spooled exim = recorded("hdrs", "1xUw1r-0002ze-2E");
        Spooled m = bounceAsExim(spool, "1xUw1r-0002zT-28", SETTINGS, exim,
                failed(original, "mailbox is full", "bad@test.example", "worse@test.example"));
        assertSameAsExim(exim, m);
    }

    @Test
    void sizeLimitReturnsHeadersOnlyAsExim() throws Exception {
        Spool spool = spoolWith("size");
        HeaderFile original = spool.read(MessageId.parse("1xUw1r-00030K-2T"));
        Spooled exim = recorded("size", "1xUw1r-00030c-2Z");
        BounceSettings limited = SETTINGS.withReturn(true, true, 200, 998);
        Spooled m = bounceAsExim(spool, "1xUw1r-00030K-2T", limited, exim,
                failed(original, "mailbox is full", "bad@test.example"));
        assertSameAsExim(exim, m);
        String text = new String(m.body(), StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("Content-type: text/rfc822-headers\n"));
        assertTrue(text.contains(DsnReport.LIMIT_HEADER));
        assertFalse(text.contains("body line 000"));
        // Under the (rounded-up) limit the body comes back.
        Spooled whole = bounce(spool, "1xUw1r-00030K-2T", SETTINGS.withReturn(true, true, 16384, 998),
                failed(original, "mailbox is full", "bad@test.example"));
        assertTrue(new String(whole.body(), StandardCharsets.ISO_8859_1).contains("body line 299"));
    }

    @Test
    void noBodyAndNoMessageOptions() throws Exception {
        Spool spool = spoolWith("hdrs");
        HeaderFile original = spool.read(MessageId.parse("1xUw1r-0002zT-29"));
        List<ReportedAddress> f = failed(original, "mailbox is full", "bad@test.example");
        String noBody = new String(bounce(spool, "1xUw1r-0002zT-29", SETTINGS.withReturn(true, false, 0, 998), f)
                .body(), StandardCharsets.ISO_8859_1);
        assertTrue(noBody.contains("Content-type: text/rfc822-headers\n"));
        assertFalse(noBody.contains("body a"));
        assertFalse(noBody.contains("X-Exim-DSN-Information"), "only added when RET=FULL was asked");
        Message none = parse(bounce(spool, "1xUw1r-0002zT-29", SETTINGS.withReturn(false, true, 0, 998), f));
        assertEquals(2, ((Multipart) none.getBody()).getCount());
    }

    /** The text part of a bounce, boundary masked. */
    private static String humanPart(Spooled m) {
        String body = bodyOf(m);
        int start = body.indexOf("This message was created");
        return body.substring(start, body.indexOf("--BOUNDARY", start));
    }

    @Test
    void returnedTextFollowsTheAddressesAsExims() throws Exception {
        Spool spool = spoolWith("hdrs");
        HeaderFile original = spool.read(MessageId.parse("1xUw1r-0002zT-29"));
        ReportedAddress bad = failed(original, null, "bad@test.example").get(0);
        Spooled m = receive(spool, BounceMessage.of(spool, original, SETTINGS, PLAIN)
                .failed(bad, "hello world\nsecond line\n999\n").random(new Random(1)).submissionText(NOW),
                original.id());
        // Exim 4.96 (exim-reference: a pipe transport with return_output whose command printed
        // three lines, its bounce delivered to a file).
        assertEquals("This message was created automatically by mail delivery software.\n\n"
                + "A message that you sent could not be delivered to one or more of its\n"
                + "recipients. This is a permanent error. The following address(es) failed:\n\n"
                + "  bad@test.example\n\n"
                + "The following text was generated during the delivery attempt:\n\n"
                + "------ bad@test.example ------\n\n"
                + "hello world\nsecond line\n999\n\n", humanPart(m));
    }

    @Test
    void aBatchSharesOneCopyOfItsTextAndOthersHaveTheirOwn() throws Exception {
        Spool spool = spoolWith("hdrs");
        HeaderFile original = spool.read(MessageId.parse("1xUw1r-0002zT-28"));
        List<ReportedAddress> f = failed(original, "local delivery failed", "bad@test.example", "worse@test.example");
        String shared = "out\n";
        String both = humanPart(receive(spool, BounceMessage.of(spool, original, SETTINGS, PLAIN)
                .failed(f.get(0), shared).failed(f.get(1), shared).random(new Random(1)).submissionText(NOW),
                original.id()));
        assertTrue(both.endsWith("  bad@test.example\n    local delivery failed\n"
                + "  worse@test.example\n    local delivery failed\n\n"
                + "The following text was generated during the delivery attempts:\n\n"
                + "------ bad@test.example ------\n------ worse@test.example ------\n\nout\n\n"), both);
        String apart = humanPart(receive(spool, BounceMessage.of(spool, original, SETTINGS, PLAIN)
                .failed(f.get(0), "one\n").failed(f.get(1), "two\n").random(new Random(1)).submissionText(NOW),
                original.id()));
        assertTrue(apart.endsWith("\n------ bad@test.example ------\n\none\n"
                + "\n------ worse@test.example ------\n\ntwo\n\n"), apart);
    }

    private static Message parse(Spooled m) throws IOException {
        return new DefaultMessageBuilder().parseMessage(new ByteArrayInputStream(m.toBytes()));
    }

    private static String content(Entity e) throws IOException {
        Body b = e.getBody();
        if (b instanceof SingleBody s) {
            try (InputStream in = s.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
        }
        throw new AssertionError("not a single body: " + b);
    }

    /** The groups of fields of a message/delivery-status body, parsed with mime4j. */
    private static List<Header> statusGroups(String text) throws IOException {
        List<Header> out = new ArrayList<>();
        for (String group : text.split("\n\n")) {
            if (!group.isBlank()) {
                out.add(new DefaultMessageBuilder().parseHeader(
                        new ByteArrayInputStream((group.strip() + "\n\n").getBytes(StandardCharsets.ISO_8859_1))));
            }
        }
        return out;
    }

    private static String field(Header h, String name) {
        return h.getField(name) == null ? null : h.getField(name).getBody();
    }

    @Test
    void structureParsesBackWithMime4j() throws Exception {
        Spool spool = spoolWith("hdrs");
        HeaderFile original = spool.read(MessageId.parse("1xUw1r-0002zT-28"));
        List<ReportedAddress> f = failed(original, "mailbox is full", "bad@test.example", "worse@test.example");
        f.set(1, f.get(1).withRemote(new RemoteHost("mx.far.example", "192.0.2.7"), "550 5.1.1 no such user"));
        Message msg = parse(bounce(spool, "1xUw1r-0002zT-28", SETTINGS, f));
        assertEquals("multipart/report", msg.getMimeType());
        assertTrue(msg.getHeader().getField("Content-Type").getBody().contains("report-type=delivery-status"));
        assertEquals("Mail delivery failed: returning message to sender", msg.getSubject());
        Multipart mp = (Multipart) msg.getBody();
        assertEquals("report", mp.getSubType());
        assertEquals(3, mp.getCount());
        assertEquals("text/plain", mp.getBodyParts().get(0).getMimeType());
        assertEquals("message/delivery-status", mp.getBodyParts().get(1).getMimeType());
        assertEquals("text/rfc822-headers", mp.getBodyParts().get(2).getMimeType());
        String human = content(mp.getBodyParts().get(0));
        assertTrue(human.contains("  worse@test.example\n    host mx.far.example [192.0.2.7]\n    mailbox is full\n"));
        List<Header> groups = statusGroups(content(mp.getBodyParts().get(1)));
        assertEquals(3, groups.size());
        assertEquals("dns; mta.test.example", field(groups.get(0), "Reporting-MTA"));
        assertEquals("env123", field(groups.get(0), "Original-Envelope-ID"));
        Header worse = groups.get(1);
        assertEquals("failed", field(worse, "Action"));
        assertEquals("rfc822;worse@test.example", field(worse, "Final-Recipient"));
        assertEquals("5.0.0", field(worse, "Status"));
        assertEquals("dns; mx.far.example", field(worse, "Remote-MTA"));
        assertEquals("smtp; 550 5.1.1 no such user", field(worse, "Diagnostic-Code"));
        Header bad = groups.get(2);
        assertEquals("rfc822;bad@orig.example", field(bad, "Original-Recipient"));
        assertEquals("rfc822;bad@test.example", field(bad, "Final-Recipient"));
        String copy = content(mp.getBodyParts().get(2));
        assertTrue(copy.startsWith("Return-path: <alice@sender.example>\n"));
        assertFalse(copy.contains("line one"));
    }

    @Test
    void fullCopyIsAMessageRfc822() throws Exception {
        Spool spool = spoolWith("hdrs");
        HeaderFile original = spool.read(MessageId.parse("1xUw1r-0002zT-29"));
        Message msg = parse(bounce(spool, "1xUw1r-0002zT-29", SETTINGS,
                failed(original, "mailbox is full", "bad@test.example")));
        Entity copy = ((Multipart) msg.getBody()).getBodyParts().get(2);
        assertEquals("message/rfc822", copy.getMimeType());
        Message inner = (Message) copy.getBody();
        assertEquals("full", inner.getSubject());
    }

    @Test
    void errorsToAndTemplates() throws Exception {
        Spool spool = spoolWith("hdrs");
        HeaderFile original = spool.read(MessageId.parse("1xUw1r-0002zT-29"));
        Path file = dir.resolve("bounce.tmpl");
        Files.writeString(file, "Subject: Your mail bounced\n****\nSorry, it failed.\n****\n****\n");
        BounceSettings s = SETTINGS.withTexts(file.toString(), null, null);
        ReportedAddress a = new ReportedAddress("bad@test.example", "list@test.example", null, "owner@test.example",
                "mailbox is full", null, null);
        Spooled m = receive(spool, BounceMessage.of(spool, original, s, PLAIN).failed(a).copyTo("copy@test.example")
                .submissionText(NOW), original.id());
        // The reception takes the recipients from To: and Bcc: (-t) and drops Bcc:.
        assertEquals(List.of(Recipient.of("owner@test.example"), Recipient.of("copy@test.example")),
                m.header().recipients());
        String text = m.text();
        assertTrue(text.contains("To: owner@test.example\n"));
        assertTrue(text.contains("Subject: Your mail bounced\n"));
        assertFalse(text.contains("Bcc:"));
        assertTrue(text.contains("Sorry, it failed.\n\n  bad@test.example\n    (generated from list@test.example)\n"
                + "    mailbox is full\n"));
        assertTrue(text.contains("Final-Recipient: rfc822;list@test.example\n"));
    }

    @Test
    void neverBounceABounce() throws IOException {
        Spool spool = spoolWith("hdrs");
        HeaderFile original = spool.read(MessageId.parse("1xUw1r-0002zT-29"));
        HeaderFile bounce = original.toBuilder().sender("").build();
        assertEquals(BouncePolicy.Action.BOUNCE, BouncePolicy.onFailure(original));
        assertEquals(BouncePolicy.Action.FREEZE, BouncePolicy.onFailure(bounce));
        assertFalse(BouncePolicy.mayWarn(bounce));
        assertEquals("1795309563", BouncePolicy.frozen(bounce, 1795309563L).value("frozen").orElseThrow());
        assertThrows(IllegalStateException.class, () -> BounceMessage.of(spool, bounce, SETTINGS, PLAIN)
                .failed(ReportedAddress.of("bad@test.example", "x")).submissionText(NOW));
    }

    @Test
    void delayWarningIsExims() throws Exception {
        Spool spool = spoolWith("warn");
        HeaderFile original = spool.read(MessageId.parse("1xUw1n-0002wz-0e"));
        Spooled exim = recorded("warn", "1xUw1n-0002xn-19");
        Instant at = receivedAt(exim);
        WarningMessage.Due due = WarningMessage.due(List.of(Duration.ofHours(1), Duration.ofHours(2)),
                Duration.ofSeconds(at.getEpochSecond() - original.receivedTime()), 0).orElseThrow();
        assertEquals(1, due.count());
        assertEquals("60 minutes", due.text());
        byte[] text = WarningMessage.of(spool, original, SETTINGS, PLAIN)
                .delayed(ReportedAddress.of("slow@test.example", "try later")).random(eximsDraw(exim))
                .submissionText(at, due.text());
        Spooled m = receive(spool, text, original.id(), at, exim.header().id().processNumber());
        assertSameAsExim(exim, m);
        Multipart mp = (Multipart) parse(m).getBody();
        List<Header> groups = statusGroups(content(mp.getBodyParts().get(1)));
        assertEquals("delayed", field(groups.get(1), "Action"));
        assertEquals("4.0.0", field(groups.get(1), "Status"));
        assertEquals("text/rfc822-headers", mp.getBodyParts().get(2).getMimeType());
    }

    @Test
    void delayWarningGoesToEveryErrorsAddress() throws Exception {
        Spool spool = spoolWith("warn");
        HeaderFile original = spool.read(MessageId.parse("1xUw1n-0002wz-0e"));
        ReportedAddress owned = new ReportedAddress("slow@test.example", null, null, "owner@test.example",
                "try later", null, null);
        Spooled m = receive(spool, WarningMessage.of(spool, original, SETTINGS, PLAIN).delayed(owned)
                .delayed(ReportedAddress.of("other@test.example", null)).submissionText(NOW, "2 hours"),
                original.id());
        assertEquals(List.of(Recipient.of("owner@test.example"), Recipient.of("dave@sender.example")),
                m.header().recipients());
        String text = m.text();
        assertTrue(text.contains("To: owner@test.example,dave@sender.example\n"));
        assertTrue(text.contains("Subject: Warning: message 1xUw1n-0002wz-0e delayed 2 hours\n"));
        assertTrue(text.contains("A message sent by\n\n  <dave@sender.example>\n\n"));
        assertTrue(text.contains("The addresses to which the message has not yet been delivered are:\n"));
        assertThrows(IllegalStateException.class, () -> WarningMessage.of(spool,
                original.toBuilder().sender("").build(), SETTINGS, PLAIN).delayed(owned)
                .submissionText(NOW, "2 hours"));
    }

    @Test
    void delayWarningTimes() {
        List<Duration> times = List.of(Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(8));
        assertTrue(WarningMessage.due(times, Duration.ofMinutes(59), 0).isEmpty());
        assertEquals(1, WarningMessage.due(times, Duration.ofMinutes(61), 0).orElseThrow().count());
        assertTrue(WarningMessage.due(times, Duration.ofMinutes(61), 1).isEmpty());
        WarningMessage.Due d = WarningMessage.due(times, Duration.ofHours(4), 1).orElseThrow();
        assertEquals(2, d.count());
        assertEquals("3 hours", d.text());
        // Beyond the last time, one more per last interval (5 hours): 8, 13, 18 ...
        WarningMessage.Due late = WarningMessage.due(times, Duration.ofHours(14), 3).orElseThrow();
        assertEquals(4, late.count());
        assertEquals(Duration.ofHours(13), late.delay());
        assertTrue(WarningMessage.due(List.of(Duration.ZERO), Duration.ofDays(3), 0).isEmpty());
    }
}
