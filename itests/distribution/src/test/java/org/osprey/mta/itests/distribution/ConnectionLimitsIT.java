package org.osprey.mta.itests.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With smtp_accept_max raised to 500, the daemon holds 500 idle connections within a heap of
 * {@value #HEAP}, which the README documents as the bound for that many sessions, and
 * refuses the next one with 421. The held sessions still answer afterwards.
 */
class ConnectionLimitsIT {
    static final String HEAP = "64m";
    private static final int CONNECTIONS = 500;

    @Test
    void holdsFiveHundredIdleConnectionsAndRefusesTheNext(@TempDir Path dir) throws Exception {
        Path home = Path.of(System.getProperty("osprey.assembly.dir")).toRealPath();
        Path conf = dir.resolve("configure");
        Files.writeString(conf, """
                primary_hostname = mail.example
                spool_directory = DIR/spool
                log_file_path = DIR/%slog
                smtp_accept_max = 500
                smtp_accept_max_per_host = 0
                smtp_receive_timeout = 10m
                host_lookup =
                acl_smtp_rcpt = accept
                """.replace("DIR", dir.toString()));
        List<Socket> held = new ArrayList<>();
        try (SmtpDaemon daemon = SmtpDaemon.start(home, conf,
                Map.of("OSPREY_JAVA_OPTS", "-Xmx" + HEAP + " -XX:+ExitOnOutOfMemoryError"))) {
            // The probe that waited for the listener took one connection for a moment; let it go.
            Thread.sleep(500);
            for (int i = 0; i < CONNECTIONS; i++) {
                Socket s = connect(daemon.port());
                held.add(s);
                String banner = readLine(s);
                assertTrue(banner.startsWith("220 "), "connection " + i + ": " + banner);
            }
            try (Socket extra = connect(daemon.port())) {
                String refusal = readLine(extra);
                assertTrue(refusal.startsWith("421 "), refusal);
                assertTrue(refusal.contains("Too many concurrent SMTP connections"), refusal);
            }
            for (int i = 0; i < CONNECTIONS; i += 50) {
                Socket s = held.get(i);
                OutputStream out = s.getOutputStream();
                out.write("NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertEquals("250 OK", readLine(s), "connection " + i + " after the refusal");
            }
            assertTrue(Files.readString(dir.resolve("mainlog")).contains("Connection from [127.0.0.1] refused: "
                    + "too many connections"), daemon.output());
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private static Socket connect(int port) throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(20000);
        return s;
    }

    /** One reply line; the sockets stay open, so no reader that buffers beyond it. */
    private static String readLine(Socket s) throws Exception {
        StringBuilder line = new StringBuilder();
        var in = s.getInputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
