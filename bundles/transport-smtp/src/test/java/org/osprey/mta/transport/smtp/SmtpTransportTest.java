package org.osprey.mta.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Header;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.model.TransportFilterException;
import org.osprey.mta.kernel.model.WriteOptions;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.HostAttempt;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportResult;

/** The transport against a scripted server: EHLO, pipelining, SIZE, and Exim's classes of error. */
class SmtpTransportTest {
    static final Address A = Address.of("a", "example.net");
    static final Address B = Address.of("b", "example.net");

    static Transport transport(String... settings) throws Exception {
        OptionValues.Builder values = OptionValues.builder(SmtpOptions.TABLE);
        for (int i = 0; i < settings.length; i += 2) {
            values.set(settings[i], settings[i + 1]);
        }
        return new SmtpTransportDriver().create(new DriverConfig("remote_smtp", values.build()));
    }

    static TransportResult deliver(Transport t, TestMessage m, Address... to) {
        Map<String, String> vars = new HashMap<>(Map.of("primary_hostname", "client.example"));
        return t.deliver(new TestDelivery(m, List.of(to), List.of(), new TestExpander(vars)));
    }

    static Transport to(ScriptedServer s, String... more) throws Exception {
        List<String> settings = new ArrayList<>(List.of("hosts", "127.0.0.1", "port", Integer.toString(s.port()),
                "allow_localhost", "true", "command_timeout", "2s", "final_timeout", "2s"));
        settings.addAll(List.of(more));
        return transport(settings.toArray(new String[0]));
    }

    /** An ESMTP server with PIPELINING and SIZE that accepts everything, with exceptions. */
    static Function<String, String> esmtp(Map<String, String> special) {
        return line -> {
            for (Map.Entry<String, String> e : special.entrySet()) {
                if (line.startsWith(e.getKey())) {
                    return e.getValue();
                }
            }
            if (line.startsWith("EHLO")) {
                return "250-sink.example\n250-PIPELINING\n250-SIZE 10000000\n250 8BITMIME";
            }
            return line.equals("DATA") ? "354 go ahead" : line.equals(".") ? "250 2.0.0 Ok: queued as X1" : "250 OK";
        };
    }

    @Test
    void pipelinesMailRcptAndDataAndSendsSizeAndDotStuffs() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 sink ESMTP", esmtp(Map.of()))) {
            TestMessage m = TestMessage.of("line one\n.starts with a dot\n");
            TransportResult r = deliver(to(s), m, A, B);
            assertEquals(new Outcome.Delivered("250 2.0.0 Ok: queued as X1"), r.outcome(A).orElseThrow());
            assertEquals(new Outcome.Delivered("250 2.0.0 Ok: queued as X1"), r.outcome(B).orElseThrow());
            assertEquals(List.of("EHLO client.example", "MAIL FROM:<sender@example.com> SIZE=" + (m.size() + 1024),
                    "RCPT TO:<a@example.net>", "RCPT TO:<b@example.net>", "DATA", ".", "QUIT"), s.commandsAfterQuit());
            assertTrue(s.data.toString().endsWith("\nline one\n..starts with a dot\n"), s.data.toString());
            HostAttempt.Used used = assertInstanceOf(HostAttempt.Used.class, r.hosts().get(0));
            assertEquals(new Host("127.0.0.1", "127.0.0.1", s.port(), Host.NO_MX, used.host().status()), used.host());
        }
    }

    @Test
    void aTransportFilterFailureDefersWithEximsText() throws Exception {
        TestMessage plain = TestMessage.of("x\n");
        Message filtered = new Message() {
            @Override
            public String id() {
                return plain.id();
            }

            @Override
            public String sender() {
                return plain.sender();
            }

            @Override
            public List<Header> headers() {
                return plain.headers();
            }

            @Override
            public long size() {
                return plain.size();
            }

            @Override
            public void writeTo(OutputStream out, WriteOptions options) throws IOException {
                throw TransportFilterException.failed(1);
            }
        };
        try (ScriptedServer s = new ScriptedServer("220 sink ESMTP", esmtp(Map.of()))) {
            Map<String, String> vars = new HashMap<>(Map.of("primary_hostname", "client.example"));
            TransportResult r = to(s).deliver(new TestDelivery(filtered, List.of(A), List.of(), new TestExpander(vars)));
            Outcome.Deferred d = assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow());
            assertEquals("transport filter process failed (1)", d.message());
        }
    }

    @Test
    void aNegativeSizeAdditionSendsNoSize() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 sink ESMTP", esmtp(Map.of()))) {
            deliver(to(s, "size_addition", "-1"), TestMessage.of("x\n"), A);
            assertEquals("MAIL FROM:<sender@example.com>", s.commands.get(1));
        }
    }

    @Test
    void rcpt5xxFailsThatRecipientAndRcpt4xxDefersIt() throws Exception {
        Map<String, String> special = Map.of("RCPT TO:<a@", "550 5.1.1 no such user", "RCPT TO:<b@", "451 try later");
        try (ScriptedServer s = new ScriptedServer("220 sink ESMTP", esmtp(special))) {
            Address c = Address.of("c", "Example.NET");
            TransportResult r = deliver(to(s), TestMessage.of("x\n"), A, B, c);
            assertEquals(new Outcome.Failed("SMTP error from remote mail server after RCPT TO:<a@example.net>: "
                    + "550 5.1.1 no such user"), r.outcome(A).orElseThrow());
            assertEquals(new Outcome.Deferred("R:b@example.net:<sender@example.com>",
                    "SMTP error from remote mail server after RCPT TO:<b@example.net>: 451 try later",
                    ErrorClass.RCPT_4XX, 451), r.outcome(B).orElseThrow());
            assertEquals(new Outcome.Delivered("250 2.0.0 Ok: queued as X1"), r.outcome(c).orElseThrow());
        }
    }

    @Test
    void everyRecipientRefusedSendsNoMessage() throws Exception {
        Map<String, String> special = Map.of("RCPT", "550 no", "DATA", "554 no valid recipients");
        try (ScriptedServer s = new ScriptedServer("220 sink ESMTP", esmtp(special))) {
            TransportResult r = deliver(to(s), TestMessage.of("x\n"), A);
            assertInstanceOf(Outcome.Failed.class, r.outcome(A).orElseThrow());
            assertEquals("", s.data.toString());
            List<String> commands = s.commandsAfterQuit();
            assertEquals("QUIT", commands.get(commands.size() - 1));
        }
    }

    @Test
    void mail4xxDefersEveryRecipientAsAMessageError() throws Exception {
        Map<String, String> special = Map.of("MAIL", "452 4.3.1 insufficient storage", "RCPT", "503 no MAIL",
                "DATA", "503 no MAIL");
        try (ScriptedServer s = new ScriptedServer("220 sink ESMTP", esmtp(special))) {
            TransportResult r = deliver(to(s), TestMessage.of("x\n"), A, B);
            String text = "SMTP error from remote mail server after pipelined MAIL FROM:<sender@example.com> SIZE="
                    + (TestMessage.of("x\n").size() + 1024) + ": 452 4.3.1 insufficient storage";
            Outcome expected = new Outcome.Deferred("T:127.0.0.1:127.0.0.1:" + s.port() + ":1tAbCd-0004Xy-9Z", text,
                    ErrorClass.MAIL_4XX, 452);
            assertEquals(expected, r.outcome(A).orElseThrow());
            assertEquals(expected, r.outcome(B).orElseThrow());
            assertInstanceOf(HostAttempt.Used.class, r.hosts().get(0), "a message error is not the host's");
        }
    }

    @Test
    void mail5xxFailsEveryRecipient() throws Exception {
        Map<String, String> special = Map.of("MAIL", "550 go away", "RCPT", "503 no MAIL", "DATA", "503 no MAIL");
        try (ScriptedServer s = new ScriptedServer("220 sink ESMTP", esmtp(special))) {
            TransportResult r = deliver(to(s, "size_addition", "-1"), TestMessage.of("x\n"), A, B);
            Outcome expected = new Outcome.Failed("SMTP error from remote mail server after pipelined "
                    + "MAIL FROM:<sender@example.com>: 550 go away");
            assertEquals(expected, r.outcome(A).orElseThrow());
            assertEquals(expected, r.outcome(B).orElseThrow());
        }
    }

    @Test
    void withoutPipeliningCommandsGoOneAtATimeAndEhloRefusedFallsBackToHelo() throws Exception {
        Function<String, String> old = line -> line.startsWith("EHLO") ? "500 unrecognised command"
                : line.equals("DATA") ? "354 go" : line.equals(".") ? "250 accepted" : "250 OK";
        try (ScriptedServer s = new ScriptedServer("220 old SMTP", old)) {
            TransportResult r = deliver(to(s), TestMessage.of("x\n"), A);
            assertEquals(new Outcome.Delivered("250 accepted"), r.outcome(A).orElseThrow());
            assertEquals(List.of("EHLO client.example", "HELO client.example", "MAIL FROM:<sender@example.com>",
                    "RCPT TO:<a@example.net>", "DATA", ".", "QUIT"), s.commandsAfterQuit());
        }
    }

    @Test
    void maxRcptSplitsTheBatchIntoTransactionsOnOneConnection() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 sink ESMTP", esmtp(Map.of()))) {
            Address c = Address.of("c", "example.net");
            TransportResult r = deliver(to(s, "max_rcpt", "2"), TestMessage.of("x\n"), A, B, c);
            r.outcomes().values().forEach(o -> assertInstanceOf(Outcome.Delivered.class, o));
            s.commandsAfterQuit();
            assertEquals(2, s.commands.stream().filter(l -> l.startsWith("MAIL")).count());
            assertEquals(1, s.commands.stream().filter(l -> l.startsWith("EHLO")).count());
            assertEquals(List.of("RCPT TO:<c@example.net>", "DATA", ".", "QUIT"),
                    s.commands.subList(s.commands.size() - 4, s.commands.size()));
        }
    }

    @Test
    void aRefusedConnectionIsAHostErrorAndTheNextHostIsTried() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        try (ScriptedServer s = new ScriptedServer("220 sink ESMTP", esmtp(Map.of()))) {
            Transport t = transport("hosts", "127.0.0.1::" + closed + " : 127.0.0.1::" + s.port(), "allow_localhost",
                    "true");
            TransportResult r = deliver(t, TestMessage.of("x\n"), A);
            assertEquals(new HostAttempt.Failed(new Host("127.0.0.1", "127.0.0.1", closed, Host.NO_MX,
                    r.hosts().get(0).host().status()), "T:127.0.0.1:127.0.0.1:" + closed, "Connection refused",
                    ErrorClass.REFUSED), r.hosts().get(0));
            assertInstanceOf(HostAttempt.Used.class, r.hosts().get(1));
            assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
        }
    }

    @Test
    void aRefusedConnectionAtTheOnlyHostDefersUnderTheHostKey() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        TransportResult r = deliver(transport("hosts", "127.0.0.1", "port", Integer.toString(closed),
                "allow_localhost", "true"), TestMessage.of("x\n"), A);
        assertEquals(new Outcome.Deferred("T:127.0.0.1:127.0.0.1:" + closed, "Connection refused", ErrorClass.REFUSED,
                0), r.outcome(A).orElseThrow());
    }

    @Test
    void aTemporaryGreetingIsAHostError() throws Exception {
        try (ScriptedServer s = new ScriptedServer("421 busy", esmtp(Map.of()))) {
            TransportResult r = deliver(to(s), TestMessage.of("x\n"), A);
            HostAttempt.Failed f = assertInstanceOf(HostAttempt.Failed.class, r.hosts().get(0));
            assertEquals("SMTP error from remote mail server after initial connection: 421 busy", f.message());
            assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow());
        }
    }

    @Test
    void noReplyToTheFinalDotDefersAsATimeoutAfterEndOfData() throws Exception {
        Map<String, String> special = new HashMap<>();
        try (ScriptedServer s = new ScriptedServer("220 sink ESMTP", line -> line.equals(".") ? null
                : esmtp(special).apply(line))) {
            TransportResult r = deliver(to(s, "final_timeout", "1s"), TestMessage.of("x\n"), A);
            Outcome.Deferred d = assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow());
            assertEquals(ErrorClass.TIMEOUT, d.errorClass());
            assertTrue(d.message().startsWith("SMTP timeout after end of data ("), d.message());
        }
    }

    @Test
    void theLocalHostIsRefusedWithoutAllowLocalhost() throws Exception {
        TransportResult r = deliver(transport("hosts", "127.0.0.1", "port", "2"), TestMessage.of("x\n"), A);
        Outcome.Deferred d = assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow());
        assertEquals("remote_smtp transport found host 127.0.0.1 to be local", d.message());
        assertTrue(r.hosts().isEmpty());
    }

    @Test
    void theRoutersHostsWinUnlessHostsOverride() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 sink ESMTP", esmtp(Map.of()))) {
            Host routed = new Host("mx.example", "127.0.0.1", s.port(), 10, org.osprey.mta.kernel.model.HostStatus.UNKNOWN);
            Map<String, String> vars = Map.of("primary_hostname", "client.example");
            TransportResult r = transport("hosts", "192.0.2.1", "connect_timeout", "1s").deliver(
                    new TestDelivery(TestMessage.of("x\n"), List.of(A), List.of(routed), new TestExpander(vars)));
            assertEquals("mx.example", r.hosts().get(0).host().name());
            assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());

            TransportResult overridden = transport("hosts", "127.0.0.1", "hosts_override", "true", "port", "1",
                    "allow_localhost", "true").deliver(new TestDelivery(TestMessage.of("x\n"), List.of(A),
                    List.of(routed), new TestExpander(vars)));
            assertEquals("127.0.0.1", overridden.hosts().get(0).host().name());
        }
    }
}
