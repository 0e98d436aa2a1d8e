package org.osprey.mta.transport.lmtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * An LMTP server on a Unix domain socket for one connection, answering as told: a
 * greeting (null: none, the client waits), a reply for each command (null: the connection
 * is dropped), and after the final dot the given replies in order (a null one drops it).
 * Records the lines it received, the message's lines included.
 */
final class ScriptedServer implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Thread thread;
    final List<String> received = Collections.synchronizedList(new ArrayList<>());

    ScriptedServer(Path socket, String greeting, Function<String, String> replies, List<String> afterDot)
            throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread = new Thread(() -> serve(greeting, replies, afterDot), "scripted-lmtp");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve(String greeting, Function<String, String> replies, List<String> afterDot) {
        try (SocketChannel channel = server.accept()) {
            var in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.ISO_8859_1));
            OutputStream out = Channels.newOutputStream(channel);
            if (greeting == null) {
                in.readLine();
                return;
            }
            send(out, greeting);
            boolean data = false;
            String line;
            while ((line = in.readLine()) != null) {
                received.add(line);
                if (data) {
                    if (line.equals(".")) {
                        data = false;
                        for (String reply : afterDot) {
                            if (reply == null) {
                                return;
                            }
                            send(out, reply);
                        }
                    }
                    continue;
                }
                String reply = replies.apply(line);
                if (reply == null) {
                    return;
                }
                send(out, reply);
                data = line.equals("DATA") && reply.startsWith("3");
            }
        } catch (IOException e) {
            // The client went away: the test looks at what it got.
        }
    }

    /** Ordinary replies: 250 to everything, 354 to DATA, 221 to QUIT. */
    static String accepting(String line) {
        if (line.equals("DATA")) {
            return "354 go ahead";
        }
        return line.equals("QUIT") ? "221 bye" : "250 ok";
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        thread.join(5000);
    }
}
