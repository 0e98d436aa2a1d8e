package org.osprey.mta.core.deliver;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osprey.mta.core.hints.HintsStore;

/**
 * The wait-&lt;transport&gt; hints as deliveries use them (Exim's transport_update_waiting
 * and transport_check_waiting): under each host name, the ids of the messages that wait
 * for that host, oldest first.
 *
 * <p>Exim keeps at most 50 ids in a record and chains further records under
 * {@code host:0}, {@code host:1} ...; here one record holds them all, at most {@link #MAX}
 * (the oldest are dropped beyond that: a message left out only waits for its own retry
 * time, as any message does when the hints are lost).
 */
final class WaitingList {
    static final int MAX = 1000;

    private final Hints hints;

    WaitingList(Hints hints) {
        this.hints = hints;
    }

    /** Adds the message to the record of each host (once per name), unless it is there already. */
    void add(String transport, Collection<String> hostNames, String messageId) {
        String database = HintsStore.waitDatabase(transport);
        for (String host : new LinkedHashSet<>(hostNames)) {
            hints.update(database, host, current -> {
                List<String> ids = current.map(e -> HintsStore.WaitList.decode(e.value())).orElseGet(ArrayList::new);
                if (ids.contains(messageId)) {
                    return current.map(HintsStore.Entry::value);
                }
                ids.add(messageId);
                return Optional.of(HintsStore.WaitList.encode(ids.subList(Math.max(0, ids.size() - MAX), ids.size())));
            });
        }
    }

    /** The messages waiting for a host, newest first: the order in which Exim's transport_check_waiting tries them. */
    List<String> newestFirst(String transport, String hostName) {
        List<String> ids = hints.get(HintsStore.waitDatabase(transport), hostName)
                .map(e -> HintsStore.WaitList.decode(e.value())).orElseGet(ArrayList::new);
        Collections.reverse(ids);
        return ids;
    }

    /** Takes messages off a host's record, and the record away when it is left empty. */
    void remove(String transport, String hostName, Set<String> messageIds) {
        String database = HintsStore.waitDatabase(transport);
        if (hints.get(database, hostName).isEmpty()) {
            return;
        }
        hints.update(database, hostName, current -> current.flatMap(e -> {
            List<String> kept = HintsStore.WaitList.decode(e.value()).stream()
                    .filter(id -> !messageIds.contains(id)).toList();
            return kept.isEmpty() ? Optional.empty() : Optional.of(HintsStore.WaitList.encode(kept));
        }));
    }
}
