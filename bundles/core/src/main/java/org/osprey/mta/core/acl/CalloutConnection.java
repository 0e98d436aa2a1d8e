package org.osprey.mta.core.acl;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The SMTP client side of a callout: one connection, a command at a time, replies read in full
 * (multi-line replies kept as Exim keeps them, lines joined by newlines, codes included).
 */
final class CalloutConnection implements Closeable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** A reply: its code (0 when it did not start with three digits) and its lines. */
    record Reply(int code, String text) {
        char first() {
            return text.isEmpty() ? ' ' : text.charAt(0);
        }
    }

    private CalloutConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Connects; {@code commandTimeout} then applies to every read.
     *
     * @param localAddress the outgoing interface, or null for any
     */
    static CalloutConnection open(String address, int port, String localAddress, Duration connectTimeout,
            Duration commandTimeout) throws IOException {
        Socket s = new Socket();
        try {
            if (localAddress != null) {
                s.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            }
            s.connect(new InetSocketAddress(InetAddress.getByName(address), port), millis(connectTimeout));
            s.setSoTimeout(millis(commandTimeout));
            return new CalloutConnection(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    /** Sends one command line (CRLF added). */
    void send(String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads one reply; an {@link java.io.EOFException} when the server closed the connection first. */
    Reply read() throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            String line = line();
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(line);
            boolean more = line.length() > 3 && line.charAt(3) == '-' && digits(line);
            if (!more) {
                return new Reply(digits(line) ? Integer.parseInt(line.substring(0, 3)) : 0, text.toString());
            }
        }
    }

    Reply command(String command) throws IOException {
        send(command);
        return read();
    }

    private static boolean digits(String line) {
        return line.length() >= 3 && Character.isDigit(line.charAt(0)) && Character.isDigit(line.charAt(1))
                && Character.isDigit(line.charAt(2));
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new java.io.EOFException("connection dropped");
            }
            if (c == '\n') {
                break;
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
