package org.osprey.mta.core.retry;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.hints.HintsStore;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.model.HostStatus;

/**
 * Exim's retry decisions and arithmetic over the rules and the two main options that bound
 * them, retry_interval_max and retry_data_expire: whether a host, a message at a host, an
 * address or a domain may be tried now, whether it has passed its cutoff, and the record
 * to write after a failure. Pure functions of their arguments (times are seconds since the
 * epoch, "now" always given), so the same inputs give the same answers; only the H rule
 * draws on the random generator.
 *
 * <p>Never deletes or fails mail itself: it says what Exim would decide; the delivery code
 * acts on it.
 */
public final class RetryPolicy {
    private final RetryRules rules;
    private final long intervalMax;
    private final long dataExpire;
    private final RandomGenerator random;

    public RetryPolicy(RetryRules rules, Duration retryIntervalMax, Duration retryDataExpire, RandomGenerator random) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.intervalMax = retryIntervalMax.toSeconds();
        this.dataExpire = retryDataExpire.toSeconds();
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The policy of a configuration: its retry section, retry_interval_max and retry_data_expire. */
    public static RetryPolicy of(Configuration configuration) {
        return new RetryPolicy(RetryRules.of(configuration), configuration.get(MainOptions.RETRY_INTERVAL_MAX),
                configuration.get(MainOptions.RETRY_DATA_EXPIRE), RandomGenerator.getDefault());
    }

    public RetryRules rules() {
        return rules;
    }

    /**
     * A stored retry record as Exim uses it: none when there is none, when it was written
     * more than retry_data_expire ago, or when it does not read (hints are advisory).
     */
    public Optional<RetryRecord> current(Optional<HintsStore.Entry> entry, long now) {
        if (entry.isEmpty() || now - entry.get().timeStamp().getEpochSecond() > dataExpire) {
            return Optional.empty();
        }
        try {
            return Optional.of(RetryRecord.decode(entry.get().value()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Exim's retry_ultimate_address_timeout: whether a message has been on the queue longer
     * than the final cutoff of the rule for this key and the record's error (then a
     * delivery is allowed even before the retry time, so that the address can time out).
     * With no rule, or a rule with no parameter sets, the answer is yes.
     *
     * @param key the retry key, with its {@code T:} or {@code R:}
     */
    public boolean ultimateAddressTimeout(String key, String domain, RetryRecord record, long now, long receivedTime,
            String sender, ListMatcher matching) {
        Optional<RetryRule> rule = rules.find(key.substring(2), domain, record.error(), sender, matching);
        if (rule.isEmpty() || rule.get().steps().isEmpty()) {
            return true;
        }
        return now - receivedTime > rule.get().finalCutoff();
    }

    /**
     * The status of a host at delivery time (Exim's retry_check_address), from its host
     * record and the message-at-host record (each already passed through {@link #current}).
     *
     * @param force a forced delivery ({@code -M}, {@code -qf}): retry times are ignored
     * @return the status, and whether the host is usable only because its retry time has
     *         come though it has passed its cutoff ("expired")
     */
    public HostCheck checkHost(String hostKey, String domain, Optional<RetryRecord> hostRecord,
            Optional<RetryRecord> messageRecord, long now, long receivedTime, boolean force, String sender,
            ListMatcher matching) {
        boolean expiredButDue = false;
        if (hostRecord.isPresent()) {
            RetryRecord h = hostRecord.get();
            if (now < h.nextTry() && !force) {
                if (!h.expired() && ultimateAddressTimeout(hostKey, domain, h, now, receivedTime, sender, matching)) {
                    return new HostCheck(HostStatus.USABLE, false, h.lastTry());
                }
                return new HostCheck(h.expired() ? HostStatus.UNUSABLE_EXPIRED : HostStatus.UNUSABLE, false, h.lastTry());
            }
            expiredButDue = h.expired();
        }
        if (messageRecord.isPresent()) {
            RetryRecord m = messageRecord.get();
            if (now < m.nextTry() && !force) {
                boolean timedOut = ultimateAddressTimeout(hostKey, domain, m, now, receivedTime, sender, matching);
                return new HostCheck(timedOut ? HostStatus.USABLE : HostStatus.UNUSABLE, false,
                        hostRecord.map(RetryRecord::lastTry).orElse(0L));
            }
        }
        return new HostCheck(HostStatus.USABLE, expiredButDue, hostRecord.map(RetryRecord::lastTry).orElse(0L));
    }

    /**
     * What {@link #checkHost} found.
     *
     * @param status usable, unusable, or unusable and past its cutoff
     * @param expired usable only because the retry time of an expired host has come
     * @param lastTry the host record's last try (0 without one), for delay_after_cutoff
     */
    public record HostCheck(HostStatus status, boolean expired, long lastTry) {
    }

    /**
     * The smtp transport's second pass when every host was skipped and all have passed
     * their cutoff: with delay_after_cutoff false, an expired host is tried if it has not
     * been tried since the message arrived; with it true (the default) nothing is tried and
     * the address fails ("all hosts have been failing for a long time").
     */
    public static boolean tryExpiredHost(boolean delayAfterCutoff, HostCheck host, long receivedTime) {
        return !delayAfterCutoff && host.status() == HostStatus.UNUSABLE_EXPIRED && host.lastTry() <= receivedTime;
    }

    /**
     * Whether an address may be routed now (deliver.c): outside a queue run (and not down
     * a continued connection) always; in a queue run (unforced) not while the domain's
     * record is before its retry time and unexpired, nor while the address's record is
     * before its retry time, unless (with an address record and no domain record) the
     * message has passed the address's ultimate timeout.
     *
     * @param domainRecord the {@code R:domain} record, after {@link #current}
     * @param addressRecord the {@code R:local@domain} record, or failing that the one with
     *        the sender ({@code R:local@domain:<sender>}), after {@link #current}
     */
    public boolean routingAllowed(String addressKey, String domain, Optional<RetryRecord> domainRecord,
            Optional<RetryRecord> addressRecord, long now, long receivedTime, boolean queueRunning, boolean force,
            boolean continuedConnection, String sender, ListMatcher matching) {
        if (!(queueRunning && !force || continuedConnection)) {
            return true;
        }
        boolean waiting = domainRecord.map(d -> now < d.nextTry() && !d.expired()).orElse(false)
                || addressRecord.map(a -> now < a.nextTry()).orElse(false);
        if (!waiting) {
            return true;
        }
        boolean timeoutApplies = domainRecord.isEmpty() && addressRecord.isPresent()
                && ultimateAddressTimeout(addressKey, domain, addressRecord.get(), now, receivedTime, sender, matching);
        return timeoutApplies;
    }

    /**
     * Whether a local transport may run for an address with a {@code T:} record (deliver.c):
     * always outside a queue run or when forced; else when the record is too old, its
     * retry time has come, it has expired, or the message has passed the ultimate timeout.
     *
     * @param storedAge seconds since the record was written
     */
    public boolean localDeliveryAllowed(String key, String domain, RetryRecord record, long storedAge, long now,
            long receivedTime, boolean queueRunning, boolean force, String sender, ListMatcher matching) {
        if (!queueRunning || force) {
            return true;
        }
        return storedAge > dataExpire || now >= record.nextTry() || record.expired()
                || ultimateAddressTimeout(key, domain, record, now, receivedTime, sender, matching);
    }

    /**
     * The record to write after a failure (Exim's retry_update for one item), and whether
     * this item has timed out.
     *
     * @param key the retry key, with its {@code T:} or {@code R:}
     * @param hostItem whether the key is a host's (then the domain is tried as an alternate
     *        pattern, and the message's age does not stretch the failing interval)
     * @param domain the address's domain
     * @param previous the stored record, after {@link #current}
     * @param messageAge seconds since the message arrived
     * @param receivedTime when the message arrived
     * @return the update; its record is empty when no rule applies (then nothing is written
     *         and the item counts as timed out)
     */
    public Update failed(String key, boolean hostItem, String domain, RetryError error, String message,
            Optional<RetryRecord> previous, long now, long receivedTime, String sender, ListMatcher matching) {
        Optional<RetryRule> found = rules.find(key.substring(2), hostItem ? domain : null, error, sender, matching);
        if (found.isEmpty()) {
            return new Update(Optional.empty(), true);
        }
        RetryRule rule = found.get();
        long firstFailed = previous.map(RetryRecord::firstFailed).orElse(now);
        long lastTry = previous.map(RetryRecord::lastTry).orElse(now);
        long prevNext = previous.map(RetryRecord::nextTry).orElse(now);
        boolean expired = previous.map(RetryRecord::expired).orElse(false);
        long messageAge = now - receivedTime;
        long failingInterval = now - firstFailed;
        if (!hostItem && messageAge > failingInterval) {
            failingInterval = messageAge;
        }
        RetryStep step = null;
        RetryStep finalStep = null;
        for (RetryStep s : rule.steps()) {
            if (failingInterval <= s.cutoff()) {
                step = s;
                break;
            }
            finalStep = s;
        }
        boolean timedOut = false;
        if (step != null) {
            expired = false;
        } else {
            step = finalStep;
            expired = true;
            timedOut = true;
        }
        if (receivedTime <= firstFailed && !expired && step != null
                && now - receivedTime > rule.finalCutoff()) {
            timedOut = true;
            step = null;
        }
        long nextTry = step == null ? now : step.nextTry(now, lastTry, prevNext, random);
        if (nextTry - now > intervalMax) {
            nextTry = now + intervalMax;
        }
        return new Update(Optional.of(new RetryRecord(firstFailed, now, nextTry, expired, error, message)), timedOut);
    }

    /**
     * The outcome of {@link #failed}.
     *
     * @param record what to write under the key, or empty to write nothing
     * @param timedOut whether this item has timed out
     */
    public record Update(Optional<RetryRecord> record, boolean timedOut) {
    }

    /**
     * Whether a deferred address times out (is failed with "retry timeout exceeded"): all
     * its updating items timed out, and no host was skipped for its retry time or for
     * hosts_max_try.
     */
    public static boolean addressTimedOut(List<Update> updates, boolean hostsSkipped) {
        return !updates.isEmpty() && updates.stream().allMatch(Update::timedOut) && !hostsSkipped;
    }
}
