package org.osprey.mta.router.dnslookup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.HostStatus;
import org.osprey.mta.kernel.router.DnsQuery;
import org.osprey.mta.kernel.router.HostFinder;
import org.osprey.mta.kernel.router.HostLookup;

/** A host finder that answers what a test scripted, and remembers what it was asked. A name not scripted does not exist. */
final class ScriptedDns implements HostFinder {
    record Question(String name, DnsQuery query) {
    }

    private final Map<String, HostLookup> answers = new HashMap<>();
    final List<Question> asked = new ArrayList<>();

    ScriptedDns answer(String name, HostLookup lookup) {
        answers.put(name, lookup);
        return this;
    }

    /** The name has MX records pointing to hosts with addresses; {@code hosts} alternate name, address, preference. */
    ScriptedDns mx(String name, Object... hosts) {
        return answer(name, found(name, hosts));
    }

    static HostLookup found(String fullName, Object... hosts) {
        return new HostLookup(HostLookup.Status.FOUND, hosts(hosts), fullName, false, false, null);
    }

    static List<Host> hosts(Object... triples) {
        List<Host> list = new ArrayList<>();
        for (int i = 0; i < triples.length; i += 3) {
            list.add(new Host((String) triples[i], (String) triples[i + 1], Host.DEFAULT_PORT, (Integer) triples[i + 2],
                    HostStatus.UNKNOWN));
        }
        return list;
    }

    static HostLookup failed(String fullName, List<Host> hosts) {
        return new HostLookup(HostLookup.Status.FAILED, hosts, fullName, false, false, "no such domain");
    }

    @Override
    public HostLookup byName(String name) {
        throw new AssertionError("dnslookup looks up names in the DNS only");
    }

    @Override
    public HostLookup byDns(String name, DnsQuery query) {
        asked.add(new Question(name, query));
        HostLookup answer = answers.get(name);
        return answer != null ? answer : failed(name, List.of());
    }

    List<String> namesAsked() {
        return asked.stream().map(Question::name).toList();
    }

    DnsQuery lastQuery() {
        return asked.get(asked.size() - 1).query();
    }
}
