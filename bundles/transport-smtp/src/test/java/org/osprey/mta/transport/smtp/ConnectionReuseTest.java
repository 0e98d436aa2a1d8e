package org.osprey.mta.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.transport.ContinuedDelivery;
import org.osprey.mta.kernel.transport.Delivery;
import org.osprey.mta.kernel.transport.HostAttempt;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * Connection reuse in the transport: after a message, the messages the engine has waiting
 * for the host go over the same connection (Exim's continued delivery), up to
 * connection_max_messages, with RSET only where the last transaction left one open.
 */
class ConnectionReuseTest {
    private static final Address C = Address.of("c", "example.org");
    private static final Address D = Address.of("d", "example.org");

    /** A waiting message as the engine hands it over; it keeps what the transport reports. */
    private static final class Waiting implements ContinuedDelivery {
        private final TestDelivery delivery;
        TransportResult result;

        Waiting(String body, Address... to) {
            delivery = new TestDelivery(TestMessage.of(body), List.of(to), List.of(),
                    new TestExpander(Map.of("primary_hostname", "client.example")));
        }

        @Override
        public void complete(TransportResult r) {
            if (result != null) {
                throw new IllegalStateException("completed twice");
            }
            result = r;
        }

        @Override
        public Message message() {
            return delivery.message();
        }

        @Override
        public List<Address> addresses() {
            return delivery.addresses();
        }

        @Override
        public List<Host> hosts() {
            return delivery.hosts();
        }

        @Override
        public String transportName() {
            return delivery.transportName();
        }

        @Override
        public Expander expander() {
            return delivery.expander();
        }

        @Override
        public ListMatcher lists() {
            return delivery.lists();
        }
    }

    /** The first message's delivery, with the engine's waiting messages behind it. */
    private static final class First implements Delivery {
        private final TestDelivery delivery;
        final Deque<Waiting> waiting = new ArrayDeque<>();
        final AtomicInteger asked = new AtomicInteger();
        Host askedFor;

        First(Address... to) {
            delivery = new TestDelivery(TestMessage.of("first\n"), List.of(to), List.of(),
                    new TestExpander(Map.of("primary_hostname", "client.example")));
        }

        @Override
        public Optional<ContinuedDelivery> nextFor(Host host) {
            asked.incrementAndGet();
            askedFor = host;
            return Optional.ofNullable(waiting.poll());
        }

        @Override
        public Message message() {
            return delivery.message();
        }

        @Override
        public List<Address> addresses() {
            return delivery.addresses();
        }

        @Override
        public List<Host> hosts() {
            return delivery.hosts();
        }

        @Override
        public String transportName() {
            return delivery.transportName();
        }

        @Override
        public Expander expander() {
            return delivery.expander();
        }

        @Override
        public ListMatcher lists() {
            return delivery.lists();
        }
    }

    private static long count(ScriptedServer s, String prefix) {
        return s.commands.stream().filter(l -> l.startsWith(prefix)).count();
    }

    @Test
    void aWaitingMessageGoesOverTheSameConnectionWithoutRset() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 sink ESMTP", SmtpTransportTest.esmtp(Map.of()))) {
            First first = new First(SmtpTransportTest.A);
            Waiting next = new Waiting("second\n", C, D);
            first.waiting.add(next);

            TransportResult r = SmtpTransportTest.to(s).deliver(first);

            assertInstanceOf(Outcome.Delivered.class, r.outcome(SmtpTransportTest.A).orElseThrow());
            s.commandsAfterQuit();
            assertEquals(List.of("MAIL FROM:<sender@example.com> SIZE=1070", "RCPT TO:<a@example.net>", "DATA", ".",
                    "MAIL FROM:<sender@example.com> SIZE=1071", "RCPT TO:<c@example.org>", "RCPT TO:<d@example.org>",
                    "DATA", ".", "QUIT"), s.commands.subList(1, s.commands.size()), "one EHLO: one connection");
            assertEquals(2, first.asked.get(), "asked again after the second message; nothing more waits");
            assertEquals("127.0.0.1", first.askedFor.address());
            assertEquals(2, next.result.outcomes().size());
            next.result.outcomes().values().forEach(o -> assertInstanceOf(Outcome.Delivered.class, o));
            assertInstanceOf(HostAttempt.Used.class, next.result.hosts().get(0));
            assertEquals(s.data.toString().indexOf("second"), s.data.toString().lastIndexOf("second"));
        }
    }

    @Test
    void connectionMaxMessagesCountsTheFirstMessage() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 sink ESMTP", SmtpTransportTest.esmtp(Map.of()))) {
            First first = new First(SmtpTransportTest.A);
            Waiting second = new Waiting("second\n", C);
            Waiting third = new Waiting("third\n", D);
            first.waiting.add(second);
            first.waiting.add(third);

            SmtpTransportTest.to(s, "connection_max_messages", "2").deliver(first);

            s.commandsAfterQuit();
            assertEquals(2, count(s, "MAIL"));
            assertEquals(1, first.asked.get());
            assertEquals(List.of(third), List.copyOf(first.waiting), "the third stays with the engine");
            assertNull(third.result);
        }
    }

    @Test
    void anotherMessageAfterEveryRecipientWasRefusedFollowsAnRset() throws Exception {
        Function<String, String> esmtp = SmtpTransportTest.esmtp(Map.of("RCPT TO:<a@", "550 no such user",
                "RSET", "250 Reset OK"));
        AtomicInteger data = new AtomicInteger();
        try (ScriptedServer s = new ScriptedServer("220 sink ESMTP",
                line -> line.equals("DATA") && data.incrementAndGet() == 1 ? "503 no valid recipients"
                        : esmtp.apply(line))) {
            First first = new First(SmtpTransportTest.A);
            Waiting next = new Waiting("second\n", C);
            first.waiting.add(next);
            s.commands.clear();

            TransportResult r = SmtpTransportTest.to(s).deliver(first);

            assertInstanceOf(Outcome.Failed.class, r.outcome(SmtpTransportTest.A).orElseThrow());
            s.commandsAfterQuit();
            assertEquals(List.of("MAIL FROM:<sender@example.com> SIZE=1070", "RCPT TO:<a@example.net>", "DATA",
                    "RSET", "MAIL FROM:<sender@example.com> SIZE=1071", "RCPT TO:<c@example.org>", "DATA", ".",
                    "QUIT"), s.commands.subList(1, s.commands.size()));
            assertInstanceOf(Outcome.Delivered.class, next.result.outcome(C).orElseThrow());
        }
    }

    @Test
    void noMessageFollowsOneWhoseAddressesAllWereDeferred() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 sink ESMTP",
                SmtpTransportTest.esmtp(Map.of("RCPT", "451 try later", "DATA", "503 no valid recipients")))) {
            First first = new First(SmtpTransportTest.A);
            first.waiting.add(new Waiting("second\n", C));

            SmtpTransportTest.to(s).deliver(first);

            s.commandsAfterQuit();
            assertEquals(0, first.asked.get(), "Exim's guard against looping on a temporary error");
            assertEquals(1, count(s, "MAIL"));
        }
    }

    @Test
    void aWaitingMessageRefusedAtMailIsReportedAndTheConnectionGoesOn() throws Exception {
        Function<String, String> esmtp = SmtpTransportTest.esmtp(Map.of("MAIL FROM:<sender@example.com> SIZE=1071",
                "452 too busy", "RSET", "250 Reset OK"));
        AtomicInteger data = new AtomicInteger();
        try (ScriptedServer s = new ScriptedServer("220 sink ESMTP",
                line -> line.equals("DATA") && data.incrementAndGet() == 2 ? "503 no valid sender" : esmtp.apply(line))) {
            First first = new First(SmtpTransportTest.A);
            Waiting refused = new Waiting("second\n", C);
            first.waiting.add(refused);

            SmtpTransportTest.to(s).deliver(first);

            s.commandsAfterQuit();
            Outcome o = refused.result.outcome(C).orElseThrow();
            assertInstanceOf(Outcome.Deferred.class, o);
            assertEquals("SMTP error from remote mail server after pipelined MAIL FROM:<sender@example.com> SIZE=1071: "
                    + "452 too busy", ((Outcome.Deferred) o).message());
            assertEquals(1, first.asked.get(), "no address of the refused message was settled");
            assertEquals("QUIT", s.commands.get(s.commands.size() - 1), s.commands.toString());
        }
    }

    @Test
    void overTlsTheNextMessageGoesInTheSameSessionUnlessTheHostIsInHostsNopassTls(@TempDir Path dir)
            throws Exception {
        TlsServer.certificate(dir, "server", "DNS:localhost,IP:127.0.0.1");
        try (TlsServer s = new TlsServer(dir.resolve("server.p12"), false, "220 go ahead")) {
            First first = new First(SmtpTransportTest.A);
            Waiting next = new Waiting("second\n", C);
            first.waiting.add(next);

            StartTlsTest.to(s.port()).deliver(first);

            assertEquals(List.of("EHLO client.example", "STARTTLS", "TLS EHLO client.example",
                    "TLS MAIL FROM:<sender@example.com>", "TLS RCPT TO:<a@example.net>", "TLS DATA", "TLS .",
                    "TLS MAIL FROM:<sender@example.com>", "TLS RCPT TO:<c@example.org>", "TLS DATA", "TLS .",
                    "TLS QUIT"), s.commandsAfterQuit());
            HostAttempt.Used used = assertInstanceOf(HostAttempt.Used.class, next.result.hosts().get(0));
            assertNotNull(used.tlsCipher(), "the log's X= for the continued message too");
        }
        try (TlsServer s = new TlsServer(dir.resolve("server.p12"), false, "220 go ahead")) {
            First first = new First(SmtpTransportTest.A);
            first.waiting.add(new Waiting("second\n", C));

            StartTlsTest.to(s.port(), "hosts_nopass_tls", "*").deliver(first);

            s.commandsAfterQuit();
            assertEquals(0, first.asked.get());
        }
    }
}
