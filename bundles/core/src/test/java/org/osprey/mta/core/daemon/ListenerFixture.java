package org.osprey.mta.core.daemon;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.osprey.mta.core.lists.HostResolver;
import org.osprey.mta.core.log.LogConfig;
import org.osprey.mta.core.log.LogSelector;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.smtp.ClientConnection;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.MatchResult;

/** A listener on 127.0.0.1 with a fake session, fake host lists and a log in a temporary directory. */
final class ListenerFixture implements AutoCloseable {
    /** Lists the fake checks match: "*" matches, anything else does not. */
    static final ConnectionChecks CHECKS = new ConnectionChecks() {
        @Override
        public MatchResult matchHost(String list, ClientConnection client) {
            return "*".equals(list) ? MatchResult.MATCH : MatchResult.NO_MATCH;
        }

        @Override
        public String expand(String template, ClientConnection client) throws ExpansionException {
            return template.equals("$primary_hostname") ? "test.example" : template;
        }
    };

    final BlockingQueue<ClientConnection> sessions = new LinkedBlockingQueue<>();
    final Path logDir;
    final LogWriter log;
    final SmtpListener listener;
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    ListenerFixture(Path dir, String selector, AcceptLimits limits, Set<Integer> tlsPorts, String hostLookup,
            HostResolver resolver, LoadAverage load, Duration identTimeout, IdentClient ident) throws Exception {
        this.logDir = dir;
        this.log = new LogWriter(LogConfig.files(dir + "/%slog", LogSelector.parse(selector)), Clock.systemUTC(), 1,
                new PrintStream(stderr, true, StandardCharsets.UTF_8), null);
        ListenerSettings settings = new ListenerSettings(List.of(new ListenAddress("127.0.0.1", 0)), tlsPorts, false,
                limits, hostLookup, "*", identTimeout, null, null, true, true, 0, Duration.ofSeconds(1));
        ConnectionHandler handler = (socket, c) -> {
            sessions.add(c);
            socket.getOutputStream().write("220 session\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // The session lasts until the client goes.
            while (socket.getInputStream().read() >= 0) {
                // discard
            }
        };
        this.listener = new SmtpListener(settings, handler, CHECKS, new HostNameLookup(resolver), ident, load, log);
        listener.bind();
        listener.start();
    }

    static AcceptLimits limits(int max, int reserve, String reserveHosts, int loadReserve, String perHost, int queue) {
        return new AcceptLimits(max, reserve, reserveHosts, loadReserve, perHost, queue, -1, 20);
    }

    int port() {
        return listener.boundAddresses().get(0).port();
    }

    /** Connects and returns the socket and the first line the server wrote. */
    Socket connect(List<String> firstLines) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port()), 2000);
        s.setSoTimeout(5000);
        BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        firstLines.add(r.readLine());
        return s;
    }

    /** The main log without timestamps, once it has at least {@code n} lines (or after two seconds). */
    List<String> mainlog(int n) throws Exception {
        Path file = logDir.resolve("mainlog");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            out.clear();
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    out.add(line.substring(20));
                }
            }
            if (out.size() >= n) {
                break;
            }
            Thread.sleep(20);
        }
        return out;
    }

    static HostResolver resolver(Map<String, List<String>> names, Map<String, List<String>> addresses) {
        return new HostResolver() {
            @Override
            public List<String> addresses(String name) {
                return addresses.getOrDefault(name, List.of());
            }

            @Override
            public List<String> names(String address) {
                return names.getOrDefault(address, List.of());
            }

            @Override
            public List<MxRecord> mx(String domain) {
                return List.of();
            }

            @Override
            public List<String> localAddresses() {
                return List.of("127.0.0.1");
            }
        };
    }

    @Override
    public void close() throws IOException {
        listener.close();
        log.close();
    }
}
