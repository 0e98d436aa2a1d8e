package org.osprey.mta.core.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.HeaderLine;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.core.spool.MessageIdGenerator;

/**
 * What the engine lends a transport for AUTH as a client: the authenticators with a client
 * side, in configuration order, with their public names and unexpanded client_condition,
 * and the message's authenticated id and sender from the spool (-auth_id, -auth_sender).
 */
class ClientAuthenticatorsDeliveryTest {
    static final String CONFIG = """
            begin routers
            remote:
              driver = accept
              transport = remote_t

            begin transports
            remote_t:
              driver = testremote
              outcome = fail <$authenticated_id> <$authenticated_sender>

            begin authenticators
            plain:
              driver = plaintext
              public_name = PLAIN
              client_send = ^user^secret
              client_condition = ${if def:tls_out_cipher}
            server_only:
              driver = plaintext
              public_name = X-SERVER
              server_condition = yes
            login:
              driver = plaintext
              client_send = : user : secret
            """;

    @TempDir
    Path dir;

    @Test
    void theAuthenticatorThatSucceededIsTheDeliveryLinesA() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir,
                CONFIG.replaceFirst("outcome = .*", "outcome = authenticated login"))) {
            MessageId id = f.submit("s@example.org", "r@remote.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertEquals(id + " => r@remote.example R=remote T=remote_t H=mx.remote.example [192.0.2.1] A=login",
                    f.mainlogLines().get(0));
        }
    }

    @Test
    void theTransportGetsTheClientAuthenticatorsAndTheAuthenticatedSender() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG)) {
            MessageId id = new MessageIdGenerator(Clock.fixed(Instant.now(), ZoneOffset.UTC), 1000, 0).next();
            HeaderFile h = HeaderFile.builder(id).originator("tester", 1000, 1000).sender("s@example.org")
                    .receivedTime(Instant.now().getEpochSecond()).flag("deliver_firsttime")
                    .variable("received_protocol", "esmtpa").variable("auth_id", "someone")
                    .variable("auth_sender", "a b@example.org").recipient("r@remote.example")
                    .header(HeaderLine.typed("Subject: t\n")).build();
            f.spool.store(h, new ByteArrayInputStream("body\n".getBytes(StandardCharsets.US_ASCII)));
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertEquals(List.of("plain PLAIN ${if def:tls_out_cipher}", "login login null"),
                    f.transports.authenticators.get(0));
            assertTrue(f.mainlog().contains("** r@remote.example R=remote T=remote_t: <someone> <a b@example.org>"),
                    f.mainlog());
        }
    }
}
