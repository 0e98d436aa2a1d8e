package org.osprey.mta.core.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real DNS server for tests: dnsmasq, on a free port of 127.0.0.1, serving only the records
 * a test gives it. Names under a {@link Builder#zone zone} that have no records answer
 * NXDOMAIN; names outside every zone answer REFUSED (a failure that is neither "no such
 * name" nor "no data": Exim's DNS_FAIL, which the routers take as "try again"). Also broken
 * names: {@link Builder#servfail} (SERVFAIL, from a small responder of this fixture that
 * dnsmasq forwards to) and {@link Builder#timeout} (forwarded to a closed port: no answer).
 *
 * <pre>{@code
 * try (Dnsmasq dns = Dnsmasq.builder().zone("test")
 *         .mx("example.test", "mx1.example.test", 10)
 *         .host("mx1.example.test", "192.0.2.1", "2001:db8::1")
 *         .start()) {
 *     DnsClient client = dns.client();            // short timeouts
 *     HostFinder finder = new DnsHostFinder(client, localHost, DnsHostFinder.Settings.defaults());
 * }
 * }</pre>
 *
 * Fails (never skips) when dnsmasq is not installed: scripts/test-packages installs dnsmasq-base.
 */
public final class Dnsmasq implements AutoCloseable {
    private static final String DNSMASQ = "/usr/sbin/dnsmasq";

    private final Process process;
    private final InetSocketAddress address;
    private final ServfailResponder servfail;
    private final String configuration;
    private final Path dir;

    private Dnsmasq(Process process, InetSocketAddress address, ServfailResponder servfail, String configuration,
            Path dir) {
        this.process = process;
        this.address = address;
        this.servfail = servfail;
        this.configuration = configuration;
        this.dir = dir;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where dnsmasq answers: 127.0.0.1 and a free port. */
    public InetSocketAddress address() {
        return address;
    }

    /** The dnsmasq configuration file's text (records only: no port or address), for scripts/with-test-dns. */
    public String configuration() {
        return configuration;
    }

    /** A client of this server alone, with a one-second timeout and one attempt, no search list. */
    public DnsClient client() {
        return client(DnsOptions.defaults().withRetrans(Duration.ofSeconds(1), 1), List.of());
    }

    /** A client of this server with these options and this search list (its first entry the default domain). */
    public DnsClient client(DnsOptions options, List<String> searchList) {
        return new DnsClient(List.of(address), searchList, 1, options);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (servfail != null) {
            servfail.close();
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }

    /** The records to serve. Names are written without a final dot. */
    public static final class Builder {
        private final List<String> lines = new ArrayList<>();
        private final List<String> servfailDomains = new ArrayList<>();

        private Builder() {
        }

        /** Names under {@code domain} without records answer NXDOMAIN (dnsmasq's {@code local=/domain/}). */
        public Builder zone(String domain) {
            return line("local=/" + domain + "/");
        }

        /** An MX record. */
        public Builder mx(String domain, String host, int preference) {
            return line("mx-host=" + domain + "," + host + "," + preference);
        }

        /** A and AAAA records for one name: the addresses in any mix of families. */
        public Builder host(String name, String... addresses) {
            return line("host-record=" + name + "," + String.join(",", addresses));
        }

        /**
         * An SRV record: {@code owner} is the whole name ({@code _smtp._tcp.example.test}); a
         * {@code target} of "." is the no-service answer (port and weights then ignored).
         */
        public Builder srv(String owner, String target, int port, int priority, int weight) {
            if (target.equals(".")) {
                return line("srv-host=" + owner + ",.");
            }
            return line("srv-host=" + owner + "," + target + "," + port + "," + priority + "," + weight);
        }

        /** A CNAME record. */
        public Builder cname(String alias, String target) {
            return line("cname=" + alias + "," + target);
        }

        /** Every name under {@code domain} answers SERVFAIL. */
        public Builder servfail(String domain) {
            servfailDomains.add(domain);
            return this;
        }

        /** Every query for a name under {@code domain} goes unanswered (forwarded to a closed port). */
        public Builder timeout(String domain) {
            return line("server=/" + domain + "/127.0.0.1#9");
        }

        /** Any other line of dnsmasq's configuration file. */
        public Builder line(String line) {
            lines.add(line);
            return this;
        }

        /** Starts dnsmasq and waits until it answers. */
        public Dnsmasq start() {
            if (!Files.isExecutable(Path.of(DNSMASQ))) {
                throw new IllegalStateException(DNSMASQ + " is missing: install dnsmasq-base (scripts/test-packages)");
            }
            ServfailResponder responder = servfailDomains.isEmpty() ? null : new ServfailResponder();
            List<String> all = new ArrayList<>(List.of("no-resolv", "no-hosts"));
            for (String domain : servfailDomains) {
                all.add("server=/" + domain + "/127.0.0.1#" + responder.port());
            }
            all.addAll(lines);
            String text = String.join("\n", all) + "\n";
            try {
                Path dir = Files.createTempDirectory("dnsmasq");
                Path conf = dir.resolve("dnsmasq.conf");
                Files.writeString(conf, text, StandardCharsets.UTF_8);
                int port = freePort();
                ProcessBuilder pb = new ProcessBuilder(DNSMASQ, "--keep-in-foreground", "--conf-file=" + conf,
                        "--pid-file", "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces",
                        "--user=root");
                pb.redirectErrorStream(true);
                pb.redirectOutput(dir.resolve("dnsmasq.log").toFile());
                Process process = pb.start();
                InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
                awaitAnswers(process, address, dir);
                return new Dnsmasq(process, address, responder, text, dir);
            } catch (IOException e) {
                if (responder != null) {
                    responder.close();
                }
                throw new UncheckedIOException(e);
            }
        }

        private static int freePort() throws SocketException {
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }

        private static void awaitAnswers(Process process, InetSocketAddress address, Path dir) throws IOException {
            SimpleResolver probe = new SimpleResolver(address);
            probe.setTimeout(Duration.ofMillis(200));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("dnsmasq exited: " + Files.readString(dir.resolve("dnsmasq.log")));
                }
                try {
                    probe.send(Message.newQuery(Record.newRecord(Name.fromString("probe.invalid."), Type.A, DClass.IN)));
                    return;
                } catch (IOException e) {
                    // Not listening yet.
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("dnsmasq did not answer on " + address);
        }
    }

    /** Answers every query with SERVFAIL, for the names dnsmasq forwards to it. */
    private static final class ServfailResponder implements AutoCloseable {
        private final DatagramSocket socket;
        private final Thread thread;

        ServfailResponder() {
            try {
                socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            } catch (SocketException e) {
                throw new UncheckedIOException(e);
            }
            thread = new Thread(this::serve, "servfail-responder");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            byte[] buffer = new byte[4096];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    if (packet.getLength() < 12) {
                        continue;
                    }
                    byte[] reply = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                    reply[2] = (byte) (0x80 | (reply[2] & 0x79)); // QR, opcode and RD kept
                    reply[3] = (byte) 0x82; // RA, rcode 2: SERVFAIL
                    socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                } catch (IOException e) {
                    // Closed, or one bad packet: carry on until closed.
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
