package org.osprey.mta.transport.lmtp;

import java.time.Duration;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionTable;

/**
 * The lmtp transport's private options (Exim's lmtp_transport_options[] and
 * lmtp_transport_option_defaults). {@code batch_id} and {@code batch_max} are generic
 * options that Exim lists here because only some transports take them; the engine batches.
 */
final class LmtpOptions {
    static final Option<String> BATCH_ID = Option.string("batch_id").expanded();
    static final Option<Integer> BATCH_MAX = Option.integer("batch_max", 1);
    static final Option<String> COMMAND = Option.string("command").expanded();
    static final Option<Boolean> IGNORE_QUOTA = Option.bool("ignore_quota", false);
    static final Option<String> SOCKET = Option.string("socket").expanded();
    static final Option<Duration> TIMEOUT = Option.time("timeout", Duration.ofMinutes(5));

    static final OptionTable TABLE = OptionTable.of(BATCH_ID, BATCH_MAX, COMMAND, IGNORE_QUOTA, SOCKET, TIMEOUT);

    private LmtpOptions() {
    }
}
