package org.osprey.mta.kernel.transport;

/**
 * A further message for a connection that a transport still holds open (since 1.3; see
 * {@link Delivery#nextFor}). It is a delivery like any other, with one more duty: the
 * transport must call {@link #complete} exactly once, also when it could not send it (then
 * with the addresses deferred), so that the engine can record and log the result and
 * release the message.
 */
public interface ContinuedDelivery extends Delivery {

    /** Hands over what became of this message's addresses. */
    void complete(TransportResult result);
}
