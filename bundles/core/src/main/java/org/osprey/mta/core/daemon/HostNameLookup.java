package org.osprey.mta.core.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.osprey.mta.core.lists.DnsDeferredException;
import org.osprey.mta.core.lists.HostResolver;
import org.osprey.mta.kernel.model.IpAddress;

/**
 * Exim's host_name_lookup: the client's name from its address (PTR), kept only when a
 * forward lookup of the name gives the address back. The first name that does is the host
 * name; a client whose names all fail is left without one. The resolver is the lists'
 * {@link HostResolver} (the JDK's by default), so tests give a fake.
 *
 * <p>Exim logs {@code no host name found for IP address ...} (under +host_lookup_failed)
 * when there is no PTR name at all; a name that does not confirm is not logged, only kept
 * for $host_lookup_failed and the verify = reverse_host_lookup message.
 */
public final class HostNameLookup {
    private final HostResolver resolver;

    public HostNameLookup(HostResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * What the lookup found.
     *
     * @param name the verified host name (lower case), or null
     * @param aliases the other verified names
     * @param failed no verified name (Exim's host_lookup_failed)
     * @param deferred the DNS could not answer now (host_lookup_deferred)
     * @param message Exim's host_lookup_msg, e.g. " (failed to find host name from IP address)", or ""
     */
    public record Result(String name, List<String> aliases, boolean failed, boolean deferred, String message) {
        public Result {
            aliases = List.copyOf(aliases);
        }

        static Result lookupDeferred() {
            return new Result(null, List.of(), false, true, "");
        }
    }

    public Result lookup(String address) {
        List<String> names;
        try {
            names = new ArrayList<>();
            for (String n : resolver.names(address)) {
                String name = n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
                if (!name.isEmpty()) {
                    names.add(name.toLowerCase(Locale.ROOT));
                }
            }
        } catch (DnsDeferredException e) {
            return Result.lookupDeferred();
        }
        if (names.isEmpty()) {
            return new Result(null, List.of(), true, false, " (failed to find host name from IP address)");
        }
        Optional<IpAddress> wanted = IpAddress.parse(address);
        List<String> verified = new ArrayList<>();
        for (String name : names) {
            try {
                for (String a : resolver.addresses(name)) {
                    if (IpAddress.parse(a).equals(wanted)) {
                        verified.add(name);
                        break;
                    }
                }
            } catch (DnsDeferredException e) {
                return Result.lookupDeferred();
            }
        }
        if (verified.isEmpty()) {
            return new Result(null, List.of(), true, false,
                    " (" + address + " does not match any IP address for " + names.get(0) + ")");
        }
        return new Result(verified.get(0), verified.subList(1, verified.size()), false, false, "");
    }
}
