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
 * A one-thread SMTP (or LMTP) server on loopback for the error cases: each command line is
 * handed to {@code answer}, which gives the reply ("250 OK", lines of a multi-line reply
 * or several replies joined by "\n"), or null to say nothing from then on (a server that
 * hangs: the client's timeouts), or "CLOSE" to drop the connection; the final dot of DATA is handed
 * over as ".". The greeting may be null or "CLOSE" too. Replies end in CR LF, or in a bare
 * LF when {@code lfOnly}. What it received is kept: every command line, whether the
 * client had already sent more when it arrived (pipelining), the raw DATA, and the octets of each BDAT.
 */
class ScriptedServer implements AutoCloseable {
    final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    /** The commands that arrived with more input already behind them: sent pipelined. */
    final List<String> pipelined = Collections.synchronizedList(new ArrayList<>());
    final StringBuilder data = new StringBuilder();
    /** The data of each BDAT, as sent (CR LF line ends). */
    final List<String> chunks = Collections.synchronizedList(new ArrayList<>());
    /** The client address of each connection, in order. */
    final List<String> peers = Collections.synchronizedList(new ArrayList<>());
    private final ServerSocket server;
    private final Thread thread;
    private final String eol;
    /** Set once a reply is null: a server that hangs says nothing more on that connection. */
    private boolean silent;

    ScriptedServer(String greeting, Function<String, String> answer) throws IOException {
        this(greeting, answer, false);
    }

    ScriptedServer(String greeting, Function<String, String> answer, boolean lfOnly) throws IOException {
        eol = lfOnly ? "\n" : "\r\n";
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
                silent = greeting == null;
                if (!reply(out, greeting)) {
                    continue;
                }
                String line;
                while ((line = in.readLine()) != null) {
                    if (in.ready()) {
                        pipelined.add(line);
                    }
                    commands.add(line);
                    if (line.startsWith("BDAT ")) {
                        readChunk(in, Integer.parseInt(line.split(" ")[1]));
                    }
                    String r = silent ? null : answer.apply(line);
                    silent = r == null;
                    if (r != null && r.startsWith("354")) {
                        reply(out, r);
                        while (!readsData() && !server.isClosed()) {
                            sleep();
                        }
                        String d;
                        while ((d = in.readLine()) != null && !d.equals(".")) {
                            synchronized (data) {
                                data.append(d).append('\n');
                            }
                        }
                        commands.add(".");
                        r = answer.apply(".");
                        silent = r == null;
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

    /** The octets after a BDAT command (RFC 3030), as they are, into {@link #chunks}. */
    private void readChunk(BufferedReader in, int size) throws IOException {
        char[] chunk = new char[size];
        int read = 0;
        while (read < size) {
            int n = in.read(chunk, read, size - read);
            if (n < 0) {
                throw new java.io.EOFException();
            }
            read += n;
        }
        chunks.add(new String(chunk));
    }

    /** Whether the message after a 354 is read; a server that stops reading makes the client's data_timeout run out. */
    boolean readsData() {
        return true;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes a reply; false when the connection is to be dropped. */
    private boolean reply(OutputStream out, String r) throws IOException {
        if (r == null) {
            return true;
        }
        if (r.equals("CLOSE")) {
            return false;
        }
        out.write((r.replace("\n", eol) + eol).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return true;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
