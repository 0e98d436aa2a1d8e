package org.osprey.mta.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osprey.mta.core.log.LogEvent.Connection;
import org.osprey.mta.core.log.LogEvent.Deferred;
import org.osprey.mta.core.log.LogEvent.Delivered;
import org.osprey.mta.core.log.LogEvent.DeliveryKind;
import org.osprey.mta.core.log.LogEvent.Failed;
import org.osprey.mta.core.log.LogEvent.Received;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;

/** Line texts field by field: remote deliveries against Exim's recording, then quoting and the rarer forms. */
class RenderingTest {
    private static final LogSelector DEFAULT = LogSelector.defaults();

    /**
     * exim-remote-mainlog-*: one message to an SMTP server (smtp-sink.py) that accepts two
     * recipients, refuses one with 550 and defers one with 451; the bounce Exim could not
     * send (an artefact of the unprivileged reference run) is left out.
     */
    @ParameterizedTest
    @ValueSource(strings = {"default", "all"})
    void remoteDeliveriesAsEximWroteThem(String run) {
        LogSelector s = run.equals("all") ? LogSelector.parse("+all") : DEFAULT;
        List<String> recorded = new ArrayList<>();
        String id = null;
        int localPort = 0;
        for (String line : RecordedEximLines.lines("exim-remote-mainlog-" + run)) {
            String n = RecordedEximLines.normalise(line);
            if (n == null || n.contains("re-exec") || n.contains("Process failed") || n.contains("queue run")
                    || n.startsWith("SMTP connection")) {
                continue;
            }
            if (n.contains(" <= ")) {
                id = n.substring(0, n.indexOf(' '));
                continue;
            }
            if (n.contains("I=[127.0.0.1]:")) {
                localPort = Integer.parseInt(n.replaceAll(".*I=\\[127\\.0\\.0\\.1\\]:(\\d+).*", "$1"));
            }
            recorded.add(n);
        }
        Outgoing sink = new Outgoing(Host.named("127.0.0.1").withAddress("127.0.0.1").withPort(2525), false, false,
                "127.0.0.1", localPort);
        Duration t = Duration.ofMillis(3);
        String reply = "250 OK id=sink-42 \"quoted\"";
        List<LogEvent> events = List.of(
                remote(DeliveryKind.DELIVERED, id, "bob@remote.example", sink, reply, t),
                remote(DeliveryKind.ANOTHER, id, "carol@remote.example", sink, reply, t),
                new Failed(id, LogAddress.of("fail@remote.example"), "alice@sender.example", "alice@sender.example",
                        "smart", "remote_smtp", sink, null, null, "SMTP error from remote mail server after RCPT"
                        + " TO:<fail@remote.example>: 550 5.1.1 no such mailbox", t),
                new Deferred(id, LogAddress.of("later@remote.example"), "smart", "remote_smtp", null, -44, null, sink,
                        "SMTP error from remote mail server after RCPT TO:<later@remote.example>: 451 4.3.0 try later",
                        t, false));
        List<String> ours = new ArrayList<>();
        for (LogEvent e : events) {
            ours.add(RecordedEximLines.normalise(e.messageId() + " " + e.render(s).orElseThrow()));
        }
        assertEquals(recorded, ours);
    }

    private static Delivered remote(DeliveryKind kind, String id, String rcpt, Outgoing sink, String reply,
            Duration t) {
        return Delivered.builder(kind, id, LogAddress.of(rcpt), "remote_smtp").router("smart")
                .sender("alice@sender.example").returnPath("alice@sender.example").size(228).outgoing(sink)
                .pipelining(true, false).confirmation(reply).queueTime(t, t).deliverTime(t).build();
    }

    @Test
    void tlsFieldsOnRemoteDelivery() {
        Tls tls = new Tls("TLS1.3:TLS_AES_256_GCM_SHA384:256", true, "yes", "CN=mx.example,O=Ex \"Co\"", null);
        Delivered d = Delivered.builder(DeliveryKind.DELIVERED, "x", LogAddress.of("a@b.example"), "remote_smtp")
                .router("dnslookup").outgoing(Outgoing.of(Host.named("mx.b.example").withAddress("192.0.2.7")))
                .tls(tls).authenticator("plain:user").chunking(true).build();
        assertEquals("=> a@b.example R=dnslookup T=remote_smtp H=mx.b.example [192.0.2.7]"
                + " X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes A=plain:user K", text(d, DEFAULT));
        assertEquals("=> a@b.example R=dnslookup T=remote_smtp H=mx.b.example [192.0.2.7]:25"
                + " X=TLS1.3:TLS_AES_256_GCM_SHA384:256* CV=yes DN=\"CN=mx.example,O=Ex \"Co\"\" A=plain:user K",
                text(d, LogSelector.parse("+tls_peerdn +tls_resumption +outgoing_port")));
        assertEquals("=> a@b.example R=dnslookup T=remote_smtp H=mx.b.example [192.0.2.7] A=plain:user K",
                text(d, LogSelector.parse("-tls_cipher -tls_certificate_verified")));
    }

    @Test
    void receivedFields() {
        Received r = Received.builder("x", "a@b.example", 1234)
                .peer(Peer.of("192.0.2.1", 4000).withHelo("[192.0.2.1]"))
                .protocol("esmtpsa").tls(new Tls("TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256", false, "no", null,
                        "mail.example"))
                .authenticator("plain:bob").messageIdHeader("abc@b.example", false)
                .subject("tab\there \u00e9 \\ \"q\"").bodyType(8).build();
        assertEquals("<= a@b.example H=([192.0.2.1]) [192.0.2.1] P=esmtpsa X=TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256"
                + " CV=no A=plain:bob S=1234 id=abc@b.example", text(r, DEFAULT));
        assertEquals("<= a@b.example H=([192.0.2.1]) [192.0.2.1]:4000 P=esmtpsa A=plain:bob S=1234 M8S=8 id=abc@b.example"
                + " T=\"tab\\there \\303\\251 \\\\ \\\"q\\\"\" from <a@b.example>",
                text(r, LogSelector.parse("-tls_cipher -tls_certificate_verified +incoming_port +8bitmime +subject"
                        + " +received_sender")));
        Received sni = Received.builder("x", "", 1).tls(new Tls("c", false, "no", null, "a b")).build();
        assertEquals("<= <> X=c CV=no SNI=a\\040b S=1", text(sni, LogSelector.parse("+tls_sni")));
        Received created = Received.builder("x", "a@b", 1).messageIdHeader("E1@h", true).build();
        assertEquals("<= a@b S=1", text(created, DEFAULT));
        assertEquals("(= a@b S=1", text(Received.builder("x", "a@b", 1).fakeReject(true).build(), DEFAULT));
    }

    @Test
    void subjectsAreCutAtOneHundredCharacters() {
        Received r = Received.builder("x", "a@b", 1).subject("s".repeat(150)).build();
        assertEquals("<= a@b S=1 T=\"" + "s".repeat(100) + "\"", text(r, LogSelector.parse("+subject")));
    }

    @Test
    void hostNamesAndHeloAsSenderFullhostShowsThem() {
        Peer p = Peer.of("192.0.2.1", 25);
        assertEquals("[192.0.2.1]", p.fullHost(DEFAULT));
        assertEquals("(helo.example) [192.0.2.1]", p.withHelo("helo.example").fullHost(DEFAULT));
        assertEquals("name.example [192.0.2.1]", p.withHostName("name.example").withHelo("NAME.example")
                .fullHost(DEFAULT));
        assertEquals("name.example (helo.example) [192.0.2.1]", p.withHostName("name.example")
                .withHelo("helo.example").fullHost(DEFAULT));
        assertEquals("name.example [192.0.2.1]", p.withHostName("name.example").withHelo("[192.0.2.1]")
                .fullHost(DEFAULT));
    }

    @Test
    void parentsOfRedirectedAddresses() {
        Address top = Address.of("postmaster", "a.example");
        Address mid = top.child("admins", "a.example");
        Address leaf = mid.child("bob", "b.example");
        LogAddress la = LogAddress.of(leaf, false, false);
        Delivered d = Delivered.builder(DeliveryKind.DELIVERED, "x", la, "t").router("r").build();
        assertEquals("=> bob@b.example <postmaster@a.example> R=r T=t", text(d, DEFAULT));
        assertEquals("=> bob@b.example (admins@a.example) <postmaster@a.example> R=r T=t",
                text(d, LogSelector.parse("+all_parents")));
        LogAddress pipe = new LogAddress("|/usr/bin/prog", List.of("admins@a.example"), "postmaster@a.example", true);
        assertEquals("=> |/usr/bin/prog (admins@a.example) <postmaster@a.example> R=r T=t",
                text(Delivered.builder(DeliveryKind.DELIVERED, "x", pipe, "t").router("r").build(), DEFAULT));
        LogAddress same = LogAddress.of(Address.of("Bob", "B.example"), false, false);
        assertEquals("** Bob@B.example R=r: gone", text(Failed.byRouter("x", same, null, "r", "gone"), DEFAULT));
    }

    @Test
    void cutthroughAndSuppressed() {
        for (DeliveryKind k : List.of(DeliveryKind.CUTTHROUGH, DeliveryKind.SUPPRESSED)) {
            Delivered d = Delivered.builder(k, "x", LogAddress.of("a@b"), "t").router("r").build();
            assertEquals(k.flag() + " a@b R=r T=t", text(d, DEFAULT));
        }
    }

    @Test
    void deferrals() {
        Deferred retry = new Deferred("x", LogAddress.of("a@b"), "r", "t", null, -53, null, null,
                "retry time not reached for any host", null, true);
        assertEquals("== a@b R=r T=t defer (-53): retry time not reached for any host", text(retry, DEFAULT));
        assertEquals(Optional.empty(), retry.render(LogSelector.parse("-retry_defer")));
        Deferred sys = new Deferred("x", LogAddress.of("a@b"), "r", "t", null, 111, "Connection refused",
                Outgoing.of(Host.named("mx").withAddress("192.0.2.9")), null, Duration.ofSeconds(75), false);
        assertEquals("== a@b R=r T=t defer (111): Connection refused H=mx [192.0.2.9] DT=1m15s",
                text(sys, LogSelector.parse("+deliver_time +millisec")));
        Deferred routing = new Deferred("x", LogAddress.of("a@b"), null, null, "routing", -1, null, null, "x", null,
                false);
        assertEquals("== a@b routing defer (-1): x", text(routing, DEFAULT));
    }

    @Test
    void frozenAndConnections() {
        assertEquals("Frozen", text(LogEvent.Frozen.plain("x"), DEFAULT));
        assertEquals("Frozen (delivery error message)", text(LogEvent.Frozen.deliveryErrorMessage("x"), DEFAULT));
        assertEquals("Frozen (message created with -f <>)", text(LogEvent.Frozen.createdWithNullSender("x"),
                DEFAULT));
        assertEquals("Frozen by the system filter: looks odd", text(LogEvent.Frozen.bySystemFilter("x",
                "looks odd"), DEFAULT));
        assertEquals("Unfrozen by forced delivery", text(new LogEvent.Unfrozen("x", "forced delivery"), DEFAULT));
        Peer p = Peer.of("192.0.2.1", 4000).withInterface("192.0.2.25", 25);
        LogSelector on = LogSelector.parse("+smtp_connection +incoming_interface +incoming_port");
        assertEquals("SMTP connection from [192.0.2.1]:4000 I=[192.0.2.25]:25 (TCP/IP connection count = 3)",
                text(Connection.opened(p, 3), on));
        assertEquals(Optional.empty(), Connection.opened(p, 3).render(DEFAULT));
        assertEquals("SMTP connection from [192.0.2.1] (TCP/IP connection count = 1)",
                text(Connection.opened(p.withHostName("name.example").withHelo("h"), 1),
                        LogSelector.parse("+smtp_connection")));
        assertEquals("Connection from [192.0.2.1]:4000 refused: too many connections from that IP address",
                text(new LogEvent.ConnectionRefused(p, "too many connections from that IP address"),
                        LogSelector.parse("+incoming_port")));
        assertEquals(Optional.empty(), new LogEvent.ConnectionRefused(p, "x")
                .render(LogSelector.parse("-connection_reject")));
        assertEquals("SMTP connection from [192.0.2.1] lost while reading message data",
                text(Connection.lost(p, null, "lost while reading message data"), DEFAULT));
    }

    @Test
    void hostLookupFailures() {
        LogEvent e = LogEvent.HostLookupFailed.noHostName("192.0.2.1");
        assertEquals("no host name found for IP address 192.0.2.1", text(e, DEFAULT));
        assertEquals(Optional.empty(), e.render(LogSelector.parse("-host_lookup_failed")));
    }

    @Test
    void printingEscapes() {
        assertEquals("a\\nb\\r\\001\\177\\342\\202\\254", LogText.printing("a\nb\r\u0001\u007f\u20ac"));
        assertEquals("plain", LogText.printing("plain"));
    }

    private static String text(LogEvent e, LogSelector s) {
        return Objects.requireNonNull(e.render(s).orElse(null));
    }
}
