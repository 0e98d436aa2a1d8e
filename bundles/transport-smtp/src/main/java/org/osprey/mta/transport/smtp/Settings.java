package org.osprey.mta.transport.smtp;

import static org.osprey.mta.transport.smtp.SmtpOptions.ADDRESS_RETRY_INCLUDE_SENDER;
import static org.osprey.mta.transport.smtp.SmtpOptions.ALLOW_LOCALHOST;
import static org.osprey.mta.transport.smtp.SmtpOptions.COMMAND_TIMEOUT;
import static org.osprey.mta.transport.smtp.SmtpOptions.CONNECT_TIMEOUT;
import static org.osprey.mta.transport.smtp.SmtpOptions.DATA_TIMEOUT;
import static org.osprey.mta.transport.smtp.SmtpOptions.FINAL_TIMEOUT;
import static org.osprey.mta.transport.smtp.SmtpOptions.HOSTS_AVOID_ESMTP;
import static org.osprey.mta.transport.smtp.SmtpOptions.HOSTS_AVOID_PIPELINING;
import static org.osprey.mta.transport.smtp.SmtpOptions.HOSTS_MAX_TRY;
import static org.osprey.mta.transport.smtp.SmtpOptions.HOSTS_OVERRIDE;
import static org.osprey.mta.transport.smtp.SmtpOptions.KEEPALIVE;
import static org.osprey.mta.transport.smtp.SmtpOptions.MAX_RCPT;
import static org.osprey.mta.transport.smtp.SmtpOptions.SIZE_ADDITION;

import java.time.Duration;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.option.OptionValues;

/**
 * One configured smtp instance, its options read and checked once, as Exim's
 * smtp_transport_init does (the timeouts that must not be zero). The expanded options (hosts, port, helo_data) stay in {@code values} and are
 * expanded for each delivery. Immutable.
 *
 * @param name the instance name, for messages
 * @param values the configured options, for the expanded ones
 * @param maxRcpt RCPT commands per transaction; 0 in the file means unlimited
 * @param sizeAddition added to SIZE=; negative suppresses SIZE= (the seed chapter's rule)
 * @param smtps {@code protocol = smtps}: TLS on connect, default port 465, never in clear
 * @param lmtp {@code protocol = lmtp}: LHLO, one reply per accepted recipient after the dot,
 *        default port "lmtp" (RFC 2033 over TCP)
 * @param lmtpIgnoreQuota IGNOREQUOTA on each RCPT when the LMTP server offers it
 */
record Settings(String name, OptionValues values, Duration connectTimeout, Duration commandTimeout,
        Duration dataTimeout, Duration finalTimeout, int maxRcpt, int sizeAddition, boolean hostsOverride,
        boolean allowLocalhost, int hostsMaxTry, boolean keepalive, boolean addressRetryIncludeSender,
        String hostsAvoidEsmtp, String hostsAvoidPipelining, boolean smtps, boolean lmtp,
        boolean lmtpIgnoreQuota) {

    static Settings from(String name, OptionValues values) throws ConfigurationException {
        for (var option : java.util.List.of(COMMAND_TIMEOUT, DATA_TIMEOUT, FINAL_TIMEOUT)) {
            if (values.get(option).isZero()) {
                throw new ConfigurationException("command, data, or final timeout value is zero for " + name
                        + " transport");
            }
        }
        String protocol = values.get(SmtpOptions.PROTOCOL);
        if (!protocol.equalsIgnoreCase("smtp") && !protocol.equalsIgnoreCase("smtps")
                && !protocol.equalsIgnoreCase("lmtp")) {
            throw new ConfigurationException("protocol = " + protocol + " is not supported by the " + name
                    + " transport (smtp, smtps or lmtp)");
        }
        int maxRcpt = values.get(MAX_RCPT);
        return new Settings(name, values, values.get(CONNECT_TIMEOUT), values.get(COMMAND_TIMEOUT),
                values.get(DATA_TIMEOUT), values.get(FINAL_TIMEOUT), maxRcpt <= 0 ? Integer.MAX_VALUE : maxRcpt,
                values.get(SIZE_ADDITION), values.get(HOSTS_OVERRIDE), values.get(ALLOW_LOCALHOST),
                values.get(HOSTS_MAX_TRY), values.get(KEEPALIVE), values.get(ADDRESS_RETRY_INCLUDE_SENDER),
                values.get(HOSTS_AVOID_ESMTP), values.get(HOSTS_AVOID_PIPELINING), protocol.equalsIgnoreCase("smtps"),
                protocol.equalsIgnoreCase("lmtp"), values.get(SmtpOptions.LMTP_IGNORE_QUOTA));
    }
}
