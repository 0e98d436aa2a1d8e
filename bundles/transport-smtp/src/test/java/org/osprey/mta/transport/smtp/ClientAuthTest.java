package org.osprey.mta.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.auth.plaintext.PlaintextAuthenticatorDriver;
import org.osprey.mta.kernel.auth.ClientAuthenticator;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.transport.Delivery;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.HostAttempt;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * AUTH as a client with the real plaintext authenticator against a scripted server. The
 * expected lines are what Exim 4.96 sent to the same script with the same configuration
 * (a PLAIN authenticator with {@code client_send = ^user^pa+s=s}, then a LOGIN one with
 * {@code : user : secret}), and what it logged.
 */
class ClientAuthTest {
    static final Address A = Address.of("rcpt", "example.net");
    static final String EHLO = "250-srv.example\n250-PIPELINING\n250-AUTH PLAIN LOGIN\n250 8BITMIME";
    static final String PLAIN = "AUTH PLAIN AHVzZXIAcGErcz1z";

    /** The PLAIN and LOGIN client authenticators, in this order, as the engine lends them. */
    static List<ClientAuthenticator> authenticators(String plainCondition) throws Exception {
        return List.of(authenticator("plain", "PLAIN", "^user^pa+s=s", plainCondition),
                authenticator("login", "LOGIN", ": user : secret", null));
    }

    static ClientAuthenticator authenticator(String name, String publicName, String clientSend, String condition)
            throws Exception {
        PlaintextAuthenticatorDriver driver = new PlaintextAuthenticatorDriver();
        OptionValues values = OptionValues.builder(driver.options()).set("client_send", clientSend).build();
        return new ClientAuthenticator(name, publicName, condition, driver.create(new DriverConfig(name, values)));
    }

    /** A delivery that lends authenticators and keeps its main log lines. */
    record AuthDelivery(Delivery base, List<ClientAuthenticator> authenticators, List<String> logged)
            implements Delivery {
        @Override
        public Message message() {
            return base.message();
        }

        @Override
        public List<Address> addresses() {
            return base.addresses();
        }

        @Override
        public List<Host> hosts() {
            return base.hosts();
        }

        @Override
        public String transportName() {
            return base.transportName();
        }

        @Override
        public Expander expander() {
            return base.expander();
        }

        @Override
        public ListMatcher lists() {
            return base.lists();
        }

        @Override
        public void log(String text) {
            logged.add(text);
        }
    }

    /** A server that answers AUTH and its continuation lines from {@code authReplies}, in turn. */
    static Function<String, String> server(String ehlo, String... authReplies) {
        Iterator<String> replies = List.of(authReplies).iterator();
        boolean[] inAuth = {false};
        return line -> {
            if (line.startsWith("EHLO")) {
                return ehlo;
            }
            if ((line.startsWith("AUTH") || inAuth[0]) && replies.hasNext()) {
                String r = replies.next();
                inAuth[0] = r.startsWith("334");
                return r;
            }
            return line.equals("DATA") ? "354 go" : line.equals(".") ? "250 queued" : "250 OK";
        };
    }

    final List<String> logged = new ArrayList<>();

    TransportResult deliver(ScriptedServer s, Map<String, String> vars, List<ClientAuthenticator> auths,
            String... options) throws Exception {
        Transport t = SmtpTransportTest.to(s, options);
        Map<String, String> all = new HashMap<>(Map.of("primary_hostname", "client.example"));
        all.putAll(vars);
        Delivery base = new TestDelivery(TestMessage.of("hello\n"), List.of(A), List.of(), new TestExpander(all));
        return t.deliver(new AuthDelivery(base, auths, logged));
    }

    @Test
    void aRefusedMechanismIsLoggedAndTheNextOneAuthenticates() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 srv ESMTP",
                server(EHLO, "535 5.7.8 bad", "334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", "235 ok"))) {
            TransportResult r = deliver(s, Map.of(), authenticators(null), "hosts_require_auth", "*");
            assertEquals(new Outcome.Delivered("250 queued"), r.outcome(A).orElseThrow());
            assertEquals(List.of("EHLO client.example", PLAIN, "AUTH LOGIN", "dXNlcg==", "c2VjcmV0",
                    "MAIL FROM:<sender@example.com>", "RCPT TO:<rcpt@example.net>", "DATA", ".", "QUIT"),
                    s.commandsAfterQuit());
            assertEquals(List.of("plain authenticator failed H=127.0.0.1 [127.0.0.1] 535 5.7.8 bad"), logged);
            assertEquals("login", r.clientAuthenticator().orElseThrow(), "the A= of the => line");
        }
    }

    @Test
    void mailCarriesTheMessagesAuthenticatedSenderOnceAuthenticated() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 srv ESMTP", server(EHLO, "235 ok"))) {
            deliver(s, Map.of("authenticated_sender", "root@test.example"), authenticators(null),
                    "hosts_try_auth", "*");
            assertEquals(List.of("EHLO client.example", PLAIN, "MAIL FROM:<sender@example.com> AUTH=root@test.example",
                    "RCPT TO:<rcpt@example.net>", "DATA", ".", "QUIT"), s.commandsAfterQuit());
        }
    }

    @Test
    void authenticatedSenderOverridesAndIsXtextEncodedInLowerCase() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 srv ESMTP", server(EHLO, "235 ok"))) {
            deliver(s, Map.of(), authenticators(null), "hosts_try_auth", "*", "authenticated_sender", "a b+c=d@x");
            assertEquals("MAIL FROM:<sender@example.com> AUTH=a+20b+2bc+3dd@x", s.commandsAfterQuit().get(2));
        }
    }

    @Test
    void withoutAuthenticationOnlyForceAddsAuthAndAForcedFailureKeepsTheMessagesValue() throws Exception {
        String ehlo = "250-srv\n250 PIPELINING";
        try (ScriptedServer s = new ScriptedServer("220 srv ESMTP", server(ehlo))) {
            deliver(s, Map.of("authenticated_sender", "root@test.example"), authenticators(null),
                    "authenticated_sender", "h-$host_address");
            assertEquals("MAIL FROM:<sender@example.com>", s.commandsAfterQuit().get(1));
        }
        try (ScriptedServer s = new ScriptedServer("220 srv ESMTP", server(ehlo))) {
            deliver(s, Map.of("authenticated_sender", "root@test.example"), authenticators(null),
                    "authenticated_sender_force", "true", "authenticated_sender", "h-$host_address");
            assertEquals("MAIL FROM:<sender@example.com> AUTH=h-127.0.0.1", s.commandsAfterQuit().get(1));
        }
        try (ScriptedServer s = new ScriptedServer("220 srv ESMTP", server(ehlo))) {
            deliver(s, Map.of("authenticated_sender", "root@test.example"), authenticators(null),
                    "authenticated_sender_force", "true", "authenticated_sender", "${fail}");
            assertEquals("MAIL FROM:<sender@example.com> AUTH=root@test.example", s.commandsAfterQuit().get(1));
        }
    }

    @Test
    void anAuthenticatedSenderThatCannotBeExpandedDefersBeforeMail() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 srv ESMTP", server("250-srv\n250 PIPELINING"))) {
            TransportResult r = deliver(s, Map.of(), authenticators(null), "authenticated_sender", "$nosuch");
            Outcome.Deferred d = assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow());
            assertEquals("failed to expand authenticated_sender: unknown variable name \"nosuch\"", d.message());
            // Exim 4.96: "== a@x.example R=r T=t defer (-27): failed to expand authenticated_sender: ...", no H=.
            assertEquals(ErrorClass.EXPANSION_FAILED, d.errorClass());
            assertEquals(java.util.Set.of(org.osprey.mta.kernel.transport.DeliveryFlag.NO_HOST), r.flags(A));
            assertEquals(List.of("EHLO client.example", "QUIT"), s.commandsAfterQuit());
        }
    }

    @Test
    void anAuthenticatorThatCannotRunDefersWithNoHostAndNoRetryRecord() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 srv ESMTP", server(EHLO, "235 ok"))) {
            TransportResult r = deliver(s, Map.of(), List.of(authenticator("p", "PLAIN", "^user^${nosuch}", null)),
                    "hosts_try_auth", "*");
            // Exim 4.96: "== a@x.example R=r T=t defer (-48): expansion of "^user^${nosuch}" failed in p
            // authenticator: ...", with no host line, no H= and no retry record.
            Outcome.Deferred d = assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow());
            assertEquals(ErrorClass.AUTH_PROBLEM, d.errorClass());
            assertEquals("", d.retryKey());
            assertEquals(java.util.Set.of(org.osprey.mta.kernel.transport.DeliveryFlag.NO_HOST), r.flags(A));
            assertInstanceOf(HostAttempt.Used.class, r.hosts().get(0));
            assertEquals(List.of("EHLO client.example", "QUIT"), s.commandsAfterQuit());
        }
    }

    @Test
    void aTemporaryRefusalGivesUpTheHostWithTheDataHidden() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 srv ESMTP", server(EHLO, "454 4.7.0 later"))) {
            TransportResult r = deliver(s, Map.of(), authenticators(null), "hosts_try_auth", "*");
            String text = "SMTP error from remote mail server after AUTH PLAIN ****************: 454 4.7.0 later";
            Outcome.Deferred d = assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow());
            assertEquals(text, d.message());
            HostAttempt.Failed f = assertInstanceOf(HostAttempt.Failed.class, r.hosts().get(0));
            assertEquals(ErrorClass.OTHER, f.errorClass());
            assertEquals(List.of("EHLO client.example", PLAIN, "QUIT"), s.commandsAfterQuit());
        }
    }

    @Test
    void requiredAuthenticationThatFailsDefersWithAuthFailed() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 srv ESMTP",
                server(EHLO, "535 5.7.8 bad", "334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", "535 no"))) {
            TransportResult r = deliver(s, Map.of(), authenticators(null), "hosts_require_auth", "*");
            assertAuthFailed(r, "authentication required but authentication attempt(s) failed");
            assertEquals(List.of("EHLO client.example", PLAIN, "AUTH LOGIN", "dXNlcg==", "c2VjcmV0", "QUIT"),
                    s.commandsAfterQuit());
            // The host error's own line, as Exim's smtp transport writes it for every host error.
            assertEquals(List.of("plain authenticator failed H=127.0.0.1 [127.0.0.1] 535 5.7.8 bad",
                    "login authenticator failed H=127.0.0.1 [127.0.0.1] 535 no",
                    "H=127.0.0.1 [127.0.0.1]: authentication required but authentication attempt(s) failed"), logged);
        }
    }

    @Test
    void requiredAuthenticationWithoutAuthOrACommonMechanism() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 srv ESMTP", server("250-srv\n250 PIPELINING"))) {
            assertAuthFailed(deliver(s, Map.of(), authenticators(null), "hosts_require_auth", "*"),
                    "authentication required but server did not advertise AUTH support");
            assertEquals(List.of("EHLO client.example", "QUIT"), s.commandsAfterQuit());
        }
        try (ScriptedServer s = new ScriptedServer("220 srv ESMTP", server("250-srv\n250 AUTH CRAM-MD5"))) {
            assertAuthFailed(deliver(s, Map.of(), authenticators(null), "hosts_require_auth", "*"),
                    "authentication required but no common mechanisms were found");
        }
    }

    @Test
    void aFalseClientConditionSkipsTheAuthenticator() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 srv ESMTP",
                server(EHLO, "334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", "235 ok"))) {
            TransportResult r = deliver(s, Map.of("no", "no"), authenticators("$no"), "hosts_try_auth",
                    "127.0.0.1");
            assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
            assertEquals(List.of("AUTH LOGIN", "dXNlcg==", "c2VjcmV0"), s.commandsAfterQuit().subList(1, 4));
        }
    }

    @Test
    void aHostInNeitherListDoesNotAuthenticate() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 srv ESMTP", server(EHLO, "235 ok"))) {
            TransportResult r = deliver(s, Map.of(), authenticators(null), "hosts_try_auth", "192.0.2.1");
            assertEquals("MAIL FROM:<sender@example.com>", s.commandsAfterQuit().get(1));
            assertEquals(Optional.empty(), r.clientAuthenticator());
        }
    }

    @Test
    void authOfferedOnlyUnderTlsIsUsedAfterTheSecondEhlo(@TempDir Path dir)
            throws Exception {
        TlsServer.certificate(dir, "server", "DNS:localhost,IP:127.0.0.1");
        try (TlsServer s = new TlsServer(dir.resolve("server.p12"), false, "220 go ahead").offeringAuthUnderTls()) {
            Map<String, String> vars = Map.of("primary_hostname", "client.example");
            Delivery base = new TestDelivery(TestMessage.of("hello\n"), List.of(A), List.of(), new TestExpander(vars));
            TransportResult r = StartTlsTest.to(s.port(), "hosts_require_auth", "*")
                    .deliver(new AuthDelivery(base, authenticators(null), logged));
            assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
            assertEquals(List.of("EHLO client.example", "STARTTLS", "TLS EHLO client.example", "TLS " + PLAIN,
                    "TLS MAIL FROM:<sender@example.com>"), s.commandsAfterQuit().subList(0, 5));
        }
    }

    @Test
    void aForcedFailureMovesOnAndAnExpansionErrorGivesUpTheHost() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 srv ESMTP",
                server(EHLO, "334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", "235 ok"))) {
            List<ClientAuthenticator> auths = List.of(authenticator("plain", "PLAIN", "${fail}", null),
                    authenticators(null).get(1));
            TransportResult r = deliver(s, Map.of(), auths, "hosts_require_auth", "*");
            assertEquals("login", r.clientAuthenticator().orElseThrow());
            assertEquals("AUTH LOGIN", s.commandsAfterQuit().get(1));
        }
        try (ScriptedServer s = new ScriptedServer("220 srv ESMTP", server(EHLO))) {
            List<ClientAuthenticator> auths = List.of(authenticator("plain", "PLAIN", "^$nosuch^x", null));
            TransportResult r = deliver(s, Map.of(), auths, "hosts_try_auth", "*");
            Outcome.Deferred d = assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow());
            assertEquals("expansion of \"^$nosuch^x\" failed in plain authenticator: unknown variable name "
                    + "\"nosuch\"", d.message());
            assertEquals(List.of("EHLO client.example", "QUIT"), s.commandsAfterQuit());
        }
    }

    private static void assertAuthFailed(TransportResult r, String text) {
        Outcome.Deferred d = assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow());
        assertEquals(text, d.message());
        assertEquals(ErrorClass.AUTH_FAILED, d.errorClass());
        HostAttempt.Failed f = assertInstanceOf(HostAttempt.Failed.class, r.hosts().get(0));
        assertEquals(ErrorClass.AUTH_FAILED, f.errorClass());
    }
}
