package org.osprey.mta.core.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RFC 1413 query, as Exim's verify_get_ident makes it: a connection from the interface
 * the client came in on to port 113 of the client, {@code <client port> , <our port>}, and
 * the user id after the third colon of a {@code USERID} reply for those two ports. The
 * whole exchange is bounded by the timeout (rfc1413_query_timeout); any failure means no
 * ident, never an error.
 */
public final class IdentClient {
    /** The ident port. */
    public static final int PORT = 113;
    private static final int MAX_REPLY = 2048;
    private static final Pattern REPLY = Pattern.compile(
            "\\s*(\\d+)\\s*,\\s*(\\d+)\\s*:\\s*USERID\\s*:[^:]*:\\s*(\\S.*)", Pattern.DOTALL);

    private final int port;

    public IdentClient() {
        this(PORT);
    }

    /** A client querying another port than 113 (tests). */
    public IdentClient(int port) {
        this.port = port;
    }

    /** Why a query gave nothing, when it matters for the log: a timeout (logged under +ident_timeout). */
    public static final class TimedOut extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Asks the client who is on the other end of its connection.
     *
     * @param remote the client's address and port
     * @param local our end of the connection (the query is made from that address)
     * @return the user id (at most 127 characters, non-printing ones escaped), or empty
     * @throws TimedOut when the connection or the reply took longer than the timeout
     */
    public Optional<String> query(InetSocketAddress remote, InetSocketAddress local, Duration timeout)
            throws TimedOut {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(local.getAddress(), 0));
            s.connect(new InetSocketAddress(remote.getAddress(), port), (int) Math.max(1, timeout.toMillis()));
            OutputStream out = s.getOutputStream();
            out.write((remote.getPort() + " , " + local.getPort() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buffer = new byte[MAX_REPLY];
            int n = 0;
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new TimedOut();
                }
                s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                if (n == buffer.length) {
                    return Optional.empty();
                }
                int got = in.read(buffer, n, buffer.length - n);
                if (got <= 0) {
                    return Optional.empty();
                }
                for (int i = n; i < n + got; i++) {
                    if (buffer[i] == 0) {
                        return Optional.empty();
                    }
                    if (buffer[i] == '\n') {
                        int end = i > 0 && buffer[i - 1] == '\r' ? i - 1 : i;
                        return parse(new String(buffer, 0, end, StandardCharsets.ISO_8859_1), remote.getPort(),
                                local.getPort());
                    }
                }
                n += got;
            }
        } catch (SocketTimeoutException e) {
            throw new TimedOut();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The user id of a reply line, when it is a USERID reply for these ports. */
    static Optional<String> parse(String line, int remotePort, int localPort) {
        Matcher m = REPLY.matcher(line);
        if (!m.matches() || !m.group(1).equals(Integer.toString(remotePort))
                || !m.group(2).equals(Integer.toString(localPort))) {
            return Optional.empty();
        }
        String id = m.group(3);
        return Optional.of(printing(id.substring(0, Math.min(127, id.length()))));
    }

    /** Exim's string_printing, so that the id cannot break a log or Received: line. */
    private static String printing(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c >= 32 && c < 127) {
                out.append(c);
            } else {
                switch (c) {
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\b' -> out.append("\\b");
                    case '\t' -> out.append("\\t");
                    case '\f' -> out.append("\\f");
                    case 11 -> out.append("\\v");
                    default -> out.append(String.format("\\%03o", (int) c));
                }
            }
        }
        return out.toString();
    }
}
