package org.osprey.mta.transport.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A one-thread SMTP server on loopback for the error cases: each command line is handed
 * to {@code answer}, which gives the reply ("250 OK"), or null to say nothing (a server
 * that hangs), or "CLOSE" to drop the connection. What it received is kept: every
 * command line, and the raw DATA.
 */
final class ScriptedServer implements AutoCloseable {
    final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    final StringBuilder data = new StringBuilder();
    /** The client address of each connection, in order. */
    final List<String> peers = Collections.synchronizedList(new ArrayList<>());
    private final ServerSocket server;
    private final Thread thread;

    ScriptedServer(String greeting, Function<String, String> answer) throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(greeting, answer), "scripted-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    /** The commands received, once the client's QUIT has arrived (it does not wait for the 221). */
    List<String> commandsAfterQuit() throws InterruptedException {
        for (int i = 0; i < 200 && !commands.contains("QUIT"); i++) {
            Thread.sleep(10);
        }
        return commands;
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve(String greeting, Function<String, String> answer) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                peers.add(s.getInetAddress().getHostAddress());
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                OutputStream out = s.getOutputStream();
                if (!reply(out, greeting)) {
                    continue;
                }
                String line;
                while ((line = in.readLine()) != null) {
                    commands.add(line);
                    String r = answer.apply(line);
                    if (r != null && r.startsWith("354")) {
                        reply(out, r);
                        String d;
                        while ((d = in.readLine()) != null && !d.equals(".")) {
                            synchronized (data) {
                                data.append(d).append('\n');
                            }
                        }
                        commands.add(".");
                        r = answer.apply(".");
                    }
                    if (!reply(out, r) || line.equals("QUIT")) {
                        break;
                    }
                }
            } catch (IOException e) {
                // The client went away: wait for the next one.
            }
        }
    }

    /** Writes a reply; false when the connection is to be dropped. */
    private static boolean reply(OutputStream out, String r) throws IOException {
        if (r == null) {
            return true;
        }
        if (r.equals("CLOSE")) {
            return false;
        }
        out.write((r.replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return true;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
