package org.osprey.mta.kernel.transport;

/** A configured transport instance. Shared between threads: per-delivery state lives in the call. */
@FunctionalInterface
public interface Transport {

    /** Delivers the message of {@code delivery} to its addresses, and says what became of each. */
    TransportResult deliver(Delivery delivery);
}
