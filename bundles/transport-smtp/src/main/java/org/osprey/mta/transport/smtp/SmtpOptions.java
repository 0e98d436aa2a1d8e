package org.osprey.mta.transport.smtp;

import java.time.Duration;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.option.OptionType;

/**
 * The smtp transport's private options: the single place their names, types and defaults
 * are written (Exim's smtp_transport_options[] and its defaults block in
 * transports/smtp.c).
 *
 * <p>This is the first version of the transport: the options of Exim's smtp transport not
 * listed here (TLS, AUTH, LMTP, fallback_hosts, interface, serialize_hosts, DANE, DKIM,
 * hosts_randomize, CHUNKING and the rest) are not implemented yet, and the configuration
 * reader refuses them as unknown rather than ignoring them.
 */
final class SmtpOptions {
    static final Option<Boolean> ADDRESS_RETRY_INCLUDE_SENDER = Option.bool("address_retry_include_sender", true);
    static final Option<Boolean> ALLOW_LOCALHOST = Option.bool("allow_localhost", false);
    static final Option<Duration> COMMAND_TIMEOUT = Option.time("command_timeout", Duration.ofMinutes(5));
    static final Option<Duration> CONNECT_TIMEOUT = Option.time("connect_timeout", Duration.ofMinutes(5));
    static final Option<Duration> DATA_TIMEOUT = Option.time("data_timeout", Duration.ofMinutes(5));
    static final Option<Duration> FINAL_TIMEOUT = Option.time("final_timeout", Duration.ofMinutes(10));
    static final Option<String> HELO_DATA = Option.string("helo_data", "$primary_hostname").expanded();
    static final Option<String> HOSTS = Option.of("hosts", OptionType.STRING_LIST, null).expanded();
    static final Option<String> HOSTS_AVOID_ESMTP = Option.of("hosts_avoid_esmtp", OptionType.HOST_LIST, null);
    static final Option<String> HOSTS_AVOID_PIPELINING =
            Option.of("hosts_avoid_pipelining", OptionType.HOST_LIST, null);
    static final Option<Integer> HOSTS_MAX_TRY = Option.integer("hosts_max_try", 5);
    static final Option<Boolean> HOSTS_OVERRIDE = Option.bool("hosts_override", false);
    static final Option<Boolean> KEEPALIVE = Option.bool("keepalive", true);
    static final Option<Integer> MAX_RCPT = Option.integer("max_rcpt", 100);
    static final Option<String> PORT = Option.string("port", "smtp").expanded();
    static final Option<Integer> SIZE_ADDITION = Option.integer("size_addition", 1024);

    static final OptionTable TABLE = OptionTable.of(ADDRESS_RETRY_INCLUDE_SENDER, ALLOW_LOCALHOST, COMMAND_TIMEOUT,
            CONNECT_TIMEOUT, DATA_TIMEOUT, FINAL_TIMEOUT, HELO_DATA, HOSTS, HOSTS_AVOID_ESMTP, HOSTS_AVOID_PIPELINING,
            HOSTS_MAX_TRY, HOSTS_OVERRIDE, KEEPALIVE, MAX_RCPT, PORT, SIZE_ADDITION);

    private SmtpOptions() {
    }
}
