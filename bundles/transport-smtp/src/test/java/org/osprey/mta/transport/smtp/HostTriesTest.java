package org.osprey.mta.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.HostStatus;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.router.DnsQuery;
import org.osprey.mta.kernel.router.HostFinder;
import org.osprey.mta.kernel.router.HostLookup;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.HostAttempt;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.TransportHints;
import org.osprey.mta.kernel.transport.TransportResult;

/** Which hosts the transport tries, in what order, and how (expected values as exim-reference showed them). */
class HostTriesTest {
    static final Address A = Address.of("a", "example.net");

    static SmtpTransport transport(Random random, String... settings) throws Exception {
        OptionValues.Builder values = OptionValues.builder(SmtpOptions.TABLE);
        values.set("command_timeout", "2s");
        values.set("connect_timeout", "2s");
        for (int i = 0; i < settings.length; i += 2) {
            values.set(settings[i], settings[i + 1]);
        }
        return new SmtpTransport(Settings.from("remote_smtp", values.build()), ServicePorts.system(), random);
    }

    static SmtpTransport transport(String... settings) throws Exception {
        return transport(new Random(), settings);
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static Host mx(String name, int mx, int port) {
        return new Host(name, "127.0.0.1", port, mx, HostStatus.USABLE);
    }

    /** The hosts connected to or tried, as name:port, in order. */
    static List<String> tried(TransportResult r) {
        return r.hosts().stream().filter(a -> !(a instanceof HostAttempt.Skipped))
                .map(a -> a.host().name() + ":" + a.host().port()).toList();
    }

    static ScriptedServer server() throws IOException {
        return new ScriptedServer("220 sink ESMTP", SmtpTransportTest.esmtp(Map.of()));
    }

    @Test
    void hostsMaxTryGivesEachLaterMxPreferenceOneTry() throws Exception {
        int p = closedPort();
        List<Host> hosts = List.of(mx("a", 10, p), mx("b", 10, p), mx("c", 10, p), mx("d", 20, p), mx("e", 20, p));
        TransportResult r = transport("hosts_max_try", "2").deliver(HostsDelivery.of(hosts, A));
        // Exim: the limit is reached at b, but d has another preference: b is not counted and
        // d comes next (c is passed over); at d the limit holds.
        assertEquals(List.of("a:" + p, "b:" + p, "d:" + p), tried(r));
        Outcome.Deferred d = assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow());
        assertEquals("Connection refused", d.message());
        assertEquals("T:d:127.0.0.1:" + p, d.retryKey());
    }

    @Test
    void hostsMaxTryStopsWithinOnePreference() throws Exception {
        int p = closedPort();
        List<Host> hosts = List.of(mx("a", Host.NO_MX, p), mx("b", Host.NO_MX, p), mx("c", Host.NO_MX, p));
        assertEquals(List.of("a:" + p, "b:" + p), tried(transport("hosts_max_try", "2").deliver(HostsDelivery.of(hosts, A))));
        assertEquals(3, tried(transport().deliver(HostsDelivery.of(hosts, A))).size());
    }

    @Test
    void theHardLimitHoldsEvenAcrossPreferences() throws Exception {
        int p = closedPort();
        List<Host> hosts = List.of(mx("a", 1, p), mx("b", 2, p), mx("c", 3, p), mx("d", 4, p));
        assertEquals(List.of("a:" + p, "b:" + p, "c:" + p, "d:" + p), tried(transport("hosts_max_try", "1")
                .deliver(HostsDelivery.of(hosts, A))));
        assertEquals(List.of("a:" + p, "b:" + p), tried(transport("hosts_max_try", "1", "hosts_max_try_hardlimit", "2")
                .deliver(HostsDelivery.of(hosts, A))));
    }

    @Test
    void hostsRandomizeShufflesWithinPlusGroups() throws Exception {
        int p1 = closedPort();
        int p2 = p1 + 1 < 65536 ? closedPort() : p1;
        int p3 = closedPort();
        Set<List<String>> seen = new HashSet<>();
        for (int seed = 0; seed < 12; seed++) {
            TransportResult r = transport(new Random(seed), "hosts", "127.0.0.1::" + p1 + " : 127.0.0.1::" + p2
                    + " : + : 127.0.0.1::" + p3, "hosts_randomize", "true", "allow_localhost", "true",
                    "hosts_max_try", "1").deliver(HostsDelivery.of(List.of(), A));
            List<String> t = tried(r);
            // One host of the first group (the limit), then the second group's turn.
            assertEquals(2, t.size(), t.toString());
            assertTrue(t.get(0).endsWith(":" + p1) || t.get(0).endsWith(":" + p2), t.toString());
            assertEquals("127.0.0.1:" + p3, t.get(1));
            seen.add(t);
        }
        assertTrue(seen.size() > 1 || p1 == p2, "never shuffled: " + seen);
        // Without hosts_randomize "+" is ignored and the order is kept.
        TransportResult r = transport("hosts", "127.0.0.1::" + p1 + " : + : 127.0.0.1::" + p3, "allow_localhost",
                "true").deliver(HostsDelivery.of(List.of(), A));
        assertEquals(List.of("127.0.0.1:" + p1, "127.0.0.1:" + p3), tried(r));
    }

    @Test
    void fallbackHostsAreTriedAfterEveryMainHostDeferred() throws Exception {
        int p = closedPort();
        try (ScriptedServer s = server()) {
            TransportResult r = transport("fallback_hosts", "127.0.0.1::" + s.port(), "allow_localhost", "true")
                    .deliver(HostsDelivery.of(List.of(mx("main", 10, p)), A));
            assertEquals(List.of("main:" + p, "127.0.0.1:" + s.port()), tried(r));
            assertInstanceOf(HostAttempt.Used.class, r.hosts().get(1));
            assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
        }
    }

    @Test
    void theRoutersFallbackHostsWinOverTheTransports() throws Exception {
        int p = closedPort();
        try (ScriptedServer s = server()) {
            HostsDelivery d = HostsDelivery.of(List.of(mx("main", 10, p)), A)
                    .withFallback(List.of(new Host("127.0.0.1", null, s.port(), Host.NO_MX, HostStatus.UNKNOWN)));
            TransportResult r = transport("fallback_hosts", "127.0.0.1::" + p, "allow_localhost", "true").deliver(d);
            assertEquals(List.of("main:" + p, "127.0.0.1:" + s.port()), tried(r));
            assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
        }
    }

    @Test
    void aHostThatIsThisMachineDefersUnlessAllowLocalhost() throws Exception {
        try (ScriptedServer s = server()) {
            String[] settings = {"hosts", "127.0.0.1", "port", Integer.toString(s.port())};
            TransportResult r = transport(settings).deliver(HostsDelivery.of(List.of(), A));
            // Exim 4.96: "== a@example.net R=r T=t defer (-50): t transport found host 127.0.0.1 to be local"
            // Exim 4.96: "== a@x.example R=r T=t defer (-50): t transport found host 127.0.0.1 to be local"
            assertEquals(new Outcome.Deferred("R:a@example.net", "remote_smtp transport found host 127.0.0.1 to be local",
                    ErrorClass.HOST_IS_LOCAL, 0), r.outcome(A).orElseThrow());
            assertEquals(List.of(), s.peers);
            r = transport("hosts", "127.0.0.1", "port", Integer.toString(s.port()), "allow_localhost", "true")
                    .deliver(HostsDelivery.of(List.of(), A));
            assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
        }
    }

    /** A finder that answers from a table and records what it was asked. */
    static final class TableFinder implements HostFinder {
        final Map<String, HostLookup> table;
        final List<String> asked = new ArrayList<>();

        TableFinder(Map<String, HostLookup> table) {
            this.table = table;
        }

        static HostLookup found(HostLookup.Status status, String name, String... addresses) {
            List<Host> hosts = new ArrayList<>();
            for (String a : addresses) {
                hosts.add(new Host(name, a, Host.DEFAULT_PORT, Host.NO_MX, HostStatus.UNKNOWN));
            }
            return new HostLookup(status, hosts, name, false, false, null);
        }

        private HostLookup answer(String name) {
            return table.getOrDefault(name, found(HostLookup.Status.FAILED, name));
        }

        @Override
        public HostLookup byName(String name) {
            asked.add("byName " + name);
            return answer(name);
        }

        @Override
        public HostLookup byDns(String name, DnsQuery query) {
            asked.add("byDns " + name + " " + query.records() + " qualify=" + query.qualifySingle() + " parents="
                    + query.searchParents());
            return answer(name);
        }
    }

    @Test
    void namesAreLookedUpThroughTheEnginesFinderWithTheTransportsFlags() throws Exception {
        try (ScriptedServer s = server()) {
            TableFinder finder = new TableFinder(Map.of("good.example",
                    TableFinder.found(HostLookup.Status.FOUND, "good.example", "127.0.0.1")));
            TransportResult r = transport("hosts", "nosuch.example : good.example", "port", Integer.toString(s.port()))
                    .deliver(HostsDelivery.of(List.of(), A).withFinder(finder));
            assertEquals(List.of("byDns nosuch.example [ADDRESS] qualify=true parents=false",
                    "byDns good.example [ADDRESS] qualify=true parents=false"), finder.asked);
            assertEquals(List.of("good.example:" + s.port()), tried(r));
            assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
        }
        TableFinder finder = new TableFinder(Map.of());
        TransportResult r = transport("hosts", "nosuch.example : 127.0.0.9", "gethostbyname", "true")
                .deliver(HostsDelivery.of(List.of(), A).withFinder(finder));
        assertEquals(List.of("byName nosuch.example", "byName 127.0.0.9"), finder.asked);
        // Exim keeps the last lookup's message, and a retry item of the routing kind for the host.
        assertEquals(new Outcome.Deferred("R:127.0.0.9", "failed to lookup IP address for 127.0.0.9", ErrorClass.OTHER,
                0), r.outcome(A).orElseThrow());
        finder = new TableFinder(Map.of());
        transport("hosts", "a.example", "dns_qualify_single", "false", "dns_search_parents", "true")
                .deliver(HostsDelivery.of(List.of(), A).withFinder(finder));
        assertEquals(List.of("byDns a.example [ADDRESS] qualify=false parents=true"), finder.asked);
    }

    @Test
    void theFindersLocalVerdictCounts() throws Exception {
        TableFinder finder = new TableFinder(Map.of("me.example",
                TableFinder.found(HostLookup.Status.FOUND_LOCAL, "me.example", "127.0.0.1")));
        TransportResult r = transport("hosts", "me.example").deliver(HostsDelivery.of(List.of(), A).withFinder(finder));
        assertEquals("remote_smtp transport found host me.example to be local",
                assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow()).message());
    }

    /** Hints in memory, time-stamped now. */
    static final class MemoryHints implements TransportHints {
        final Map<String, Record> records = new ConcurrentHashMap<>();

        @Override
        public Optional<Record> get(String database, String key) {
            return Optional.ofNullable(records.get(database + "/" + key));
        }

        @Override
        public void put(String database, String key, String value) {
            records.put(database + "/" + key, new Record(value, Instant.now()));
        }

        @Override
        public void delete(String database, String key) {
            records.remove(database + "/" + key);
        }

        @Override
        public synchronized Optional<String> update(String database, String key,
                Function<Optional<Record>, Optional<String>> change) {
            Optional<String> v = change.apply(get(database, key));
            if (v.isPresent()) {
                put(database, key, v.get());
            } else {
                delete(database, key);
            }
            return v;
        }
    }

    @Test
    void serializeHostsAllowsOneConnectionAtATime() throws Exception {
        MemoryHints hints = new MemoryHints();
        List<String> during = new ArrayList<>();
        Function<String, String> esmtp = SmtpTransportTest.esmtp(Map.of());
        try (ScriptedServer s = new ScriptedServer("220 sink ESMTP", line -> {
            if (line.startsWith("MAIL")) {
                during.add(String.valueOf(hints.get("misc", "host-serialize-127.0.0.1").map(TransportHints.Record::value)));
            }
            return esmtp.apply(line);
        })) {
            String[] settings = {"hosts", "127.0.0.1", "port", Integer.toString(s.port()), "allow_localhost", "true",
                "serialize_hosts", "*"};
            TransportResult r = transport(settings).deliver(HostsDelivery.of(List.of(), A).withHints(hints));
            assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
            assertEquals(List.of("Optional[1]"), during);
            assertEquals(Map.of(), hints.records);

            hints.put("misc", "host-serialize-127.0.0.1", "1");
            r = transport(settings).deliver(HostsDelivery.of(List.of(), A).withHints(hints));
            assertEquals("connection limit reached for all hosts for 'example.net'",
                    assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow()).message());
            assertEquals(1, s.peers.size());
            // Another host is not held back.
            r = transport("hosts", "127.0.0.1", "port", Integer.toString(s.port()), "allow_localhost", "true",
                    "serialize_hosts", "127.0.0.2").deliver(HostsDelivery.of(List.of(), A).withHints(hints));
            assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
        }
    }

    @Test
    void interfaceChoosesTheSourceAddressOfTheHostsFamily() throws Exception {
        try (ScriptedServer s = server()) {
            TransportResult r = transport("hosts", "127.0.0.1", "port", Integer.toString(s.port()), "allow_localhost",
                    "true", "interface", "<; ::1 ; 127.0.0.2 ; 127.0.0.3").deliver(HostsDelivery.of(List.of(), A));
            assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
            assertEquals(List.of("127.0.0.2"), s.peers);
        }
        int p = closedPort();
        TransportResult r = transport("interface", "127.0.0.2").deliver(HostsDelivery.of(List.of(mx("h", 10, p)), A));
        assertEquals("T:h:127.0.0.1:" + p + "/127.0.0.2",
                assertInstanceOf(HostAttempt.Failed.class, r.hosts().get(0)).retryKey());
        r = transport("interface", "eth0").deliver(HostsDelivery.of(List.of(mx("h", 10, p)), A));
        assertEquals("\"eth0\" is not a valid IP address for the \"interface\" option for remote_smtp transport",
                assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow()).message());
        assertEquals(List.of(), r.hosts());
    }

    @Test
    void retryIncludeIpAddressFalseKeysTheHostByName() throws Exception {
        int p = closedPort();
        TransportResult r = transport("retry_include_ip_address", "false")
                .deliver(HostsDelivery.of(List.of(mx("H.example", 10, p)), A));
        assertEquals("T:h.example:" + p, assertInstanceOf(HostAttempt.Failed.class, r.hosts().get(0)).retryKey());
    }

    @Test
    void hostsWhoseRetryTimeHasNotComeAreSkipped() throws Exception {
        int p = closedPort();
        List<Host> hosts = List.of(mx("a", 10, p).withStatus(HostStatus.UNUSABLE),
                mx("b", 10, p).withStatus(HostStatus.UNUSABLE));
        TransportResult r = transport().deliver(HostsDelivery.of(hosts, A));
        assertEquals(List.of(), tried(r));
        Outcome.Deferred notTried = assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow());
        assertEquals("retry time not reached for any host for 'example.net'", notTried.message());
        // Exim 4.96: "== a@x.example R=r T=t defer (-54): retry time not reached for any host for 'x.example'"
        assertEquals(ErrorClass.HOSTS_NOT_TRIED, notTried.errorClass());
        // No host tried, no retry item (smtp.c): the address gets no R: record to wait for.
        assertEquals("", notTried.retryKey());
        hosts = List.of(mx("a", 10, p).withStatus(HostStatus.UNUSABLE_EXPIRED));
        r = transport().deliver(HostsDelivery.of(hosts, A));
        assertEquals(new Outcome.Failed("all hosts for 'example.net' have been failing for a long time "
                + "(and retry time not reached)"), r.outcome(A).orElseThrow());
        r = transport("fallback_hosts", "127.0.0.1::" + p, "allow_localhost", "true")
                .deliver(HostsDelivery.of(hosts, A));
        assertEquals(List.of("127.0.0.1:" + p), tried(r));
        assertEquals("Connection refused", assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow()).message());
    }
}
