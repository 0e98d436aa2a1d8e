package org.osprey.mta.core.retry;

import java.util.List;
import java.util.Optional;
import org.osprey.mta.core.hints.HintsException;
import org.osprey.mta.core.hints.HintsStore;

/**
 * The wait-&lt;transport&gt; hints: for each host (key: the host's name), the messages that
 * are waiting for it, so that a delivery that has a connection open can pass it on to one
 * of them (Exim's transport_update_waiting and transport_check_waiting). Advisory: a lost
 * list means only that a message waits for its own retry time instead of riding on
 * another's connection.
 */
public final class WaitingMessages {
    private final HintsStore store;
    private final String database;

    public WaitingMessages(HintsStore store, String transport) {
        this.store = store;
        this.database = HintsStore.waitDatabase(transport);
    }

    /** Records that a message waits for a host (after a host error left it undelivered there). */
    public void add(String host, String messageId) throws HintsException {
        store.update(database, host, current -> Optional.of(
                HintsStore.WaitList.add(current.map(HintsStore.Entry::value), messageId)));
    }

    /**
     * Takes the next waiting message for a host other than {@code exclude}, removing it
     * from the list (and the list when it is empty); empty when none waits.
     */
    public Optional<String> next(String host, String exclude) throws HintsException {
        String[] taken = {null};
        store.update(database, host, current -> {
            taken[0] = null;
            if (current.isEmpty()) {
                return Optional.empty();
            }
            List<String> ids = new java.util.ArrayList<>(HintsStore.WaitList.decode(current.get().value()));
            ids.remove(exclude);
            if (!ids.isEmpty()) {
                taken[0] = ids.remove(0);
            }
            return ids.isEmpty() ? Optional.empty() : Optional.of(HintsStore.WaitList.encode(ids));
        });
        return Optional.ofNullable(taken[0]);
    }

    /** The messages waiting for a host, oldest first. */
    public List<String> waiting(String host) throws HintsException {
        return store.get(database, host).map(e -> HintsStore.WaitList.decode(e.value())).orElse(List.of());
    }
}
