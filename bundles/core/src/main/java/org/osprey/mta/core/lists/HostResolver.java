package org.osprey.mta.core.lists;

import java.util.List;

/**
 * The DNS as list matching needs it: host names to addresses, addresses to names, MX records
 * and the local host's own addresses. The engine uses {@link JdkHostResolver}; tests give a
 * fake with the answers they need.
 */
public interface HostResolver {

    /** The IP addresses of {@code name}; empty when it has none. */
    List<String> addresses(String name) throws DnsDeferredException;

    /** The names of {@code address} (PTR records); empty when it has none. */
    List<String> names(String address) throws DnsDeferredException;

    /** The MX records of {@code domain}; empty when it has none. */
    List<MxRecord> mx(String domain) throws DnsDeferredException;

    /** The IP addresses of this host's interfaces, for {@code @[]} and the {@code @mx_} items. */
    List<String> localAddresses();

    /** An MX record: a preference and the host it names. */
    record MxRecord(int preference, String host) {
    }
}
