package org.osprey.mta.core.log;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * A small syslog client: one message per call in the BSD format the C library's syslog()
 * sends ({@code <PRI>Mmm dd hh:mm:ss name: text}), to a UDP address or a unix stream socket
 * such as {@code /dev/log} under syslog-ng. It never blocks the caller for long and never
 * throws: a message that cannot be sent is dropped, as the C library drops it.
 *
 * <p>The JDK has no unix <em>datagram</em> sockets, which is what rsyslog and journald
 * listen on at {@code /dev/log}; {@link #system()} therefore tries a unix stream connection
 * to {@code /dev/log} and otherwise sends UDP to 127.0.0.1:514.
 */
public final class SyslogSender implements Closeable {
    /** Priorities Exim uses: main log lines, reject log lines, panics. */
    public static final int INFO = 6;
    public static final int NOTICE = 5;
    public static final int ALERT = 1;

    private static final Map<String, Integer> FACILITIES = Map.ofEntries(Map.entry("kern", 0),
            Map.entry("user", 1), Map.entry("mail", 2), Map.entry("daemon", 3), Map.entry("auth", 4),
            Map.entry("syslog", 5), Map.entry("lpr", 6), Map.entry("news", 7), Map.entry("uucp", 8),
            Map.entry("cron", 9), Map.entry("authpriv", 10), Map.entry("ftp", 11), Map.entry("local0", 16),
            Map.entry("local1", 17), Map.entry("local2", 18), Map.entry("local3", 19), Map.entry("local4", 20),
            Map.entry("local5", 21), Map.entry("local6", 22), Map.entry("local7", 23));
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    private final DatagramChannel udp;
    private final InetSocketAddress udpTarget;
    private final SocketChannel stream;

    private SyslogSender(DatagramChannel udp, InetSocketAddress udpTarget, SocketChannel stream) {
        this.udp = udp;
        this.udpTarget = udpTarget;
        this.stream = stream;
    }

    /** Sends to a syslog daemon listening for UDP. */
    public static SyslogSender udp(InetSocketAddress target) throws IOException {
        return new SyslogSender(DatagramChannel.open(), target, null);
    }

    /** Sends over a unix stream socket (syslog-ng's unix-stream source). */
    public static SyslogSender unixStream(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return new SyslogSender(null, null, ch);
    }

    /** /dev/log as a unix stream socket when that works, else UDP to 127.0.0.1:514. */
    public static SyslogSender system() throws IOException {
        try {
            return unixStream(Path.of("/dev/log"));
        } catch (IOException | UnsupportedOperationException e) {
            return udp(new InetSocketAddress("127.0.0.1", 514));
        }
    }

    /**
     * The facility code for a {@code syslog_facility} value: a name such as {@code mail} or
     * {@code local3}, with or without {@code log_}, in any case; null means mail.
     *
     * @throws IllegalArgumentException for a name syslog does not have
     */
    public static int facility(String name) {
        if (name == null || name.isEmpty()) {
            return 2;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("log_")) {
            n = n.substring(4);
        }
        Integer code = FACILITIES.get(n);
        if (code == null) {
            throw new IllegalArgumentException("failed to interpret syslog_facility \"" + name + "\"");
        }
        return code;
    }

    /** The bytes of one message as the C library formats it. */
    static byte[] format(int facility, int priority, String name, long pid, boolean withPid, ZonedDateTime now,
            String text) {
        String head = "<" + (facility * 8 + priority) + ">" + STAMP.format(now) + " " + name
                + (withPid ? "[" + pid + "]" : "") + ": ";
        return (head + text).getBytes(StandardCharsets.UTF_8);
    }

    /** Sends one message; failures are swallowed. */
    public synchronized void send(byte[] message) {
        try {
            if (udp != null) {
                udp.send(ByteBuffer.wrap(message), udpTarget);
            } else {
                ByteBuffer b = ByteBuffer.allocate(message.length + 1).put(message).put((byte) 0).flip();
                while (b.hasRemaining()) {
                    stream.write(b);
                }
            }
        } catch (IOException e) {
            // As syslog(3): nowhere to report it.
        }
    }

    @Override
    public void close() throws IOException {
        if (udp != null) {
            udp.close();
        }
        if (stream != null) {
            stream.close();
        }
    }
}
