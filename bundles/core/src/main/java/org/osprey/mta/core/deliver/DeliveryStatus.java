package org.osprey.mta.core.deliver;

/** What became of one delivery attempt (Exim's DELIVER_ATTEMPTED_NORMAL, DELIVER_NOT_ATTEMPTED ...). */
public enum DeliveryStatus {
    /** Another process holds the message's lock: it is being delivered already. */
    LOCKED,
    /** Nothing was tried: the message is frozen, or gone, or its spool files do not read. */
    NOT_ATTEMPTED,
    /** Tried; some addresses remain, and the message stays on the queue. */
    DEFERRED,
    /** Every address is done, and the message has left the queue. */
    COMPLETED
}
