package org.osprey.mta.transport.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.MatchResult;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.HostStatus;
import org.osprey.mta.kernel.model.IpAddress;
import org.osprey.mta.kernel.option.EximList;
import org.osprey.mta.kernel.option.OptionValueException;
import org.osprey.mta.kernel.router.HostLookup;
import org.osprey.mta.kernel.transport.Delivery;
import org.osprey.mta.kernel.transport.DeliveryFlag;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.HostAttempt;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * One call of the smtp transport going down its host lists (the loop of Exim's
 * smtp_transport_entry): the main list, then, for the addresses every host of it deferred,
 * the fallback hosts. For each host in turn: its name looked up if it has no address yet,
 * skipped while its retry time has not come, skipped while another connection holds it
 * ({@code serialize_hosts}), else tried with the addresses still deferred, until none is
 * left or the limits of hosts_max_try and hosts_max_try_hardlimit are reached.
 *
 * <p>hosts_max_try counts the hosts tried. When the count reaches the limit and a later host
 * has another MX preference (another "+" group of a randomized list), the hosts left of
 * this preference are passed over, this host is not counted, and the next preference gets
 * its turn: Exim's rule that at least one host of each preference is tried.
 */
final class HostTries {
    private final Settings settings;
    private final Delivery delivery;
    private final int port;
    private final String where;
    private final HostFinding finding;
    private final HostSerialization serialization;
    private final TransportResult.Builder result = TransportResult.builder();
    /** How each address went to the host that decided it (K, PRDR, a later transaction, no host). */
    private final Map<Address, Set<DeliveryFlag>> flags = new HashMap<>();
    private final Map<Address, Outcome> outcomes = new LinkedHashMap<>();
    private final List<Address> pending;

    HostTries(Settings settings, Delivery delivery, int port) {
        this.settings = settings;
        this.delivery = delivery;
        this.port = port;
        this.where = settings.name() + " transport";
        var values = settings.values();
        this.finding = new HostFinding(delivery, values.get(SmtpOptions.GETHOSTBYNAME),
                values.get(SmtpOptions.DNS_QUALIFY_SINGLE), values.get(SmtpOptions.DNS_SEARCH_PARENTS));
        this.serialization = new HostSerialization(delivery.hints());
        this.pending = new ArrayList<>(delivery.addresses());
    }

    /** Why a pass ended before its hosts did: a host that is this machine, a broken interface option. */
    private static final class Stop extends Exception {
        private final ErrorClass errorClass;

        Stop(String message) {
            this(message, ErrorClass.OTHER);
        }

        Stop(String message, ErrorClass errorClass) {
            super(message, null, false, false);
            this.errorClass = errorClass;
        }
    }

    /** The main hosts, then the fallback hosts for what they deferred; every address gets an outcome. */
    TransportResult run(List<HostList.Candidate> hosts, List<HostList.Candidate> fallback) {
        try {
            pass(hosts, !fallback.isEmpty());
            if (!pending.isEmpty() && !fallback.isEmpty()) {
                pass(fallback, false);
            }
        } catch (Stop stop) {
            for (Address a : pending) {
                outcomes.put(a, new Outcome.Deferred(addressKey(a), stop.getMessage(), stop.errorClass, 0));
            }
        }
        for (Address a : delivery.addresses()) {
            result.outcome(a, outcomes.get(a));
            flags.getOrDefault(a, Set.of()).forEach(f -> result.flag(a, f));
        }
        return result.build();
    }

    private void pass(List<HostList.Candidate> list, boolean fallbackFollows) throws Stop {
        List<HostList.Candidate> hosts = new ArrayList<>(list);
        int maxTry = settings.hostsMaxTry();
        int hardLimit = settings.values().get(SmtpOptions.HOSTS_MAX_TRY_HARDLIMIT);
        int unexpiredTried = 0;
        int totalTried = 0;
        int total = 0;
        int retry = 0;
        int lookupsFailed = 0;
        int lookupsDeferred = 0;
        int serialized = 0;
        boolean expired = true;
        for (int i = 0; i < hosts.size() && !pending.isEmpty() && unexpiredTried < maxTry && totalTried < hardLimit; ) {
            HostList.Candidate candidate = hosts.get(i);
            Host host = candidate.host();
            if (host.address() == null) {
                if (!usable(host)) {
                    i++;
                    continue;
                }
                HostLookup found = finding.find(host);
                if (found.status() != HostLookup.Status.FOUND && found.status() != HostLookup.Status.FOUND_LOCAL
                        || found.hosts().isEmpty()) {
                    // Exim adds a retry item of the routing kind (R:host), so that the address
                    // times out if the failures go on, and carries on with the next host.
                    expired = false;
                    if (found.status() == HostLookup.Status.AGAIN) {
                        lookupsDeferred++;
                    } else {
                        lookupsFailed++;
                    }
                    String message = found.status() == HostLookup.Status.SECURITY
                            ? "lookup of IP address for " + host.name() + " was insecure"
                            : "failed to lookup IP address for " + host.name();
                    for (Address a : pending) {
                        outcomes.put(a, new Outcome.Deferred("R:" + host.name(), message, ErrorClass.OTHER, 0));
                    }
                    result.host(new HostAttempt.Skipped(host, message));
                    hosts.remove(i);
                    continue;
                }
                if (found.status() == HostLookup.Status.FOUND_LOCAL && !settings.allowLocalhost()) {
                    throw new Stop(where + " found host " + host.name() + " to be local", ErrorClass.HOST_IS_LOCAL);
                }
                hosts.remove(i);
                hosts.addAll(i, found.hosts().stream().map(candidate::with).toList());
                host = hosts.get(i).host();
            }
            int next = i + 1;
            total++;
            if (!usable(host)) {
                if (host.status() == HostStatus.UNUSABLE) {
                    expired = false;
                }
                retry++;
                result.host(new HostAttempt.Skipped(host, "retry time not reached"));
                i = next;
                continue;
            }
            expired = false;
            Host target = host.port() == Host.DEFAULT_PORT ? host.withPort(port) : host;
            InetAddress from = outgoingInterface(target);
            String serializeKey = null;
            if (matches(SmtpOptions.SERIALIZE_HOSTS, target)) {
                serializeKey = HostSerialization.key(target.name());
                if (!serialization.start(serializeKey, Instant.now())) {
                    serialized++;
                    result.host(new HostAttempt.Skipped(target, "another connection to the host is open"));
                    i = next;
                    continue;
                }
            }
            try {
                if (++unexpiredTried >= maxTry) {
                    for (int j = i + 1; j < hosts.size(); j++) {
                        if (hosts.get(j).group() != candidate.group()) {
                            next = j;
                            unexpiredTried--;
                            break;
                        }
                    }
                }
                totalTried++;
                boolean last = !fallbackFollows && (unexpiredTried >= maxTry || totalTried >= hardLimit
                        || hosts.subList(next, hosts.size()).stream().noneMatch(c -> usable(c.host())));
                attempt(target, last, from);
            } finally {
                if (serializeKey != null) {
                    serialization.end(serializeKey);
                }
            }
            i = next;
        }
        for (Address a : pending) {
            if (outcomes.containsKey(a)) {
                continue;
            }
            String domain = a.domain().isEmpty() ? "" : " for '" + a.domain() + "'";
            if (expired) {
                boolean delay = settings.values().get(SmtpOptions.DELAY_AFTER_CUTOFF);
                String message = "all hosts" + domain + " have been failing for a long time "
                        + (delay ? "(and retry time not reached)" : "and were last tried after this message arrived");
                // With fallback hosts still to come the address waits for them; else it bounces.
                outcomes.put(a, fallbackFollows
                        ? new Outcome.Deferred("", message, ErrorClass.HOSTS_NOT_TRIED, 0)
                        : new Outcome.Failed(message));
                continue;
            }
            String message = retry == total ? "retry time not reached for any host"
                    : lookupsFailed == total ? "all host address lookups failed permanently"
                    : lookupsDeferred == total ? "all host address lookups failed temporarily"
                    : serialized == total ? "connection limit reached for all hosts"
                    : lookupsFailed + lookupsDeferred == total ? "all host address lookups failed"
                    : "some host address lookups failed and retry time not reached for other hosts or connection "
                            + "limit reached";
            // Exim's ERRNO_HRETRY: "defer (-54): retry time not reached for any host for 'domain'".
            // No host was tried, so smtp.c adds no retry item: the address gets no record of
            // its own, and the next delivery (a continued one too) may try it at once.
            outcomes.put(a, new Outcome.Deferred("", message + domain, ErrorClass.HOSTS_NOT_TRIED, 0));
        }
    }

    /** One host tried with the addresses still deferred; again in clear when TLS failed and that is allowed. */
    private void attempt(Host host, boolean last, InetAddress from) {
        String key = hostKey(host, from);
        SmtpSession session = new SmtpSession(settings, delivery, host, last, false, from, key);
        SmtpSession.Result r = session.run(pending);
        if (r.tlsFailed() && !settings.smtps() && settings.values().get(SmtpOptions.TLS_TEMPFAIL_TRYCLEAR)
                && !matches(SmtpOptions.HOSTS_REQUIRE_TLS, host)) {
            // Exim's "delivering unencrypted to H=... (not in hosts_require_tls)": a new
            // connection, in clear, replaces the failed TLS attempt.
            String why = r.attempt() instanceof HostAttempt.Failed f ? f.message() : "TLS session failure";
            delivery.log(why + ": delivering unencrypted to H=" + host.name() + " [" + host.address()
                    + "] (not in hosts_require_tls)");
            session = new SmtpSession(settings, delivery, host, last, true, from, key);
            r = session.run(pending);
        }
        // What this host did to an address replaces what an earlier one did.
        for (Address a : r.outcomes().keySet()) {
            flags.put(a, session.flags().getOrDefault(a, Set.of()));
        }
        result.host(r.attempt());
        if (r.authenticator() != null) {
            result.clientAuthenticator(r.authenticator());
        }
        outcomes.putAll(r.outcomes());
        pending.removeIf(a -> outcomes.containsKey(a) && !(outcomes.get(a) instanceof Outcome.Deferred));
    }

    /**
     * Exim's host retry key: {@code T:name:ip}, or {@code T:name} when retry_include_ip_address
     * is false, then {@code :port} when the port is not 25, then {@code /interface} when one is used.
     */
    private String hostKey(Host host, InetAddress from) {
        boolean includeIp = settings.values().get(SmtpOptions.RETRY_INCLUDE_IP_ADDRESS);
        return "T:" + host.name().toLowerCase(Locale.ROOT) + (includeIp ? ":" + host.address() : "")
                + (host.port() > 0 && host.port() != 25 ? ":" + host.port() : "")
                + (from == null ? "" : "/" + from.getHostAddress());
    }

    /**
     * The {@code interface} option for a host (Exim's smtp_get_interface): expanded with
     * $host and $host_address, a list of IP addresses of which the first of the host's family
     * is used; null when it is unset, forced to fail, empty, or has no address of that family.
     */
    private InetAddress outgoingInterface(Host host) throws Stop {
        if (!settings.values().isSet(SmtpOptions.INTERFACE)) {
            return null;
        }
        String list;
        try {
            list = settings.values().expand(SmtpOptions.INTERFACE,
                    delivery.expander().with(Map.of("host", host.name(), "host_address", host.address())));
        } catch (ExpansionException e) {
            if (e.isForcedFailure()) {
                return null;
            }
            throw new Stop("failed to expand \"interface\" option for " + where + ": " + e.getMessage());
        } catch (OptionValueException e) {
            throw new Stop("failed to expand \"interface\" option for " + where + ": " + e.getMessage());
        }
        int family = IpAddress.version(host.address());
        for (String item : EximList.nonEmptyItems(list == null ? "" : list)) {
            int version = IpAddress.version(item);
            if (version == 0) {
                throw new Stop("\"" + item + "\" is not a valid IP address for the \"interface\" option for " + where);
            }
            if (version == family) {
                try {
                    return InetAddress.getByName(item);
                } catch (UnknownHostException e) {
                    throw new Stop("\"" + item + "\" is not a valid IP address for the \"interface\" option for "
                            + where);
                }
            }
        }
        return null;
    }

    private boolean matches(org.osprey.mta.kernel.option.Option<String> option, Host host) {
        String list = settings.values().get(option);
        try {
            return list != null && delivery.lists().host(list, host) == MatchResult.MATCH;
        } catch (ExpansionException e) {
            return false;
        }
    }

    private static boolean usable(Host h) {
        return h.status() != HostStatus.UNUSABLE && h.status() != HostStatus.UNUSABLE_EXPIRED;
    }

    static String addressKey(Address a) {
        return "R:" + a.localPart() + "@" + a.domain().toLowerCase(Locale.ROOT);
    }
}
