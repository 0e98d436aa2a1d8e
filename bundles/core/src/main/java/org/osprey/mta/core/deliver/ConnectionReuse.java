package org.osprey.mta.core.deliver;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.transport.ContinuedDelivery;

/**
 * Connection reuse for one transport call (Exim's transport_check_waiting and the
 * {@code -MC} delivery it starts, done inside the process): the next message waiting for
 * a host in the wait-&lt;transport&gt; hints is locked, routed and offered to the
 * transport, which still holds its connection to that host.
 *
 * <p>As in Exim, the waiting messages are tried newest first; the current message, the
 * one taken and those tried on the way (gone from the spool, locked by another delivery,
 * frozen, or with nothing for this host) are taken off the host's record; a delivery that
 * defers again puts its message back. A message tried but not taken has had its delivery
 * attempt all the same: its routing is recorded and its -H file rewritten, as Exim's
 * {@code -MC} process does when it finds no address for the connection.
 *
 * <p>One instance serves the messages of one chain of continued deliveries: those handed
 * out are remembered, so that the engine can complete, when the transport's first call
 * returns, any the transport left uncompleted ({@link #abandonOutstanding}); and what
 * their completions leave to do waits until the first message's attempt has ended
 * ({@link #finishCompleted}).
 */
final class ConnectionReuse {
    /** For calls that hold no connection (local transports). */
    static final ConnectionReuse NONE = new ConnectionReuse(null, null, null, null, List.of(), List.of());

    private final DeliveryEngine engine;
    private final String transport;
    private final MessageId current;
    private final Consumer<MessageId> generated;
    private final List<ContinuedCall> handedOut;
    private final List<Runnable> completed;

    /**
     * @param transport the transport instance whose connection it is
     * @param current the message of the call, which is never offered again
     * @param generated where the bounces and warnings of the continued deliveries go
     */
    ConnectionReuse(DeliveryEngine engine, String transport, MessageId current, Consumer<MessageId> generated) {
        this(engine, transport, current, generated, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    }

    private ConnectionReuse(DeliveryEngine engine, String transport, MessageId current, Consumer<MessageId> generated,
            List<ContinuedCall> handedOut, List<Runnable> completed) {
        this.engine = engine;
        this.transport = transport;
        this.current = current;
        this.generated = generated;
        this.handedOut = handedOut;
        this.completed = completed;
    }

    /** The same chain, for a continued call of another message. */
    ConnectionReuse forMessage(MessageId id) {
        return new ConnectionReuse(engine, transport, id, generated, handedOut, completed);
    }

    Optional<ContinuedDelivery> nextFor(Host host) {
        if (engine == null || host == null || host.name() == null) {
            return Optional.empty();
        }
        WaitingList waiting = engine.waiting;
        Set<String> taken = new LinkedHashSet<>();
        taken.add(current.toString());
        try {
            for (String candidate : waiting.newestFirst(transport, host.name())) {
                if (!taken.add(candidate) || !MessageId.isValid(candidate)) {
                    continue;
                }
                MessageId id = MessageId.parse(candidate);
                if (!Files.exists(engine.spool.dataFile(id))) {
                    continue;
                }
                try {
                    Optional<ContinuedCall> next = new MessageDelivery(engine, id, DeliveryRequest.QUEUE_RUN, generated)
                            .continueOver(this, host);
                    if (next.isPresent()) {
                        handedOut.add(next.get());
                        return Optional.of(next.get());
                    }
                } catch (IOException e) {
                    engine.spoolError(id, e);
                }
            }
            return Optional.empty();
        } finally {
            waiting.remove(transport, host.name(), taken);
        }
    }

    /** Completes, with their addresses deferred, the continued deliveries the transport did not complete. */
    void abandonOutstanding() {
        for (ContinuedCall call : handedOut) {
            call.abandon();
        }
    }

    /** Work a continued delivery's completion leaves for after the first message's attempt. */
    void afterwards(Runnable work) {
        completed.add(work);
    }

    /** Does that work, in the order the completions came; called once the first message's attempt has ended. */
    void finishCompleted() {
        abandonOutstanding();
        for (Runnable work : completed) {
            work.run();
        }
        completed.clear();
    }

    String transport() {
        return transport;
    }
}
