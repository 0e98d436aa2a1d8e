package org.osprey.mta.core.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.log.LogConfig;
import org.osprey.mta.core.log.LogSelector;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.smtp.ClientConnection;

/** Replies and log lines checked against exim-reference's daemon (-bdf -oX port). */
class SmtpListenerTest {
    private static final LoadAverage IDLE = () -> 100;
    @TempDir
    Path dir;

    private ListenerFixture fixture(String selector, AcceptLimits limits) throws Exception {
        return new ListenerFixture(dir, selector, limits, Set.of(), null,
                ListenerFixture.resolver(Map.of(), Map.of()), IDLE, Duration.ZERO, new IdentClient());
    }

    @Test
    void tooManyFromOneAddress() throws Exception {
        try (ListenerFixture f = fixture("+smtp_connection", ListenerFixture.limits(2, 0, null, -1, "1", 0))) {
            List<String> lines = new ArrayList<>();
            try (Socket a = f.connect(lines); Socket b = f.connect(lines); Socket c = f.connect(lines)) {
                assertEquals(List.of("220 session",
                        "421 Too many concurrent SMTP connections from this IP address; please try again later.",
                        "421 Too many concurrent SMTP connections from this IP address; please try again later."),
                        lines);
                assertEquals(List.of("SMTP connection from [127.0.0.1] (TCP/IP connection count = 1)",
                        "Connection from [127.0.0.1] refused: too many connections from that IP address",
                        "Connection from [127.0.0.1] refused: too many connections from that IP address"),
                        f.mainlog(3));
                assertEquals(1, f.listener.connectionCount());
            }
        }
    }

    @Test
    void tooManyInAllAndTheSlotIsGivenBack() throws Exception {
        try (ListenerFixture f = fixture("", ListenerFixture.limits(1, 0, null, -1, null, 0))) {
            List<String> lines = new ArrayList<>();
            Socket a = f.connect(lines);
            try (Socket b = f.connect(lines)) {
                assertEquals("421 Too many concurrent SMTP connections; please try again later.", lines.get(1));
            }
            a.close();
            for (int i = 0; i < 100 && f.listener.connectionCount() > 0; i++) {
                Thread.sleep(20);
            }
            try (Socket c = f.connect(lines)) {
                assertEquals("220 session", lines.get(2));
            }
            assertEquals(List.of("Connection from [127.0.0.1] refused: too many connections"), f.mainlog(1));
        }
    }

    @Test
    void loadReserveWithoutReserveHostsRefusesAtOnce() throws Exception {
        try (ListenerFixture f = new ListenerFixture(dir, "", ListenerFixture.limits(20, 0, null, 1, null, 0),
                Set.of(), null, ListenerFixture.resolver(Map.of(), Map.of()), () -> 2550, Duration.ZERO,
                new IdentClient())) {
            List<String> lines = new ArrayList<>();
            try (Socket a = f.connect(lines)) {
                assertEquals("421 Too much load; please try again later.", lines.get(0));
                assertEquals(List.of("Connection from [127.0.0.1] refused: load average = 2.55"), f.mainlog(1));
            }
        }
    }

    @Test
    void reservedSlotsAreForReserveHosts() throws Exception {
        try (ListenerFixture f = fixture("+smtp_connection +incoming_port",
                ListenerFixture.limits(3, 2, "10.0.0.0/8", -1, null, 0))) {
            List<String> lines = new ArrayList<>();
            try (Socket a = f.connect(lines); Socket b = f.connect(lines)) {
                assertEquals("220 session", lines.get(0));
                assertEquals("421 test.example: Too many concurrent SMTP connections; please try again later",
                        lines.get(1));
                List<String> log = f.mainlog(3);
                assertEquals("temporarily refused connection from [127.0.0.1]:" + b.getLocalPort()
                        + ": not in reserve list: connected=1 max=3 reserve=2", log.get(2));
                assertEquals("SMTP connection from [127.0.0.1]:" + b.getLocalPort()
                        + " (TCP/IP connection count = 2)", log.get(1));
            }
        }
        try (ListenerFixture f = fixture("", ListenerFixture.limits(3, 2, "*", -1, null, 0))) {
            List<String> lines = new ArrayList<>();
            try (Socket a = f.connect(lines); Socket b = f.connect(lines)) {
                assertEquals(List.of("220 session", "220 session"), lines);
                assertFalse(f.sessions.take().reservedSlot());
                assertTrue(f.sessions.take().reservedSlot());
            }
        }
    }

    @Test
    void loadReserveWithReserveHostsWaitsForTheSession() throws Exception {
        try (ListenerFixture f = new ListenerFixture(dir, "", ListenerFixture.limits(20, 0, "10.0.0.0/8", 1, null, 0),
                Set.of(), null, ListenerFixture.resolver(Map.of(), Map.of()), () -> 2550, Duration.ZERO,
                new IdentClient())) {
            List<String> lines = new ArrayList<>();
            try (Socket a = f.connect(lines)) {
                assertEquals("421 test.example: Too much load; please try again later", lines.get(0));
                assertEquals(List.of("temporarily refused connection from [127.0.0.1]: not in reserve list and "
                        + "load average = 2.55"), f.mainlog(1));
            }
        }
    }

    @Test
    void theSessionGetsWhatTheListenerFound() throws Exception {
        ServerSocket probe = new ServerSocket(0);
        int tlsPort = probe.getLocalPort();
        probe.close();
        try (ListenerFixture f = new ListenerFixture(dir, "", ListenerFixture.limits(20, 0, null, -1, null, 1),
                Set.of(), "*", ListenerFixture.resolver(Map.of("127.0.0.1", List.of("Mail.Example.")),
                        Map.of("mail.example", List.of("192.0.2.1", "127.0.0.1"))), IDLE, Duration.ZERO,
                new IdentClient())) {
            List<String> lines = new ArrayList<>();
            try (Socket a = f.connect(lines); Socket b = f.connect(lines)) {
                ClientConnection first = f.sessions.poll(5, TimeUnit.SECONDS);
                ClientConnection second = f.sessions.poll(5, TimeUnit.SECONDS);
                assertEquals("mail.example", first.hostName());
                assertEquals(a.getLocalPort(), first.remote().getPort());
                assertEquals(f.port(), first.local().getPort());
                assertFalse(first.queueOnly());
                assertTrue(second.queueOnly(), "smtp_accept_queue = 1 and this is the second connection");
                assertFalse(first.tlsOnConnect());
                assertNull(first.ident());
            }
        }
        assertTrue(tlsPort > 0);
    }

    @Test
    void aNameThatDoesNotConfirmIsNotUsedAndNoNameIsLogged() throws Exception {
        try (ListenerFixture f = new ListenerFixture(dir, "", ListenerFixture.limits(20, 0, null, -1, null, 0),
                Set.of(), "*", ListenerFixture.resolver(Map.of(), Map.of()), IDLE, Duration.ZERO,
                new IdentClient())) {
            List<String> lines = new ArrayList<>();
            try (Socket a = f.connect(lines)) {
                assertNull(f.sessions.poll(5, TimeUnit.SECONDS).hostName());
                assertEquals(List.of("no host name found for IP address 127.0.0.1"), f.mainlog(1));
            }
        }
    }

    @Test
    void identIsAskedOfTheClient() throws Exception {
        try (ServerSocket identd = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket s = identd.accept()) {
                    String q = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                            .readLine();
                    OutputStream out = s.getOutputStream();
                    out.write((q.trim() + " : USERID : UNIX,utf-8 : alice\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (Exception e) {
                    // the test fails on the missing ident
                }
            });
            server.start();
            try (ListenerFixture f = new ListenerFixture(dir, "", ListenerFixture.limits(20, 0, null, -1, null, 0),
                    Set.of(), null, ListenerFixture.resolver(Map.of(), Map.of()), IDLE, Duration.ofSeconds(5),
                    new IdentClient(identd.getLocalPort()))) {
                List<String> lines = new ArrayList<>();
                try (Socket a = f.connect(lines)) {
                    assertEquals("alice", f.sessions.poll(5, TimeUnit.SECONDS).ident());
                }
            }
            server.join(5000);
        }
    }

    @Test
    void tlsOnConnectPortsMarkTheConnection() throws Exception {
        // Port 0 is bound to whatever is free; tls_on_connect_ports must name the real port.
        ListenerSettings s = new ListenerSettings(List.of(), Set.of(465), false,
                ListenerFixture.limits(20, 0, null, -1, null, 0), null, null, Duration.ZERO, null, null, true, true, 0,
                Duration.ZERO);
        assertTrue(s.tlsOnConnect(465));
        assertFalse(s.tlsOnConnect(25));
        ListenerSettings all = new ListenerSettings(List.of(), Set.of(), true, s.limits(), null, null, Duration.ZERO,
                null, null, true, true, 0, Duration.ZERO);
        assertTrue(all.tlsOnConnect(25));
        assertEquals(Set.of(465, 25), ListenerSettings.tlsPorts("smtps : 25", ServicePorts.parse("smtps 465/tcp")));
    }

    @Test
    void bindFailureIsEximsDaemonAbandoned() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            ListenerSettings s = new ListenerSettings(List.of(new ListenAddress("127.0.0.1", port)), Set.of(), false,
                    ListenerFixture.limits(20, 0, null, -1, null, 0), null, null, Duration.ZERO, null, null, true, true,
                    1, Duration.ofMillis(10));
            try (LogWriter log = new LogWriter(LogConfig.files(dir + "/%slog", LogSelector.defaults()),
                    java.time.Clock.systemUTC(), 1, System.err, null)) {
                SmtpListener l = new SmtpListener(s, (sock, c) -> { }, ListenerFixture.CHECKS,
                        new HostNameLookup(ListenerFixture.resolver(Map.of(), Map.of())), new IdentClient(), IDLE, log);
                DaemonException e = assertThrows(DaemonException.class, l::bind);
                assertEquals("socket bind() to port " + port + " for address 127.0.0.1 failed: Address already in use: "
                        + "daemon abandoned", e.getMessage());
            }
            String logged = java.nio.file.Files.readString(dir.resolve("mainlog"));
            assertTrue(logged.contains("socket bind() to port " + port + " for address 127.0.0.1 failed: Address "
                    + "already in use: waiting 0s before trying again (1 more try)"), logged);
        }
    }
}
