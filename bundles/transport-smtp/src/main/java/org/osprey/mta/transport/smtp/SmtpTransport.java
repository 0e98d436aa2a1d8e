package org.osprey.mta.transport.smtp;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.MatchResult;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.HostStatus;
import org.osprey.mta.kernel.option.OptionValueException;
import org.osprey.mta.kernel.transport.Delivery;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.HostAttempt;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * One configured smtp transport (Exim's smtp_transport_entry): picks the host list (the
 * router's, or the {@code hosts} option when the router gave none or hosts_override is
 * set), looks the names up, and tries the hosts in order, skipping those whose retry time
 * has not come, until every address is delivered or failed, or hosts_max_try hosts have
 * been tried. Addresses a host deferred are tried again at the next host.
 *
 * <p>Stateless between calls, so one instance serves parallel deliveries.
 */
final class SmtpTransport implements Transport {
    private final Settings settings;
    private final ServicePorts ports;

    SmtpTransport(Settings settings) {
        this(settings, ServicePorts.system());
    }

    SmtpTransport(Settings settings, ServicePorts ports) {
        this.settings = settings;
        this.ports = ports;
    }

    @Override
    public TransportResult deliver(Delivery delivery) {
        List<Address> addresses = delivery.addresses();
        TransportResult.Builder result = TransportResult.builder();
        String where = settings.name() + " transport";

        boolean useOption = settings.values().isSet(SmtpOptions.HOSTS)
                && (delivery.hosts().isEmpty() || settings.hostsOverride());
        List<Host> listed;
        if (useOption) {
            String text = settings.values().text(SmtpOptions.HOSTS).orElseThrow();
            try {
                listed = HostList.parse(settings.values().expand(SmtpOptions.HOSTS, delivery.expander()));
            } catch (ExpansionException | OptionValueException e) {
                return deferAll(addresses, "failed to expand list of hosts \"" + text + "\" in " + where + ": "
                        + e.getMessage());
            }
        } else {
            listed = delivery.hosts();
        }
        if (listed.isEmpty()) {
            return deferAll(addresses, where + " called with no hosts set");
        }

        String portText;
        try {
            // protocol = smtps changes the default port to the "smtps" service (465, an alias of
            // "submissions" in /etc/services); where the name is missing Exim defers, and so do we.
            // protocol = lmtp likewise makes it the "lmtp" service, which /etc/services often lacks.
            portText = settings.smtps() && !settings.values().isSet(SmtpOptions.PORT) ? "smtps"
                    : settings.lmtp() && !settings.values().isSet(SmtpOptions.PORT) ? "lmtp"
                    : settings.values().expand(SmtpOptions.PORT, delivery.expander());
        } catch (ExpansionException | OptionValueException e) {
            return deferAll(addresses, "failed to expand \"" + settings.values().text(SmtpOptions.PORT).orElse("smtp")
                    + "\" (\"port\" option) for " + where + ": " + e.getMessage());
        }
        OptionalInt port = ports.port(portText);
        if (port.isEmpty()) {
            return deferAll(addresses, Character.isDigit(portText.strip().isEmpty() ? 'x' : portText.strip().charAt(0))
                    ? "invalid port number for " + where + ": " + portText
                    : "TCP port \"" + portText + "\" is not defined for " + where);
        }

        List<Host> hosts = new ArrayList<>();
        for (Host h : listed) {
            Host withPort = h.port() == Host.DEFAULT_PORT ? h.withPort(port.getAsInt()) : h;
            if (withPort.address() != null) {
                hosts.add(withPort);
                continue;
            }
            try {
                for (InetAddress a : InetAddress.getAllByName(h.name())) {
                    hosts.add(withPort.withAddress(a.getHostAddress()));
                }
            } catch (UnknownHostException e) {
                result.host(new HostAttempt.Skipped(withPort, "failed to lookup IP address for " + h.name()));
            }
        }
        if (useOption && !settings.allowLocalhost()) {
            for (Host h : hosts) {
                if (isLocal(h.address())) {
                    return deferAll(addresses, where + " found host " + h.name() + " to be local");
                }
            }
        }

        Map<Address, Outcome> outcomes = new LinkedHashMap<>();
        List<Address> pending = new ArrayList<>(addresses);
        int tried = 0;
        for (int i = 0; i < hosts.size() && !pending.isEmpty(); i++) {
            Host h = hosts.get(i);
            if (!usable(h)) {
                result.host(new HostAttempt.Skipped(h, "retry time not reached"));
                continue;
            }
            if (tried >= settings.hostsMaxTry()) {
                break;
            }
            tried++;
            boolean last = tried >= settings.hostsMaxTry() || hosts.subList(i + 1, hosts.size()).stream()
                    .noneMatch(SmtpTransport::usable);
            SmtpSession.Result r = new SmtpSession(settings, delivery, h, last).run(pending);
            if (r.tlsFailed() && !settings.smtps() && settings.values().get(SmtpOptions.TLS_TEMPFAIL_TRYCLEAR)
                    && !requiresTls(delivery, h)) {
                // Exim's "delivering unencrypted to H=... (not in hosts_require_tls)": a new
                // connection, in clear, replaces the failed TLS attempt.
                String why = r.attempt() instanceof HostAttempt.Failed f ? f.message() : "TLS session failure";
                delivery.log(why + ": delivering unencrypted to H=" + h.name() + " [" + h.address()
                        + "] (not in hosts_require_tls)");
                r = new SmtpSession(settings, delivery, h, last, true).run(pending);
            }
            result.host(r.attempt());
            outcomes.putAll(r.outcomes());
            pending.removeIf(a -> !(outcomes.get(a) instanceof Outcome.Deferred) && outcomes.containsKey(a));
        }
        if (tried == 0) {
            return result(result, addresses, hosts.isEmpty() ? "all host address lookups failed temporarily"
                    : "retry time not reached for any host");
        }
        addresses.forEach(a -> result.outcome(a, outcomes.getOrDefault(a,
                new Outcome.Deferred(addressKey(a), "no host was tried for this address", ErrorClass.OTHER, 0))));
        return result.build();
    }

    private boolean requiresTls(Delivery delivery, Host h) {
        String list = settings.values().get(SmtpOptions.HOSTS_REQUIRE_TLS);
        try {
            return list != null && delivery.lists().host(list, h) == MatchResult.MATCH;
        } catch (ExpansionException e) {
            return false;
        }
    }

    private static boolean usable(Host h) {
        return h.status() != HostStatus.UNUSABLE && h.status() != HostStatus.UNUSABLE_EXPIRED;
    }

    private static TransportResult result(TransportResult.Builder builder, List<Address> addresses, String message) {
        for (Address a : addresses) {
            builder.outcome(a, new Outcome.Deferred(addressKey(a), message, ErrorClass.OTHER, 0));
        }
        return builder.build();
    }

    private static TransportResult deferAll(List<Address> addresses, String message) {
        return result(TransportResult.builder(), addresses, message);
    }

    private static String addressKey(Address a) {
        return "R:" + a.localPart() + "@" + a.domain().toLowerCase(Locale.ROOT);
    }

    /** Whether the address is one of this machine's (Exim's HOST_FOUND_LOCAL): loopback or an interface's. */
    private static boolean isLocal(String address) {
        try {
            InetAddress a = InetAddress.getByName(address);
            return a.isLoopbackAddress() || a.isAnyLocalAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }
}
