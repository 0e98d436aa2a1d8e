package org.osprey.mta.core.lists;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A DNS for tests: the answers Exim would get from a real one, given here. */
final class FakeResolver implements HostResolver {
    final Map<String, List<String>> addresses = new HashMap<>();
    final Map<String, List<String>> names = new HashMap<>();
    final Map<String, List<MxRecord>> mx = new HashMap<>();
    final Set<String> deferring = new java.util.HashSet<>();
    List<String> local = List.of("127.0.0.1", "192.0.2.1", "::1");

    @Override
    public List<String> addresses(String name) throws DnsDeferredException {
        check(name);
        return addresses.getOrDefault(name, List.of());
    }

    @Override
    public List<String> names(String address) throws DnsDeferredException {
        check(address);
        return names.getOrDefault(address, List.of());
    }

    @Override
    public List<MxRecord> mx(String domain) throws DnsDeferredException {
        check(domain);
        return mx.getOrDefault(domain, List.of());
    }

    @Override
    public List<String> localAddresses() {
        return local;
    }

    private void check(String name) throws DnsDeferredException {
        if (deferring.contains(name)) {
            throw new DnsDeferredException("DNS lookup of \"" + name + "\" deferred");
        }
    }
}
