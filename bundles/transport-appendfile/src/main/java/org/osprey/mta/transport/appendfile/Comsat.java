package org.osprey.mta.transport.appendfile;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * {@code notify_comsat}: after a delivery to a mailbox file, Exim sends the biff service
 * (comsat) on 127.0.0.1 one UDP datagram, {@code user@offset\n} and a NUL, the offset
 * being where the new message starts. The port is the "biff" udp service of
 * {@code /etc/services}, as getservbyname gives it; when there is none nothing is sent.
 * Errors are ignored, as in Exim: the notification is a courtesy.
 */
final class Comsat {
    private static final Path SERVICES = Path.of("/etc/services");

    private Comsat() {
    }

    static void notify(String user, long offset) {
        OptionalInt port = biffPort(SERVICES);
        if (port.isPresent()) {
            send(user, offset, port.getAsInt());
        }
    }

    /** Sends the datagram to 127.0.0.1 at {@code port}. */
    static void send(String user, long offset, int port) {
        byte[] data = datagram(user, offset);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(data, data.length, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}),
                    port));
        } catch (IOException e) {
            // Exim, too, only notes a failed send in its debug output
        }
    }

    /** Exim's text: at most 200 bytes of the user name, "@", the offset, a newline, and the C string's NUL. */
    static byte[] datagram(String user, long offset) {
        byte[] name = user.getBytes(StandardCharsets.UTF_8);
        int keep = Math.min(name.length, 200);
        byte[] tail = ("@" + offset + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[keep + tail.length + 1];
        System.arraycopy(name, 0, data, 0, keep);
        System.arraycopy(tail, 0, data, keep, tail.length);
        return data;
    }

    /** The port of the "biff" service over udp in a services file (name or alias), if any. */
    static OptionalInt biffPort(Path services) {
        try {
            for (String line : Files.readAllLines(services, StandardCharsets.ISO_8859_1)) {
                int hash = line.indexOf('#');
                String[] words = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
                if (words.length < 2 || !words[1].endsWith("/udp")) {
                    continue;
                }
                for (int i = 0; i < words.length; i++) {
                    if (i != 1 && words[i].equals("biff")) {
                        return OptionalInt.of(Integer.parseInt(words[1].substring(0, words[1].indexOf('/'))));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no services file: like an unknown service
        }
        return OptionalInt.empty();
    }
}
