package org.osprey.mta.core.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.HostStatus;

/** The router's fallback_hosts and the engine's host finder reach a remote transport; a local one gets neither. */
class FallbackHostsWiringTest {
    private static final String CONFIG = """
            begin routers
            remote:
              driver = accept
              domains = *.remote.example
              transport = remote_t
              fallback_hosts = fb.example::2525 : [127.0.0.9]::26 : 192.0.2.5
            local:
              driver = accept
              transport = local_t
              fallback_hosts = fb.example

            begin transports
            local_t:
              driver = testlocal
            remote_t:
              driver = testremote
            """;

    @TempDir
    Path dir;

    @Test
    void theRoutersFallbackHostsGoToTheRemoteTransportByName() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG)) {
            MessageId id = f.submit("sender@s.example", "user@a.remote.example", "user@local.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            RecordingTransports.Call remote = f.transports.calls.stream().filter(c -> c.transport().equals("remote_t"))
                    .findFirst().orElseThrow();
            assertEquals(List.of(new Host("fb.example", null, 2525, Host.NO_MX, HostStatus.UNKNOWN),
                    new Host("127.0.0.9", null, 26, Host.NO_MX, HostStatus.UNKNOWN),
                    new Host("192.0.2.5", null, Host.DEFAULT_PORT, Host.NO_MX, HostStatus.UNKNOWN)),
                    remote.fallbackHosts());
            assertTrue(remote.hostFinder());
            RecordingTransports.Call local = f.transports.calls.stream().filter(c -> c.transport().equals("local_t"))
                    .findFirst().orElseThrow();
            assertEquals(List.of(), local.fallbackHosts());
            assertFalse(local.hostFinder());
        }
    }
}
