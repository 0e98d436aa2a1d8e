package org.osprey.mta.transport.lmtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.TransportFilterException;
import org.osprey.mta.kernel.testing.TestMessage;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.Outcome;

/** The dialogue against a scripted server on a Unix socket, and against a command. */
class LmtpTransportTest {
    private static final Address A = Address.of("a", "example.com");
    private static final Address B = Address.of("b", "example.com");
    private static final Address C = Address.of("c", "example.com");

    @TempDir
    Path dir;

    private Path socket() {
        return dir.resolve("lmtp.sock");
    }

    private List<Outcome> deliver(ScriptedServer server, String... options) throws Exception {
        String[] all = Arrays.copyOf(options, options.length + 2);
        all[options.length] = "socket";
        all[options.length + 1] = socket().toString();
        try (server) {
            return Fixture.deliver(Fixture.transport(all), TestMessage.simple("hello\n.dot line\n"), A, B, C);
        }
    }

    @Test
    void oneOfCommandOrSocketMustBeSet() {
        var neither = assertThrows(ConfigurationException.class, () -> Fixture.transport());
        assertEquals("one (and only one) of command or socket must be set for the t transport", neither.getMessage());
        assertThrows(ConfigurationException.class, () -> Fixture.transport("command", "/bin/cat", "socket", "/s"));
    }

    @Test
    void theDialogueAsEximWritesIt() throws Exception {
        var server = new ScriptedServer(socket(), "220 ready", ScriptedServer::accepting,
                List.of("250 2.0.0 <a> Saved", "250 2.0.0 <b> Saved", "250 2.0.0 <c> Saved"));
        List<Outcome> outcomes = deliver(server);
        assertEquals(List.of("LHLO osprey.test", "MAIL FROM:<sender@example.com>", "RCPT TO:<a@example.com>",
                "RCPT TO:<b@example.com>", "RCPT TO:<c@example.com>", "DATA", "From: sender@example.com",
                "Subject: test", "", "hello", "..dot line", ".", "QUIT"), server.received);
        assertEquals(new Outcome.Delivered("250 2.0.0 <b> Saved"), outcomes.get(1));
    }

    @Test
    void aTransportFilterFailureDefersEveryAddressWithEximsText() throws Exception {
        var server = new ScriptedServer(socket(), "220 ready", ScriptedServer::accepting, List.of());
        List<Outcome> outcomes;
        try (server) {
            outcomes = Fixture.deliver(Fixture.transport("socket", socket().toString()),
                    TestMessage.simple("hello\n").failingAfter(0, TransportFilterException.failed(1)), A, B);
        }
        for (Outcome o : outcomes) {
            assertEquals("transport filter process failed (1)",
                    assertInstanceOf(Outcome.Deferred.class, o).message());
        }
    }

    @Test
    void eachRecipientHasItsOwnReplyAfterTheDot() throws Exception {
        var server = new ScriptedServer(socket(), "220 ready", ScriptedServer::accepting,
                List.of("250 2.0.0 saved", "452 4.2.2 Mailbox is full", "554 5.7.1 rejected"));
        List<Outcome> outcomes = deliver(server);
        assertEquals(new Outcome.Delivered("250 2.0.0 saved"), outcomes.get(0));
        assertEquals(new Outcome.Deferred("T:b@example.com", "LMTP error after end of data: 452 4.2.2 Mailbox is full",
                ErrorClass.DATA_4XX, 452), outcomes.get(1));
        assertEquals(new Outcome.Failed("LMTP error after end of data: 554 5.7.1 rejected"), outcomes.get(2));
    }

    @Test
    void refusedRecipientsGetNoReplyAfterTheDot() throws Exception {
        var server = new ScriptedServer(socket(), "220 ready", line -> line.startsWith("RCPT TO:<a@")
                ? "451 4.3.0 try later" : line.startsWith("RCPT TO:<c@") ? "550 5.1.1 unknown"
                : ScriptedServer.accepting(line), List.of("250 2.0.0 saved"));
        List<Outcome> outcomes = deliver(server);
        assertEquals(new Outcome.Deferred("T:a@example.com", "LMTP error after RCPT TO:<a@example.com>: 451 4.3.0 try later",
                ErrorClass.RCPT_4XX, 451), outcomes.get(0));
        assertEquals(new Outcome.Delivered("250 2.0.0 saved"), outcomes.get(1));
        assertEquals(new Outcome.Failed("LMTP error after RCPT TO:<c@example.com>: 550 5.1.1 unknown"), outcomes.get(2));
        assertEquals("QUIT", server.received.get(server.received.size() - 1));
    }

    @Test
    void noDataWhenNoRecipientIsAccepted() throws Exception {
        var server = new ScriptedServer(socket(), "220 ready",
                line -> line.startsWith("RCPT") ? "550 no" : ScriptedServer.accepting(line), List.of());
        List<Outcome> outcomes = deliver(server);
        assertTrue(outcomes.stream().allMatch(o -> o instanceof Outcome.Failed));
        assertEquals("QUIT", server.received.get(5));
        assertTrue(!server.received.contains("DATA"));
    }

    @Test
    void aDroppedConnectionAfterTheDotDefersTheRecipientsStillWaiting() throws Exception {
        var server = new ScriptedServer(socket(), "220 ready", ScriptedServer::accepting,
                Arrays.asList("250 2.0.0 saved", null));
        List<Outcome> outcomes = deliver(server);
        assertEquals(new Outcome.Delivered("250 2.0.0 saved"), outcomes.get(0));
        for (Outcome o : outcomes.subList(1, 3)) {
            var deferred = assertInstanceOf(Outcome.Deferred.class, o);
            assertEquals("LMTP connection closed after end of data", deferred.message());
            assertEquals(ErrorClass.LOST_CONNECTION, deferred.errorClass());
        }
    }

    @Test
    void aRefusedSenderIsTheOutcomeOfTheWholeBatch() throws Exception {
        var server = new ScriptedServer(socket(), "220 ready",
                line -> line.startsWith("MAIL") ? "550 5.7.1 go away" : ScriptedServer.accepting(line), List.of());
        List<Outcome> outcomes = deliver(server);
        for (Outcome o : outcomes) {
            assertEquals(new Outcome.Failed("LMTP error after MAIL FROM:<sender@example.com>: 550 5.7.1 go away"), o);
        }
        assertEquals("QUIT", server.received.get(2));
    }

    @Test
    void aTemporaryRefusalOfDataDefersTheWholeBatch() throws Exception {
        var server = new ScriptedServer(socket(), "220 ready",
                line -> line.equals("DATA") ? "451 4.3.0 not now" : ScriptedServer.accepting(line), List.of());
        for (Outcome o : deliver(server)) {
            var deferred = assertInstanceOf(Outcome.Deferred.class, o);
            assertEquals("LMTP error after DATA: 451 4.3.0 not now", deferred.message());
            assertEquals(ErrorClass.DATA_4XX, deferred.errorClass());
            assertEquals(451, deferred.smtpCode());
        }
    }

    @Test
    void aDroppedConnectionBeforeDataDefersTheWholeBatch() throws Exception {
        var server = new ScriptedServer(socket(), "220 ready",
                line -> line.startsWith("RCPT TO:<b@") ? null : ScriptedServer.accepting(line), List.of());
        for (Outcome o : deliver(server)) {
            var deferred = assertInstanceOf(Outcome.Deferred.class, o);
            assertEquals("LMTP connection closed after RCPT TO:<b@example.com>", deferred.message());
        }
    }

    @Test
    void aMalformedReply() throws Exception {
        var server = new ScriptedServer(socket(), "220 ready",
                line -> line.startsWith("LHLO") ? "hello there" : ScriptedServer.accepting(line), List.of());
        var deferred = assertInstanceOf(Outcome.Deferred.class, deliver(server).get(0));
        assertEquals("Malformed LMTP response after LHLO osprey.test: hello there", deferred.message());
    }

    @Test
    void aSilentServerTimesOut() throws Exception {
        var server = new ScriptedServer(socket(), null, ScriptedServer::accepting, List.of());
        var deferred = assertInstanceOf(Outcome.Deferred.class, deliver(server, "timeout", "1s").get(0));
        assertEquals("LMTP timeout after initial connection", deferred.message());
        assertEquals(ErrorClass.TIMEOUT, deferred.errorClass());
    }

    @Test
    void ignoreQuotaWhenTheServerAdvertisesIt() throws Exception {
        var server = new ScriptedServer(socket(), "220 ready",
                line -> line.startsWith("LHLO") ? "250-server\r\n250-IGNOREQUOTA\r\n250 PIPELINING"
                        : ScriptedServer.accepting(line), List.of("250 ok", "250 ok", "250 ok"));
        deliver(server, "ignore_quota", "true");
        assertTrue(server.received.contains("RCPT TO:<a@example.com> IGNOREQUOTA"), server.received::toString);
    }

    @Test
    void noIgnoreQuotaWhenTheServerDoesNotAdvertiseIt() throws Exception {
        var server = new ScriptedServer(socket(), "220 ready", ScriptedServer::accepting,
                List.of("250 ok", "250 ok", "250 ok"));
        deliver(server, "ignore_quota", "true");
        assertTrue(server.received.contains("RCPT TO:<a@example.com>"), server.received::toString);
    }

    @Test
    void noSocket() throws Exception {
        var deferred = assertInstanceOf(Outcome.Deferred.class, Fixture.deliver(
                Fixture.transport("socket", dir.resolve("none").toString()), TestMessage.simple("x\n"), A).get(0));
        assertEquals("Failed to connect to socket " + dir.resolve("none") + " for t transport: No such file or directory",
                deferred.message());
    }

    /** A command speaking LMTP on its standard input and output, its arguments split and expanded. */
    @Test
    void aCommand() throws Exception {
        Path script = dir.resolve("server.py");
        Path log = dir.resolve("log");
        Files.writeString(script, String.join("\n",
                "import sys",
                "log = open(sys.argv[1], 'w')",
                "log.write(' '.join(sys.argv[2:]) + '\\n')",
                "def say(s):",
                "    sys.stdout.write(s + '\\r\\n'); sys.stdout.flush()",
                "say('220 ready')",
                "data = False",
                "for line in sys.stdin:",
                "    line = line.rstrip('\\r\\n'); log.write(line + '\\n'); log.flush()",
                "    if data:",
                "        if line == '.':",
                "            data = False; say('250 2.0.0 first'); say('550 5.1.1 second')",
                "        continue",
                "    if line == 'DATA':",
                "        data = True; say('354 go')",
                "    elif line == 'QUIT':",
                "        say('221 bye'); break",
                "    else:",
                "        say('250 ok')",
                ""));
        var t = Fixture.transport("command", "/usr/bin/python3 " + script + " " + log
                + " \"$domain x\" $pipe_addresses");
        List<Outcome> outcomes = Fixture.deliver(t, TestMessage.simple("body\n"), A, B);
        assertEquals(new Outcome.Delivered("250 2.0.0 first"), outcomes.get(0));
        assertEquals(new Outcome.Failed("LMTP error after end of data: 550 5.1.1 second"), outcomes.get(1));
        List<String> lines = Files.readAllLines(log);
        assertEquals("example.com x a@example.com b@example.com", lines.get(0));
        assertEquals("LHLO osprey.test", lines.get(1));
        assertEquals("QUIT", lines.get(lines.size() - 1));
    }

    @Test
    void aCommandThatCannotBeRun() throws Exception {
        var deferred = assertInstanceOf(Outcome.Deferred.class, Fixture.deliver(
                Fixture.transport("command", "/nonexistent/lmtpd"), TestMessage.simple("x\n"), A).get(0));
        assertTrue(deferred.message().startsWith("Failed to create child process for t transport: "),
                deferred.message());
    }
}
