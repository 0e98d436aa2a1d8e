package org.osprey.mta.core.acl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SMTP server on loopback that answers each command with a chosen reply: the key is the
 * command's verb, or the whole command line in upper case when given so; "|" in a reply
 * separates lines. Records the commands it was sent.
 */
final class ScriptedSmtpServer implements AutoCloseable {
    final List<String> commands = new CopyOnWriteArrayList<>();
    final Map<String, String> replies = new ConcurrentHashMap<>();
    private final ServerSocket server;
    private final Thread thread;

    ScriptedSmtpServer() throws IOException {
        replies.put("GREETING", "220 fake ESMTP");
        replies.put("EHLO", "250-fake|250 SIZE 1000");
        replies.put("HELO", "250 fake");
        replies.put("MAIL", "250 OK");
        replies.put("RCPT", "250 Accepted");
        replies.put("RSET", "250 Reset");
        replies.put("QUIT", "221 bye");
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "scripted-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    ScriptedSmtpServer reply(String key, String reply) {
        replies.put(key, reply);
        return this;
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                OutputStream out = s.getOutputStream();
                send(out, replies.get("GREETING"));
                String line;
                while ((line = in.readLine()) != null) {
                    commands.add(line);
                    String upper = line.toUpperCase(Locale.ROOT);
                    String verb = upper.split(" ", 2)[0];
                    String reply = replies.getOrDefault(upper, replies.getOrDefault(verb, "500 unknown"));
                    send(out, reply);
                    if (verb.equals("QUIT")) {
                        break;
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write((reply.replace("|", "\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
