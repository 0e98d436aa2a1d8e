package org.osprey.mta.itests.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ratelimit counts across the daemon's connections: each connection sends one MAIL, and the
 * limit of 1.5 per hour is passed by the second, as Exim 4.96 answers (recorded with -bh:
 * "250 OK", then "550 sender rate 2.0 / 1h", then 3.0). The daemon keeps the rates in its
 * memory; a session of its own per connection would see 1.0 every time.
 */
class DaemonRatelimitIT {

    @Test
    void theRateOfAClientCountsOverItsConnections(@TempDir Path dir) throws Exception {
        Path home = Path.of(System.getProperty("osprey.assembly.dir")).toRealPath();
        Path conf = dir.resolve("configure");
        Files.writeString(conf, """
                primary_hostname = mail.example
                spool_directory = DIR/spool
                log_file_path = DIR/%slog
                host_lookup =
                acl_smtp_mail = acl_mail
                begin acl
                acl_mail:
                  deny    ratelimit = 1.5 / 1h / per_mail / strict
                          message = sender rate $sender_rate / $sender_rate_period
                  accept
                """.replace("DIR", dir.toString()));
        try (SmtpDaemon daemon = SmtpDaemon.start(home, conf, Map.of())) {
            assertEquals("250 OK", mailReply(daemon.port()));
            assertEquals("550 sender rate 2.0 / 1h", mailReply(daemon.port()));
            assertEquals("550 sender rate 3.0 / 1h", mailReply(daemon.port()));
            assertTrue(Files.readString(dir.resolve("rejectlog")).contains("sender rate 3.0 / 1h"), daemon.output());
        }
    }

    /** The reply to MAIL in a connection of its own. */
    private static String mailReply(int port) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(20000);
            assertTrue(readLine(s).startsWith("220 "));
            OutputStream out = s.getOutputStream();
            out.write("HELO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(readLine(s).startsWith("250 "));
            out.write("MAIL FROM:<a@b.example>\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = readLine(s);
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return reply;
        }
    }

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
