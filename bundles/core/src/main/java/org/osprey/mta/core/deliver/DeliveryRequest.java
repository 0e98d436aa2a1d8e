package org.osprey.mta.core.deliver;

/**
 * How a delivery attempt was asked for, which decides what it may skip.
 *
 * @param queueRun part of a queue run ({@code -q}, {@code -R}): retry times are respected
 *        for routing and local deliveries; outside one (a new message, {@code -Mc},
 *        {@code -M}) every address is routed and tried, and only remote hosts' retry
 *        times are respected
 * @param forced retry times are ignored ({@code -M}, {@code -qf})
 * @param thawFrozen a frozen message is thawed and tried ({@code -M}, {@code -qff}), by an administrator
 * @param giveUp every undelivered address is failed, "delivery cancelled by administrator" ({@code -Mg})
 */
public record DeliveryRequest(boolean queueRun, boolean forced, boolean thawFrozen, boolean giveUp) {
    /** The first attempt at a new message, a background delivery of one, and {@code -Mc}. */
    public static final DeliveryRequest NEW_MESSAGE = new DeliveryRequest(false, false, false, false);
    /** {@code -M}: forced, frozen or not. */
    public static final DeliveryRequest FORCED = new DeliveryRequest(false, true, true, false);
    /** An ordinary queue run's message. */
    public static final DeliveryRequest QUEUE_RUN = new DeliveryRequest(true, false, false, false);
    /** {@code -Mg}. */
    public static final DeliveryRequest GIVE_UP = new DeliveryRequest(false, true, true, true);

    /** A queue run's request: {@code -qf} forces, {@code -qff} also thaws. */
    public static DeliveryRequest queueRun(boolean force, boolean thaw) {
        return new DeliveryRequest(true, force, thaw, false);
    }
}
