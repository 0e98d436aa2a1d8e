package org.osprey.mta.core.cli;

import java.util.Optional;

/** Exim's -od options: what happens to a new message once it is on the spool. */
enum DeliveryMode {
    /** {@code -odb}: delivered by a background process; the submitter does not wait (Exim's default). */
    BACKGROUND,
    /** {@code -odi}, {@code -odf}: delivered before the command returns. */
    INTERACTIVE,
    /** {@code -odq}: left on the queue for the next queue run. */
    QUEUE,
    /** {@code -odqs}: routed now, remote deliveries left for the next queue run (Osprey queues the message whole). */
    QUEUE_SMTP;

    static Optional<DeliveryMode> forOption(String arg) {
        return Optional.ofNullable(switch (arg) {
            case "-odb" -> BACKGROUND;
            case "-odi", "-odf" -> INTERACTIVE;
            case "-odq" -> QUEUE;
            case "-odqs" -> QUEUE_SMTP;
            default -> null;
        });
    }
}
