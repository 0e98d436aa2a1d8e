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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.spool.DataFile;
import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.HeaderLine;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.core.spool.Recipient;
import org.osprey.mta.core.spool.Spool;
import org.osprey.mta.kernel.expand.Expander;

/**
 * Bounces and warnings against what Exim 4.96 wrote for the same messages
 * ({@code src/test/resources/bounce/<case>/orig} are the messages Exim received,
 * {@code out} the bounce or warning its queue run stored; boundaries masked), and parsed back
 * with mime4j.
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

    /** The recorded output: -H as read, -D body. */
    private record Recorded(HeaderFile header, byte[] body) {
    }

    private Recorded recorded(String kase, String id) throws IOException {
        Path out = Path.of("src/test/resources/bounce", kase, "out");
        Spool view = new Spool(dir.resolve("view-" + kase), false);
        view.create();
        for (String suffix : List.of("-H", "-D")) {
            Files.copy(out.resolve(id + suffix), view.directory().resolve("input").resolve(id + suffix));
        }
        MessageId mid = MessageId.parse(id);
        HeaderFile h = view.read(mid);
        try (InputStream in = DataFile.openBody(view.dataFile(mid), mid)) {
            return new Recorded(h, in.readAllBytes());
        }
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

    private static String headersOf(HeaderFile h) {
        StringBuilder sb = new StringBuilder();
        h.headers().forEach(l -> sb.append(l.type()).append(' ').append(l.text()));
        return masked(sb.toString(), boundaryOf(h));
    }

    private static String bodyOf(HeaderFile h, byte[] body) {
        return masked(new String(body, StandardCharsets.ISO_8859_1), boundaryOf(h));
    }

    private static void assertSameAsExim(Recorded expected, GeneratedMessage actual) {
        assertEquals(headersOf(expected.header()), headersOf(actual.header()));
        assertEquals(bodyOf(expected.header(), expected.body()), bodyOf(actual.header(), actual.body()));
        assertEquals("", actual.header().sender());
        assertEquals(expected.header().recipients(), actual.header().recipients());
        assertEquals(expected.header().value("body_linecount"), actual.header().value("body_linecount"));
    }

    private static List<ReportedAddress> failed(HeaderFile original, String error, String... addresses) {
        List<ReportedAddress> out = new ArrayList<>();
        for (String a : addresses) {
            Recipient r = original.recipients().stream().filter(x -> x.address().equals(a)).findFirst().orElseThrow();
            out.add(ReportedAddress.of(r, error));
        }
        return out;
    }

    private GeneratedMessage bounce(Spool spool, String originalId, BounceSettings settings, String bounceId,
            List<ReportedAddress> failed, long when) throws IOException {
        HeaderFile original = spool.read(MessageId.parse(originalId));
        return BounceMessage.of(spool, original, settings, PLAIN).failed(failed).random(new Random(1))
                .build(MessageId.parse(bounceId), Instant.ofEpochSecond(when));
    }

    @Test
    void fullBounceIsExims() throws IOException {
        Spool spool = spoolWith("hdrs");
        HeaderFile original = spool.read(MessageId.parse("1xUw1r-0002zT-29"));
        Recorded exim = recorded("hdrs", "1xUw1r-0002zi-2I");
        GeneratedMessage m = bounce(spool, "1xUw1r-0002zT-29", SETTINGS, "1xUw1r-0002zi-2I",
                failed(original, "mailbox is full", "bad@test.example"), exim.header().receivedTime());
        assertSameAsExim(exim, m);
    }

    @Test
    void retHdrsWithEnvidAndOrcptIsExims() throws IOException {
        Spool spool = spoolWith("hdrs");
        HeaderFile original = spool.read(MessageId.parse("1xUw1r-0002zT-28"));
        assertEquals("2", original.value("dsn_ret").orElseThrow());
        Recorded exim = recorded("hdrs", "1xUw1r-0002ze-2E");
        GeneratedMessage m = bounce(spool, "1xUw1r-0002zT-28", SETTINGS, "1xUw1r-0002ze-2E",
                failed(original, "mailbox is full", "bad@test.example", "worse@test.example"),
                exim.header().receivedTime());
        assertSameAsExim(exim, m);
    }

    @Test
    void sizeLimitReturnsHeadersOnlyAsExim() throws IOException {
        Spool spool = spoolWith("size");
        HeaderFile original = spool.read(MessageId.parse("1xUw1r-00030K-2T"));
        Recorded exim = recorded("size", "1xUw1r-00030c-2Z");
        BounceSettings limited = SETTINGS.withReturn(true, true, 200, 998);
        GeneratedMessage m = bounce(spool, "1xUw1r-00030K-2T", limited, "1xUw1r-00030c-2Z",
                failed(original, "mailbox is full", "bad@test.example"), exim.header().receivedTime());
        assertSameAsExim(exim, m);
        String text = new String(m.body(), StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("Content-type: text/rfc822-headers\n"));
        assertTrue(text.contains(DsnReport.LIMIT_HEADER));
        assertFalse(text.contains("body line 000"));
        // Under the (rounded-up) limit the body comes back.
        GeneratedMessage whole = bounce(spool, "1xUw1r-00030K-2T", SETTINGS.withReturn(true, true, 16384, 998),
                "1xUw1r-00030c-2Z", failed(original, "mailbox is full", "bad@test.example"), 1795309563L);
        assertTrue(new String(whole.body(), StandardCharsets.ISO_8859_1).contains("body line 299"));
    }

    @Test
    void noBodyAndNoMessageOptions() throws IOException {
        Spool spool = spoolWith("hdrs");
        HeaderFile original = spool.read(MessageId.parse("1xUw1r-0002zT-29"));
        List<ReportedAddress> f = failed(original, "mailbox is full", "bad@test.example");
        String noBody = new String(bounce(spool, "1xUw1r-0002zT-29", SETTINGS.withReturn(true, false, 0, 998),
                "1xUw1r-0002zi-2I", f, 1795309563L).body(), StandardCharsets.ISO_8859_1);
        assertTrue(noBody.contains("Content-type: text/rfc822-headers\n"));
        assertFalse(noBody.contains("body a"));
        assertFalse(noBody.contains("X-Exim-DSN-Information"), "only added when RET=FULL was asked");
        Message none = parse(bounce(spool, "1xUw1r-0002zT-29", SETTINGS.withReturn(false, true, 0, 998),
                "1xUw1r-0002zi-2I", f, 1795309563L));
        assertEquals(2, ((Multipart) none.getBody()).getCount());
    }

    /** The text part of a bounce, boundary masked. */
    private static String humanPart(GeneratedMessage m) {
        String body = bodyOf(m.header(), m.body());
        int start = body.indexOf("This message was created");
        return body.substring(start, body.indexOf("--BOUNDARY", start));
    }

    @Test
    void returnedTextFollowsTheAddressesAsExims() throws IOException {
        Spool spool = spoolWith("hdrs");
        HeaderFile original = spool.read(MessageId.parse("1xUw1r-0002zT-29"));
        ReportedAddress bad = failed(original, null, "bad@test.example").get(0);
        GeneratedMessage m = BounceMessage.of(spool, original, SETTINGS, PLAIN)
                .failed(bad, "hello world\nsecond line\n999\n").random(new Random(1))
                .build(MessageId.parse("1xUw1r-0002zi-2I"), Instant.ofEpochSecond(1795309563L));
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
    void aBatchSharesOneCopyOfItsTextAndOthersHaveTheirOwn() throws IOException {
        Spool spool = spoolWith("hdrs");
        HeaderFile original = spool.read(MessageId.parse("1xUw1r-0002zT-28"));
        List<ReportedAddress> f = failed(original, "local delivery failed", "bad@test.example", "worse@test.example");
        String shared = "out\n";
        String both = humanPart(BounceMessage.of(spool, original, SETTINGS, PLAIN).failed(f.get(0), shared)
                .failed(f.get(1), shared).random(new Random(1))
                .build(MessageId.parse("1xUw1r-0002zi-2I"), Instant.ofEpochSecond(1795309563L)));
        assertTrue(both.endsWith("  bad@test.example\n    local delivery failed\n"
                + "  worse@test.example\n    local delivery failed\n\n"
                + "The following text was generated during the delivery attempts:\n\n"
                + "------ bad@test.example ------\n------ worse@test.example ------\n\nout\n\n"), both);
        String apart = humanPart(BounceMessage.of(spool, original, SETTINGS, PLAIN).failed(f.get(0), "one\n")
                .failed(f.get(1), "two\n").random(new Random(1))
                .build(MessageId.parse("1xUw1r-0002zi-2I"), Instant.ofEpochSecond(1795309563L)));
        assertTrue(apart.endsWith("\n------ bad@test.example ------\n\none\n"
                + "\n------ worse@test.example ------\n\ntwo\n\n"), apart);
    }

    private static Message parse(GeneratedMessage m) throws IOException {
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
    void structureParsesBackWithMime4j() throws IOException {
        Spool spool = spoolWith("hdrs");
        HeaderFile original = spool.read(MessageId.parse("1xUw1r-0002zT-28"));
        List<ReportedAddress> f = failed(original, "mailbox is full", "bad@test.example", "worse@test.example");
        f.set(1, f.get(1).withRemote(new RemoteHost("mx.far.example", "192.0.2.7"), "550 5.1.1 no such user"));
        GeneratedMessage m = bounce(spool, "1xUw1r-0002zT-28", SETTINGS, "1xUw1r-0002ze-2E", f, 1795309563L);
        Message msg = parse(m);
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
    void fullCopyIsAMessageRfc822() throws IOException {
        Spool spool = spoolWith("hdrs");
        HeaderFile original = spool.read(MessageId.parse("1xUw1r-0002zT-29"));
        Message msg = parse(bounce(spool, "1xUw1r-0002zT-29", SETTINGS, "1xUw1r-0002zi-2I",
                failed(original, "mailbox is full", "bad@test.example"), 1795309563L));
        Entity copy = ((Multipart) msg.getBody()).getBodyParts().get(2);
        assertEquals("message/rfc822", copy.getMimeType());
        Message inner = (Message) copy.getBody();
        assertEquals("full", inner.getSubject());
    }

    @Test
    void errorsToAndTemplates() throws IOException {
        Spool spool = spoolWith("hdrs");
        HeaderFile original = spool.read(MessageId.parse("1xUw1r-0002zT-29"));
        Path file = dir.resolve("bounce.tmpl");
        Files.writeString(file, "Subject: Your mail bounced\n****\nSorry, it failed.\n****\n****\n");
        BounceSettings s = SETTINGS.withTexts(file.toString(), null, null);
        ReportedAddress a = new ReportedAddress("bad@test.example", "list@test.example", null, "owner@test.example",
                "mailbox is full", null, null);
        GeneratedMessage m = BounceMessage.of(spool, original, s, PLAIN).failed(a).copyTo("copy@test.example")
                .build(MessageId.parse("1xUw1r-0002zi-2I"), Instant.ofEpochSecond(1795309563L));
        assertEquals(List.of(Recipient.of("owner@test.example"), Recipient.of("copy@test.example")),
                m.header().recipients());
        String text = new String(m.toBytes(), StandardCharsets.ISO_8859_1);
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
                .failed(ReportedAddress.of("bad@test.example", "x")).build(MessageId.parse("1xUw1r-0002zi-2I"),
                        Instant.ofEpochSecond(1795309563L)));
    }

    @Test
    void delayWarningIsExims() throws IOException {
        Spool spool = spoolWith("warn");
        HeaderFile original = spool.read(MessageId.parse("1xUw1n-0002wz-0e"));
        Recorded exim = recorded("warn", "1xUw1n-0002xn-19");
        long now = exim.header().receivedTime();
        WarningMessage.Due due = WarningMessage.due(List.of(Duration.ofHours(1), Duration.ofHours(2)),
                Duration.ofSeconds(now - original.receivedTime()), 0).orElseThrow();
        assertEquals(1, due.count());
        assertEquals("60 minutes", due.text());
        GeneratedMessage m = WarningMessage.of(spool, original, SETTINGS, PLAIN)
                .delayed(ReportedAddress.of("slow@test.example", "try later")).random(new Random(1))
                .build(MessageId.parse("1xUw1n-0002xn-19"), Instant.ofEpochSecond(now), due.text());
        assertSameAsExim(exim, m);
        Multipart mp = (Multipart) parse(m).getBody();
        List<Header> groups = statusGroups(content(mp.getBodyParts().get(1)));
        assertEquals("delayed", field(groups.get(1), "Action"));
        assertEquals("4.0.0", field(groups.get(1), "Status"));
        assertEquals("text/rfc822-headers", mp.getBodyParts().get(2).getMimeType());
    }

    @Test
    void delayWarningGoesToEveryErrorsAddress() throws IOException {
        Spool spool = spoolWith("warn");
        HeaderFile original = spool.read(MessageId.parse("1xUw1n-0002wz-0e"));
        ReportedAddress owned = new ReportedAddress("slow@test.example", null, null, "owner@test.example",
                "try later", null, null);
        GeneratedMessage m = WarningMessage.of(spool, original, SETTINGS, PLAIN).delayed(owned)
                .delayed(ReportedAddress.of("other@test.example", null))
                .build(MessageId.parse("1xUw1n-0002xn-19"), Instant.ofEpochSecond(1795309559L), "2 hours");
        assertEquals(List.of(Recipient.of("owner@test.example"), Recipient.of("dave@sender.example")),
                m.header().recipients());
        String text = new String(m.toBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("To: owner@test.example,dave@sender.example\n"));
        assertTrue(text.contains("Subject: Warning: message 1xUw1n-0002wz-0e delayed 2 hours\n"));
        assertTrue(text.contains("A message sent by\n\n  <dave@sender.example>\n\n"));
        assertTrue(text.contains("The addresses to which the message has not yet been delivered are:\n"));
        assertThrows(IllegalStateException.class, () -> WarningMessage.of(spool,
                original.toBuilder().sender("").build(), SETTINGS, PLAIN).delayed(owned)
                .build(MessageId.parse("1xUw1n-0002xn-19"), Instant.ofEpochSecond(1795309559L), "2 hours"));
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
