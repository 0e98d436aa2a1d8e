package org.osprey.mta.core.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions on real loopback connections: synchronisation checks, and Python's smtplib as the client. */
class SmtpSocketTest {
    @TempDir
    Path dir;

    /** Accepts one connection and runs a session on it in a thread; returns the port. */
    private static Thread serve(ServerSocket server, SmtpService service) {
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                ClientConnection conn = new ClientConnection((InetSocketAddress) s.getRemoteSocketAddress(),
                        (InetSocketAddress) s.getLocalSocketAddress(), false, null, null, false, false);
                SmtpSession.overSocket(service, s, conn).run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        t.start();
        return t;
    }

    @Test
    void inputSentBeforeTheReplyIsASynchronisationError() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = serve(server, f.service(SmtpSessionTest.RELAY).build());
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                assertTrue(r.readLine().startsWith("220 mx.test.example ESMTP "));
                OutputStream o = c.getOutputStream();
                o.write("EHLO x\r\nMAIL FROM:<a@b.example>\r\n".getBytes(StandardCharsets.ISO_8859_1));
                o.flush();
                assertEquals("554 SMTP synchronization error", r.readLine());
                assertEquals(null, r.readLine());
            }
            t.join(5000);
        }
        assertTrue(f.mainlog().contains("SMTP protocol synchronization error (next input sent too soon: pipelining was "
                + "not advertised): rejected \"EHLO x\" H=[127.0.0.1] next input=\"MAIL FROM:<a@b.example>\\r\\n\"\n"),
                f.mainlog());
    }

    @Test
    void pythonSmtplibSendsAMessage() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = serve(server, f.service(SmtpSessionTest.RELAY).build());
            Path script = Files.writeString(dir.resolve("send.py"), """
                    import smtplib, sys
                    s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]))
                    s.ehlo("client.example")
                    r = s.sendmail("a@b.example", ["u@test.example", "v@test.example"],
                                   "Subject: hello\\r\\n\\r\\n.leading dot\\r\\nline two\\r\\n")
                    print(r)
                    print(s.quit())
                    """);
            Process p = new ProcessBuilder("python3", script.toString(), Integer.toString(server.getLocalPort()))
                    .redirectErrorStream(true).start();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), output);
            assertTrue(output.startsWith("{}\n(221, b'mx.test.example closing connection')"), output);
            t.join(5000);
        }
        assertEquals(1, f.accepted.size());
        String id = f.accepted.get(0).toString();
        assertEquals(id + "-D\n.leading dot\nline two\n", f.spoolFile(id + "-D"));
        String h = f.spoolFile(id + "-H");
        assertTrue(h.contains("\n2\nu@test.example\nv@test.example\n"), h);
        assertTrue(h.contains("--host_address [127.0.0.1]:"), h);
        assertTrue(f.mainlog().contains(id + " <= a@b.example H=(client.example) [127.0.0.1] P=esmtp S="),
                f.mainlog());
        assertEquals(List.of(id + "-D", id + "-H"), f.spoolNames());
    }

    @Test
    void inputBeforeTheBannerIsRefusedWithoutPipeConnect() throws Exception {
        SessionFixture f = new SessionFixture(dir, "pipelining_connect_advertise_hosts =\n");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            c.getOutputStream().write("EHLO x\r\n".getBytes(StandardCharsets.ISO_8859_1));
            c.getOutputStream().flush();
            Thread.sleep(100);
            Thread t = serve(server, f.service(SmtpSessionTest.RELAY).build());
            BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.ISO_8859_1));
            assertEquals("554 SMTP synchronization error", r.readLine());
            assertEquals(null, r.readLine());
            t.join(5000);
        }
        assertTrue(f.mainlog().contains("SMTP protocol synchronization error (input sent without waiting for greeting): "
                + "rejected connection from H=[127.0.0.1] input=\"EHLO x\\r\\n\"\n"), f.mainlog());
    }

    @Test
    void silentClientTimesOut() throws Exception {
        SessionFixture f = new SessionFixture(dir, "smtp_receive_timeout = 1s\n");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = serve(server, f.service(SmtpSessionTest.RELAY).build());
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                assertTrue(r.readLine().startsWith("220 "));
                assertEquals("421 mx.test.example: SMTP command timeout - closing connection", r.readLine());
                assertEquals(null, r.readLine());
            }
            t.join(5000);
        }
        assertTrue(f.mainlog().contains("SMTP command timeout on connection from [127.0.0.1]\n"), f.mainlog());
    }
}
