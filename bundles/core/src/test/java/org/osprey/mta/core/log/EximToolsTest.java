package org.osprey.mta.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.testing.EximTools;
import org.osprey.mta.core.log.LogEvent.Completed;
import org.osprey.mta.core.log.LogEvent.Deferred;
import org.osprey.mta.core.log.LogEvent.Delivered;
import org.osprey.mta.core.log.LogEvent.DeliveryKind;
import org.osprey.mta.core.log.LogEvent.Failed;
import org.osprey.mta.core.log.LogEvent.Received;
import org.osprey.mta.core.log.LogEvent.Rejected;
import org.osprey.mta.kernel.model.Host;

/**
 * Exim's own log readers over a mainlog Osprey wrote: eximstats must count what was
 * received, delivered, deferred, failed and rejected, per host, and exigrep must find a
 * message's lines by its id. The scripts come from Debian's exim4-base package, fetched
 * with apt-get download and unpacked under target/ (never installed); without apt or a
 * network the test is skipped.
 */
class EximToolsTest {
    private static final String A = "1xUvjs-0006Gw-2R";
    private static final String B = "1xUvjs-0006Gw-2S";
    private static final String C = "1xUvjs-0006Gw-2T";
    private static final String D = "1xUvjs-0006H6-2b";

    @TempDir
    Path dir;

    @BeforeEach
    void needsTheTools() throws IOException {
        String skip = EximTools.prepare();
        Assumptions.assumeTrue(skip == null, () -> skip);
    }

    @Test
    void eximstatsCountsAnOspreyMainlog() throws Exception {
        Path mainlog = writeMainlog();
        EximTools.Run stats = EximTools.eximstats(dir, "-nr", "-nt", "-h0", mainlog.toString());
        assertTrue(stats.ok(), stats.output());
        String out = stats.output();
        // Received: volume, messages, hosts, delayed, %, failed, %
        Matcher received = Pattern.compile("(?m)^\\s+Received\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+) \\S+%\\s+(\\d+) \\S+%")
                .matcher(out);
        assertTrue(received.find(), out);
        assertEquals("6500", received.group(1), "received volume");
        assertEquals("4", received.group(2), "received messages");
        assertEquals("3", received.group(3), "sending hosts");
        assertEquals("1", received.group(4), "messages with a delayed address");
        assertEquals("1", received.group(5), "messages with a failed address");
        Matcher delivered = Pattern.compile("(?m)^\\s+Delivered\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)").matcher(out);
        assertTrue(delivered.find(), out);
        // eximstats counts a delivery (a => line) as a message, and => plus -> lines as addresses.
        assertEquals("4", delivered.group(2), "deliveries");
        assertEquals("5", delivered.group(3), "delivered addresses");
        assertEquals("2", delivered.group(4), "destination hosts");
        Matcher rejects = Pattern.compile("(?m)^\\s+Rejects\\s+(\\d+)\\s+(\\d+)").matcher(out);
        assertTrue(rejects.find(), out);
        assertEquals("2", rejects.group(1), "rejections");

        assertEquals(Map.of("client.example", 2, "mail.b.example", 1, "local", 1),
                EximTools.table(out, "Top 50 sending hosts by message count"));
        Map<String, Integer> destinations = EximTools.table(out, "Top 50 host destinations by message count");
        assertEquals(Map.of("local", 3, "mx.remote.example", 1), destinations);
    }

    @Test
    void exigrepFindsAMessageByItsId() throws Exception {
        Path mainlog = writeMainlog();
        EximTools.Run grep = EximTools.exigrep(dir, B, mainlog.toString());
        assertTrue(grep.ok(), grep.output());
        List<String> lines = grep.output().lines().filter(l -> !l.isBlank()).toList();
        assertTrue(!grep.output().contains("+++"), "exigrep saw " + B + " complete:\n" + grep.output());
        assertEquals(4, lines.size(), grep.output());
        assertTrue(lines.stream().allMatch(l -> l.contains(" " + B + " ")), grep.output());
        assertTrue(lines.get(0).contains("<= alice@a.example"), grep.output());
        assertTrue(lines.get(3).endsWith("Completed"), grep.output());

        EximTools.Run byHost = EximTools.exigrep(dir, "mail\\.b\\.example", mainlog.toString());
        assertTrue(byHost.output().contains("+++ " + C + " has not completed +++"), byHost.output());
        List<String> cLines = byHost.output().lines().filter(l -> !l.isBlank() && !l.startsWith("+++")).toList();
        assertEquals(3, cLines.size(), byHost.output());
        assertTrue(cLines.stream().allMatch(l -> l.contains(" " + C + " ")), byHost.output());
    }

    /** Four messages: two from client.example, one from mail.b.example, one local. */
    private Path writeMainlog() throws IOException {
        LogConfig config = LogConfig.files(dir + "/%slog", LogSelector.defaults()).withZone(ZoneOffset.UTC, false,
                false);
        Peer client = new Peer("client.example", "client.example", "192.0.2.1", 4321, null, 0);
        Peer other = new Peer("mail.b.example", "helo.b.example", "203.0.113.9", 5000, null, 0);
        Peer bad = Peer.of("192.0.2.66", 6000).withHelo("spammer.example");
        Tls tls = new Tls("TLS1.3:TLS_AES_256_GCM_SHA384:256", false, "yes", null, null);
        Outgoing mx = Outgoing.of(Host.named("mx.remote.example").withAddress("198.51.100.7"));
        Duration t = Duration.ofSeconds(1);
        List<LogEvent> events = new ArrayList<>();
        events.add(Received.builder(A, "alice@a.example", 1000).peer(client).protocol("esmtp").build());
        events.add(local(A, "bob", "local.example"));
        events.add(local(A, "carol", "local.example"));
        events.add(new Completed(A, t));
        events.add(Received.builder(B, "alice@a.example", 2000).peer(client).protocol("esmtps").tls(tls).build());
        events.add(Delivered.builder(DeliveryKind.DELIVERED, B, LogAddress.of("x@remote.example"), "remote_smtp")
                .router("dnslookup").outgoing(mx).tls(tls).confirmation("250 OK id=1xUvjx-000000-00").build());
        events.add(Delivered.builder(DeliveryKind.ANOTHER, B, LogAddress.of("y@remote.example"), "remote_smtp")
                .router("dnslookup").outgoing(mx).tls(tls).confirmation("250 OK id=1xUvjx-000000-00").build());
        events.add(new Completed(B, t));
        events.add(Received.builder(C, "dave@b.example", 3000).peer(other).protocol("esmtp").build());
        events.add(new Deferred(C, LogAddress.of("later@remote.example"), "dnslookup", "remote_smtp", null, 111,
                "Connection refused", mx, null, t, false));
        events.add(Failed.byRouter(C, LogAddress.of("nobody@local.example"), "dave@b.example", "fail_r",
                "no such user"));
        events.add(new Rejected(null, bad, null, "x@spammer.example", "rejected RCPT <bob@local.example>",
                "relay not permitted", null));
        events.add(new Rejected(null, Peer.of("192.0.2.67", 6001), null, null,
                "rejected connection in \"connect\" ACL", "go away", Selector.CONNECTION_REJECT));
        events.add(Received.builder(D, "root@osprey.example", 500).ident("root").protocol("local").build());
        events.add(local(D, "bob", "local.example"));
        events.add(new Completed(D, t));
        Instant start = Instant.parse("2026-11-22T00:47:28Z");
        int[] second = {0};
        Clock ticking = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return start.plusSeconds(second[0]++);
            }
        };
        try (LogWriter w = new LogWriter(config, ticking, 1, System.err, null)) {
            events.forEach(w::log);
        }
        return dir.resolve("mainlog");
    }

    private static Delivered local(String id, String localPart, String domain) {
        return Delivered.builder(DeliveryKind.DELIVERED, id,
                new LogAddress(localPart, List.of(), localPart + "@" + domain, false), "local_delivery")
                .router("localuser").build();
    }
}
