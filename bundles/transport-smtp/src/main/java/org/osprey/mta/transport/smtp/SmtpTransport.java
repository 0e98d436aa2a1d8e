package org.osprey.mta.transport.smtp;

import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.option.OptionValueException;
import org.osprey.mta.kernel.transport.Delivery;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * One configured smtp transport (Exim's smtp_transport_entry): picks the host list (the
 * router's, or the {@code hosts} option when the router gave none or hosts_override is
 * set), randomized when hosts_randomize says so, and the fallback hosts (the router's, else
 * the {@code fallback_hosts} option), works out the port, and hands the rest to
 * {@link HostTries}.
 *
 * <p>Stateless between calls, so one instance serves parallel deliveries.
 */
final class SmtpTransport implements Transport {
    private final Settings settings;
    private final ServicePorts ports;
    private final Random random;

    SmtpTransport(Settings settings) {
        this(settings, ServicePorts.system(), new Random());
    }

    SmtpTransport(Settings settings, ServicePorts ports) {
        this(settings, ports, new Random());
    }

    /** @param random the order of hosts_randomize */
    SmtpTransport(Settings settings, ServicePorts ports, Random random) {
        this.settings = settings;
        this.ports = ports;
        this.random = random;
    }

    @Override
    public TransportResult deliver(Delivery delivery) {
        List<Address> addresses = delivery.addresses();
        String where = settings.name() + " transport";
        boolean randomize = settings.values().get(SmtpOptions.HOSTS_RANDOMIZE);

        boolean useOption = settings.values().isSet(SmtpOptions.HOSTS)
                && (delivery.hosts().isEmpty() || settings.hostsOverride());
        List<HostList.Candidate> hosts;
        if (useOption) {
            String text = settings.values().text(SmtpOptions.HOSTS).orElseThrow();
            try {
                hosts = HostList.parse(settings.values().expand(SmtpOptions.HOSTS, delivery.expander()), randomize,
                        random);
            } catch (ExpansionException | OptionValueException e) {
                return deferAll(addresses, "failed to expand list of hosts \"" + text + "\" in " + where + ": "
                        + e.getMessage());
            }
            if (hosts.isEmpty()) {
                return deferAll(addresses, where + " has empty hosts setting");
            }
        } else {
            if (delivery.hosts().isEmpty()) {
                return deferAll(addresses, where + " called with no hosts set");
            }
            hosts = HostList.of(delivery.hosts(), randomize, random);
        }
        // The router's fallback hosts win over the transport's, as in Exim's smtp_transport_setup.
        List<HostList.Candidate> fallback = !delivery.fallbackHosts().isEmpty()
                ? HostList.of(delivery.fallbackHosts(), randomize, random)
                : settings.values().text(SmtpOptions.FALLBACK_HOSTS)
                        .map(list -> HostList.of(HostList.parse(list, false, random).stream()
                                .map(HostList.Candidate::host).toList(), randomize, random))
                        .orElse(List.of());

        if (longestLine(delivery) > settings.values().get(SmtpOptions.MESSAGE_LINELENGTH_LIMIT)) {
            // Exim 4.96's smtp_transport_entry: every address fails, no host is tried.
            TransportResult.Builder builder = TransportResult.builder();
            addresses.forEach(a -> builder.outcome(a, new Outcome.Failed("message has lines too long for transport")));
            return builder.build();
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
        return new HostTries(settings, delivery, port.getAsInt()).run(hosts, fallback);
    }

    /** The longest line of the message as received ($max_received_linelength), 0 when the engine does not say. */
    private static long longestLine(Delivery delivery) {
        try {
            String value = delivery.expander().expand("$max_received_linelength").strip();
            return value.isEmpty() ? 0 : Long.parseLong(value);
        } catch (ExpansionException | NumberFormatException e) {
            return 0;
        }
    }

    private static TransportResult deferAll(List<Address> addresses, String message) {
        TransportResult.Builder builder = TransportResult.builder();
        for (Address a : addresses) {
            builder.outcome(a, new Outcome.Deferred(HostTries.addressKey(a), message, ErrorClass.OTHER, 0));
        }
        return builder.build();
    }
}
