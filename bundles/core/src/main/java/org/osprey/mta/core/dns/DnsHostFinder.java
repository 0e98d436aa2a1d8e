package org.osprey.mta.core.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.HostStatus;
import org.osprey.mta.kernel.model.IpAddress;
import org.osprey.mta.kernel.router.DnsQuery;
import org.osprey.mta.kernel.router.HostFinder;
import org.osprey.mta.kernel.router.HostLookup;
import org.osprey.mta.kernel.router.HostLookup.Status;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/**
 * The engine's {@link HostFinder}: Exim 4.96's {@code host_find_bydns} on a {@link DnsClient},
 * and {@code host_find_byname} on the JDK's resolver ({@code getaddrinfo}: /etc/hosts, then the DNS).
 *
 * <p>{@link #byDns}: SRV records when asked ({@code _service._tcp.name}; a single "." target
 * means no service), else MX records, else the name's own A and AAAA records. Hosts of equal MX
 * preference come in random order, those of equal SRV priority by RFC 2782's weighted choice;
 * the addresses of one host IPv6 first (IPv4 first with {@link DnsQuery#ipv4First()}, and IPv4
 * alone with {@link DnsQuery#ipv4Only()}), each family in random order. A host named twice keeps
 * its lowest preference; an address found twice is kept once. Hosts whose addresses are all in
 * {@code ignore_target_hosts} are dropped as if they did not exist; a host whose lookup failed
 * stays in the list with no address, {@link HostStatus#UNUSABLE}. Then this host
 * ({@link LocalHost}) is looked for: at the lowest preference the answer is
 * {@link Status#FOUND_LOCAL}; further down, it and every host at its preference or above are
 * removed ({@link HostLookup#localHostRemoved()}).
 *
 * <p>Immutable; {@link #ignoring} gives one with a router's {@code ignore_target_hosts}.
 */
public final class DnsHostFinder implements HostFinder {

    /** A router's {@code ignore_target_hosts}, matched as a host list against a name and an address. */
    @FunctionalInterface
    public interface IgnoredHosts {
        IgnoredHosts NONE = (name, address) -> false;

        boolean ignored(String name, String address);
    }

    /** The system's resolver for {@link #byName}: the JDK's {@link InetAddress#getAllByName} unless a test gives another. */
    @FunctionalInterface
    public interface SystemResolver {
        InetAddress[] addresses(String name) throws UnknownHostException;
    }

    /**
     * The main options the finder honours besides the resolver's own.
     *
     * @param ipv4Only {@code dns_ipv4_lookup}: names for which only A records are sought
     * @param disableIpv6 {@code disable_ipv6}: no AAAA records, and no IPv6 addresses from the system resolver
     * @param allowMxToIp {@code allow_mx_to_ip}: an MX record naming an IP address is taken as that address
     */
    public record Settings(Predicate<String> ipv4Only, boolean disableIpv6, boolean allowMxToIp) {
        public Settings {
            Objects.requireNonNull(ipv4Only, "ipv4Only");
        }

        public static Settings defaults() {
            return new Settings(name -> false, false, false);
        }
    }

    private final DnsClient dns;
    private final LocalHost local;
    private final Settings settings;
    private final IgnoredHosts ignored;
    private final SystemResolver system;

    public DnsHostFinder(DnsClient dns, LocalHost local, Settings settings) {
        this(dns, local, settings, IgnoredHosts.NONE, InetAddress::getAllByName);
    }

    private DnsHostFinder(DnsClient dns, LocalHost local, Settings settings, IgnoredHosts ignored,
            SystemResolver system) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.local = Objects.requireNonNull(local, "local");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ignored = Objects.requireNonNull(ignored, "ignored");
        this.system = Objects.requireNonNull(system, "system");
    }

    /** The same finder with a router's {@code ignore_target_hosts}. */
    public DnsHostFinder ignoring(IgnoredHosts hosts) {
        return new DnsHostFinder(dns, local, settings, hosts, system);
    }

    /** The same finder on another system resolver (for tests). */
    public DnsHostFinder withSystemResolver(SystemResolver resolver) {
        return new DnsHostFinder(dns, local, settings, ignored, resolver);
    }

    /** Why a host has no address (Exim's hwhy_*). */
    private enum Why { UNKNOWN, FAILED, DEFERRED, INSECURE, IGNORED }

    /** Exim's host_item while the list is built. */
    private static final class H {
        String name;
        String address;
        int port = Host.DEFAULT_PORT;
        int mx = Host.NO_MX;
        int weight;
        int sortKey;
        Why why = Why.UNKNOWN;

        H(String name) {
            this.name = name;
        }

        H copy() {
            H h = new H(name);
            h.address = address;
            h.port = port;
            h.mx = mx;
            h.weight = weight;
            h.sortKey = sortKey;
            h.why = why;
            return h;
        }

        Host toHost() {
            HostStatus status = address == null ? HostStatus.UNUSABLE : HostStatus.UNKNOWN;
            return new Host(name, address, port, mx, status);
        }
    }

    /** The outcome of Exim's set_address_from_dns for one host: its addresses replace it in the list. */
    private record Addresses(Code code, List<H> hosts, String ownerName, boolean secure) {
    }

    private enum Code { FOUND, FAILED, AGAIN, SECURITY, IGNORED }

    @Override
    public HostLookup byName(String name) {
        HostLookup literal = literal(name);
        if (literal != null) {
            return literal;
        }
        boolean v4only = settings.disableIpv6() || settings.ipv4Only().test(name);
        InetAddress[] found;
        try {
            found = system.addresses(name);
        } catch (UnknownHostException e) {
            // The JDK hides h_errno; its message carries gai_strerror's text.
            String why = String.valueOf(e.getMessage());
            boolean temporary = why.contains("Temporary failure") || why.contains("try again");
            String message = "no IP address found for host " + name;
            if (temporary && !dns.options().againMeansNonexist().test(name)) {
                return fail(Status.AGAIN, name, List.of(), message);
            }
            return fail(Status.FAILED, name, List.of(), message);
        }
        List<H> hosts = new ArrayList<>();
        // getipnodebyname(AF_INET6) first, then AF_INET, as Exim asks.
        for (int family : new int[] {16, 4}) {
            if (family == 16 && v4only) {
                continue;
            }
            for (InetAddress a : found) {
                if (a.getAddress().length != family) {
                    continue;
                }
                String text = LocalHost.text(a);
                if (ignored.ignored(name, text)) {
                    continue;
                }
                H h = new H(name);
                h.address = text;
                hosts.add(h);
            }
        }
        if (hosts.isEmpty()) {
            return fail(Status.FAILED, name, List.of(), "no IP address found for host " + name);
        }
        removeDuplicates(hosts);
        Scan scan = scanForLocalHosts(hosts);
        return new HostLookup(scan.status == Status.FAILED ? Status.FOUND : scan.status, hosts(hosts), name,
                false, false, null);
    }

    @Override
    public HostLookup byDns(String name, DnsQuery query) {
        HostLookup literal = literal(name);
        if (literal != null) {
            return literal;
        }
        boolean require = query.dnssecRequire();
        boolean request = require || query.dnssecRequest();
        boolean secure = request;
        String fqn = name;
        DnsAnswer found = null;
        int indType = 0;

        if (query.records().contains(DnsQuery.Records.SRV)) {
            String prefix = "_" + query.srvService() + "._tcp.";
            indType = Type.SRV;
            DnsAnswer a = dns.lookup(prefix + name, Type.SRV, query.qualifySingle(), query.searchParents(), request);
            if (a.ownerName() != null && a.ownerName().regionMatches(true, 0, prefix, 0, prefix.length())) {
                fqn = a.ownerName().substring(prefix.length());
            }
            DnsAnswer.Status rc = a.status();
            if (rc == DnsAnswer.Status.SUCCEED && require && !a.secure()) {
                // Exim logs "dnssec fail on SRV for <name>".
                rc = DnsAnswer.Status.FAIL;
            }
            if (rc == DnsAnswer.Status.FAIL || rc == DnsAnswer.Status.AGAIN) {
                if (!query.srvFailIsNone()) {
                    return fail(Status.AGAIN, fqn, List.of(), "DNS lookup of SRV records for " + name + " deferred");
                }
            } else if (rc == DnsAnswer.Status.SUCCEED) {
                found = a;
                secure &= a.secure();
            }
        }

        if (found == null && query.records().contains(DnsQuery.Records.MX)) {
            indType = Type.MX;
            DnsAnswer a = dns.lookup(name, Type.MX, query.qualifySingle(), query.searchParents(), request);
            if (a.ownerName() != null) {
                fqn = a.ownerName();
            }
            switch (a.status()) {
                case NOMATCH:
                    return fail(Status.FAILED, fqn, List.of(), "no such domain: " + name);
                case SUCCEED:
                    if (!require || a.secure()) {
                        found = a;
                        secure &= a.secure();
                        break;
                    }
                    if (!query.mxFailIsNone()) {
                        return fail(Status.SECURITY, fqn, List.of(), "DNSSEC failure on the MX records of " + name);
                    }
                    break;
                case FAIL:
                case AGAIN:
                    if (!query.mxFailIsNone()) {
                        return fail(Status.AGAIN, fqn, List.of(), "DNS lookup of MX records for " + name + " deferred");
                    }
                    break;
                default:
                    break;
            }
        }

        if (found == null) {
            if (!query.records().contains(DnsQuery.Records.ADDRESS)) {
                return fail(Status.FAILED, fqn, List.of(), "no MX or SRV records for " + name);
            }
            H host = new H(name);
            Addresses a = addresses(host, false, query, request, require, query.ipv4Only(), query.ipv4First());
            if (a.ownerName() != null) {
                fqn = a.ownerName();
            }
            if (a.code() != Code.FOUND) {
                Status status = switch (a.code()) {
                    case AGAIN -> Status.AGAIN;
                    case SECURITY -> Status.SECURITY;
                    default -> Status.FAILED;
                };
                String why = a.code() == Code.IGNORED ? "all addresses of " + name + " are ignored"
                        : a.code() == Code.SECURITY ? "DNSSEC failure on the addresses of " + name
                        : a.code() == Code.AGAIN ? "DNS lookup of addresses for " + name + " deferred"
                        : "no IP address found for host " + name;
                return fail(status, fqn, List.of(), why);
            }
            List<H> hosts = new ArrayList<>(a.hosts());
            Scan scan = scanForLocalHosts(hosts);
            return new HostLookup(scan.status, hosts(hosts), fqn, scan.removed, secure && a.secure(), null);
        }

        List<H> hosts = indType == Type.SRV ? srvHosts(found) : mxHosts(found);
        if (hosts.isEmpty()) {
            return fail(Status.FAILED, fqn, List.of(), "no usable MX or SRV records for " + name);
        }
        if (indType == Type.SRV) {
            if (hosts.size() == 1 && hosts.get(0).name.isEmpty()) {
                return fail(Status.FAILED, fqn, hosts(hosts), "an MX or SRV record indicated no SMTP service");
            }
            weightSrv(hosts);
        }

        Status yield = Status.FAILED;
        for (int i = 0; i < hosts.size(); i++) {
            H h = hosts.get(i);
            Addresses a = addresses(h, settings.allowMxToIp(), null, request, require, query.ipv4Only(),
                    query.ipv4First());
            if (a.code() == Code.FOUND) {
                hosts.remove(i);
                hosts.addAll(i, a.hosts());
                i += a.hosts().size() - 1;
                secure &= a.secure();
                continue;
            }
            switch (a.code()) {
                case AGAIN -> {
                    yield = Status.AGAIN;
                    h.why = Why.DEFERRED;
                }
                case SECURITY -> {
                    yield = Status.SECURITY;
                    h.why = Why.INSECURE;
                }
                case IGNORED -> h.why = Why.IGNORED;
                default -> h.why = Why.FAILED;
            }
        }
        // Ignored hosts go as if they did not exist; when all are ignored, the last stays, without an address.
        H lastIgnored = hosts.isEmpty() ? null : hosts.get(hosts.size() - 1);
        hosts.removeIf(h -> h.why == Why.IGNORED);
        if (hosts.isEmpty() && lastIgnored != null) {
            hosts.add(lastIgnored);
        }
        if (!settings.disableIpv6()) {
            familyOrder(hosts, query.ipv4First());
        }
        removeDuplicates(hosts);
        Scan scan = scanForLocalHosts(hosts);
        if (scan.status != Status.FAILED) {
            yield = scan.status;
        }
        String message = switch (yield) {
            case AGAIN -> "DNS lookup of the hosts of " + name + " deferred";
            case SECURITY -> "DNSSEC failure on the hosts of " + name;
            case FAILED -> "all relevant MX records point to non-existent hosts";
            default -> null;
        };
        boolean usable = yield == Status.FOUND || yield == Status.FOUND_LOCAL;
        return new HostLookup(yield, hosts(hosts), fqn, scan.removed, secure && usable, message);
    }

    /** An IP address, bracketed or not, needs no lookup; only ignore_target_hosts and the local check apply. */
    private HostLookup literal(String name) {
        String bare = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        if (!IpAddress.isValid(bare)) {
            return null;
        }
        if (ignored.ignored(name, bare)) {
            return fail(Status.FAILED, name, List.of(), "all addresses of " + name + " are ignored");
        }
        H h = new H(name);
        h.address = bare;
        Status status = local.isLocal(name, bare) ? Status.FOUND_LOCAL : Status.FOUND;
        return new HostLookup(status, List.of(h.toHost()), name, false, false, null);
    }

    /**
     * Exim's set_address_from_dns: AAAA (unless IPv6 is off for the name), then A; other
     * addresses become further hosts.
     *
     * @param query for the name's own addresses, the query whose qualification and search apply
     *        and whose fully qualified name is wanted; null for the hosts of MX and SRV records
     */
    private Addresses addresses(H host, boolean allowIp, DnsQuery query, boolean request, boolean require,
            boolean ipv4Only, boolean ipv4First) {
        if (allowIp && IpAddress.isValid(host.name)) {
            if (ignored.ignored(host.name, host.name)) {
                return new Addresses(Code.IGNORED, List.of(), null, false);
            }
            H h = host.copy();
            h.address = host.name;
            return new Addresses(Code.FOUND, List.of(h), null, false);
        }
        boolean v4only = ipv4Only || settings.disableIpv6() || settings.ipv4Only().test(host.name);
        int[] types = v4only ? new int[] {Type.A} : new int[] {Type.AAAA, Type.A};
        List<H> out = new ArrayList<>();
        String owner = null;
        boolean ownerTaken = query == null;
        boolean qualify = query != null && query.qualifySingle();
        boolean search = query != null && query.searchParents();
        boolean v6Again = false;
        boolean dnssecFail = false;
        boolean secure = true;
        String name = host.name;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int type : types) {
            DnsAnswer a = dns.lookup(host.name, type, qualify, search, request);
            if (!ownerTaken && a.ownerName() != null) {
                owner = a.ownerName();
            }
            if (a.status() != DnsAnswer.Status.SUCCEED) {
                if (type == Type.A) {
                    if (!out.isEmpty()) {
                        break;
                    }
                    boolean again = a.status() == DnsAnswer.Status.AGAIN || a.status() == DnsAnswer.Status.FAIL
                            || v6Again;
                    return new Addresses(again ? Code.AGAIN : Code.FAILED, List.of(), owner, false);
                }
                if (a.status() != DnsAnswer.Status.NOMATCH && a.status() != DnsAnswer.Status.NODATA) {
                    v6Again = true;
                }
                continue;
            }
            ownerTaken = true;
            if (request && !a.secure()) {
                if (require) {
                    dnssecFail = true;
                    continue;
                }
                secure = false;
            }
            // AAAA addresses sort before A ones (after them with ipv4_prefer); each family in random order.
            int offset = (type == Type.A) != ipv4First ? 500 : 0;
            for (Record r : a.ofType(type)) {
                InetAddress ip = r instanceof ARecord ar ? ar.getAddress() : ((AAAARecord) r).getAddress();
                String text = LocalHost.text(ip);
                if (ignored.ignored(name, text)) {
                    // Exim debugs "ignored host <name> [<address>]".
                    continue;
                }
                if (out.isEmpty()) {
                    String rrName = DnsClient.text(r.getName());
                    if (!rrName.equalsIgnoreCase(name)) {
                        name = rrName;
                    }
                }
                if (out.stream().anyMatch(h -> h.address.equals(text))) {
                    continue;
                }
                H h = host.copy();
                h.address = text;
                h.sortKey = random.nextInt(500) + offset;
                h.why = Why.UNKNOWN;
                out.add(h);
            }
        }
        if (out.isEmpty()) {
            return new Addresses(dnssecFail ? Code.SECURITY : Code.IGNORED, List.of(), owner, false);
        }
        out.sort((x, y) -> Integer.compare(x.sortKey, y.sortKey));
        for (H h : out) {
            h.name = name;
        }
        return new Addresses(Code.FOUND, out, owner, secure && request);
    }

    /** The hosts of MX records in preference order, equal preferences in random order, a host named twice kept at its lowest. */
    private static List<H> mxHosts(DnsAnswer answer) {
        List<H> hosts = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (Record r : answer.ofType(Type.MX)) {
            MXRecord mx = (MXRecord) r;
            add(hosts, target(mx.getTarget().toString()), mx.getPriority(), random.nextInt(500), Host.DEFAULT_PORT);
        }
        return hosts;
    }

    /** The hosts of SRV records by priority and weight, each with its port. */
    private static List<H> srvHosts(DnsAnswer answer) {
        List<H> hosts = new ArrayList<>();
        for (Record r : answer.ofType(Type.SRV)) {
            SRVRecord srv = (SRVRecord) r;
            add(hosts, target(srv.getTarget().toString()), srv.getPriority(), srv.getWeight(), srv.getPort());
        }
        return hosts;
    }

    /** A target as Exim's dn_expand gives it: no final dot, the root as "". */
    private static String target(String name) {
        return name.equals(".") ? "" : name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static void add(List<H> hosts, String name, int precedence, int weight, int port) {
        for (int i = 0; i < hosts.size(); i++) {
            H h = hosts.get(i);
            if (h.name.equalsIgnoreCase(name)) {
                // Exim debugs "discarded duplicate host".
                if (precedence >= h.mx) {
                    return;
                }
                if (i == 0) {
                    h.mx = precedence;
                    h.weight = weight;
                    h.sortKey = precedence * 1000 + weight;
                    return;
                }
                hosts.remove(i);
                break;
            }
        }
        H h = new H(name);
        h.mx = precedence;
        h.weight = weight;
        h.port = port;
        h.sortKey = precedence * 1000 + weight;
        int at = 0;
        while (at < hosts.size() && hosts.get(at).sortKey <= h.sortKey) {
            at++;
        }
        hosts.add(at, h);
    }

    /** RFC 2782: within each priority, hosts are picked one by one, each with a chance in proportion to its weight. */
    private static void weightSrv(List<H> hosts) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < hosts.size() - 1; i++) {
            int end = i;
            while (end + 1 < hosts.size() && hosts.get(end + 1).mx == hosts.get(i).mx) {
                end++;
            }
            if (end > i) {
                int sum = 0;
                for (int k = i; k <= end; k++) {
                    sum += hosts.get(k).weight;
                }
                int pick = random.nextInt(sum + 1);
                int running = 0;
                int chosen = end;
                for (int k = i; k <= end; k++) {
                    running += hosts.get(k).weight;
                    if (running >= pick) {
                        chosen = k;
                        break;
                    }
                }
                hosts.add(i, hosts.remove(chosen));
            }
        }
    }

    /** Within one preference, IPv6 addresses before IPv4 ones, or the other way round (one pass, as Exim makes it). */
    private static void familyOrder(List<H> hosts, boolean ipv4First) {
        for (int i = 0; i + 1 < hosts.size(); i++) {
            H h = hosts.get(i);
            H next = hosts.get(i + 1);
            if (h.mx != next.mx || h.address == null) {
                continue;
            }
            boolean v6 = h.address.indexOf(':') >= 0;
            boolean nextV6 = next.address != null && next.address.indexOf(':') >= 0;
            boolean nextV4 = next.address != null && !nextV6;
            if (ipv4First ? !v6 || nextV6 : v6 || nextV4) {
                continue;
            }
            hosts.set(i, next);
            hosts.set(i + 1, h);
        }
    }

    /** Exim's host_remove_duplicates: a later host with an address already listed goes. */
    private static void removeDuplicates(List<H> hosts) {
        List<String> seen = new ArrayList<>();
        hosts.removeIf(h -> {
            if (h.address == null) {
                return false;
            }
            if (seen.contains(h.address)) {
                return true;
            }
            seen.add(h.address);
            return false;
        });
    }

    /** The result of {@link #scanForLocalHosts}. */
    private record Scan(Status status, boolean removed) {
    }

    /**
     * Exim's host_scan_for_local_hosts: FOUND_LOCAL when this host is at the lowest preference;
     * when it is further down, it and every host at its preference or above are cut off.
     * FAILED when no host before it has an address.
     */
    private Scan scanForLocalHosts(List<H> hosts) {
        Status yield = Status.FAILED;
        int prev = -1;
        for (int i = 0; i < hosts.size(); i++) {
            H h = hosts.get(i);
            if (local.isLocal(h.name, null) || (h.address != null && local.isLocal(null, h.address))) {
                if (prev < 0) {
                    return new Scan(Status.FOUND_LOCAL, false);
                }
                hosts.subList(prev + 1, hosts.size()).clear();
                return new Scan(yield, true);
            }
            if (h.address != null) {
                yield = Status.FOUND;
            }
            if (i + 1 == hosts.size() || hosts.get(i + 1).mx != h.mx) {
                prev = i;
            }
        }
        return new Scan(yield, false);
    }

    private static List<Host> hosts(List<H> hosts) {
        return hosts.stream().map(H::toHost).toList();
    }

    private static HostLookup fail(Status status, String fqn, List<Host> hosts, String message) {
        return new HostLookup(status, hosts, fqn, false, false, message);
    }
}
