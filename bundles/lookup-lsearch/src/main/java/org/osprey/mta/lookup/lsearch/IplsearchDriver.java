package org.osprey.mta.lookup.lsearch;

import org.osgi.service.component.annotations.Component;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.lookup.LookupDriver;
import org.osprey.mta.kernel.lookup.LookupRequest;
import org.osprey.mta.kernel.lookup.LookupResult;
import org.osprey.mta.kernel.model.IpAddress;

/**
 * Exim's iplsearch: the keys in the file are IPv4 or IPv6 addresses or networks with a
 * CIDR mask (IPv6 ones in quotes, for their colons); the first that contains the search
 * key matches. The search key must be an address without a mask, or {@code *}, which
 * matches only the key {@code *}; anything else defers, as in Exim.
 */
@Component(service = LookupDriver.class)
@MtaDriver(kind = MtaDriver.LOOKUP, name = "iplsearch")
public final class IplsearchDriver extends LinearSearchDriver {

    @Override
    LookupResult search(LinearFile file, LookupRequest request) {
        String key = request.key();
        boolean star = key.equals("*");
        IpAddress address = star ? null : IpAddress.parse(key).orElse(null);
        if (!star && address == null) {
            return new LookupResult.Deferred("\"" + key + "\" is not a valid iplsearch key (an IP address, with"
                    + " optional CIDR mask, is wanted): in a host list, use net-iplsearch as the search type");
        }
        for (LinearFile.Entry entry : file.entries()) {
            if (entry.key().equals("*") ? star : !star && contains(entry.key(), address)) {
                return found(entry, request);
            }
        }
        return notFound();
    }

    private static boolean contains(String network, IpAddress address) {
        return IpAddress.parseNetwork(network).map(n -> n.contains(address)).orElse(false);
    }
}
