package org.osprey.mta.core.acl;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.osprey.mta.core.hints.HintsException;
import org.osprey.mta.core.hints.HintsStore;

/**
 * Exim's callout cache, the hints database {@code callout}: a domain record under the domain
 * ({@code <result> <postmaster> <random> <postmaster_stamp> <random_stamp>}, the results
 * {@code accept}, {@code reject}, {@code reject_mfnull} or {@code unknown}, the stamps in
 * seconds since the epoch) and an address record under the address, or
 * {@code address/<sender>} when a non-empty sender was used ({@code accept} or {@code reject}).
 * A store that fails is treated as no cache, as Exim does when the database cannot be opened.
 */
final class CalloutCache {
    static final String DATABASE = "callout";

    enum Result { UNKNOWN, ACCEPT, REJECT, REJECT_MFNULL }

    /** A domain record as read or to be written. */
    static final class DomainRecord {
        Result result = Result.UNKNOWN;
        Result postmaster = Result.UNKNOWN;
        Result random = Result.UNKNOWN;
        long postmasterStamp;
        long randomStamp;

        String encode() {
            return word(result) + " " + word(postmaster) + " " + word(random) + " " + postmasterStamp + " "
                    + randomStamp;
        }

        static DomainRecord decode(String value) {
            String[] f = value.split(" ");
            DomainRecord r = new DomainRecord();
            r.result = result(f[0]);
            r.postmaster = result(f[1]);
            r.random = result(f[2]);
            r.postmasterStamp = Long.parseLong(f[3]);
            r.randomStamp = Long.parseLong(f[4]);
            return r;
        }
    }

    private final HintsStore store;
    private final Duration domainPositive;
    private final Duration domainNegative;
    private final Duration positive;
    private final Duration negative;

    CalloutCache(HintsStore store, Duration domainPositive, Duration domainNegative, Duration positive,
            Duration negative) {
        this.store = store;
        this.domainPositive = domainPositive;
        this.domainNegative = domainNegative;
        this.positive = positive;
        this.negative = negative;
    }

    /** The unexpired domain record; the postmaster and random parts expire on their own stamps. */
    Optional<DomainRecord> domain(String domain, Instant now) {
        try {
            Optional<HintsStore.Entry> e = store.get(DATABASE, domain);
            if (e.isEmpty()) {
                return Optional.empty();
            }
            DomainRecord r = DomainRecord.decode(e.get().value());
            boolean neg = r.result != Result.ACCEPT || r.postmaster == Result.REJECT;
            long expire = (neg ? domainNegative : domainPositive).toSeconds();
            long t = now.getEpochSecond();
            if (t - e.get().timeStamp().getEpochSecond() > expire) {
                return Optional.empty();
            }
            if (r.result != Result.REJECT) {
                if (t - r.postmasterStamp > expire) {
                    r.postmaster = Result.UNKNOWN;
                }
                if (t - r.randomStamp > expire) {
                    r.random = Result.UNKNOWN;
                }
            }
            return Optional.of(r);
        } catch (HintsException | RuntimeException ex) {
            return Optional.empty();
        }
    }

    /** The unexpired address result, if any. */
    Optional<Result> address(String key, Instant now) {
        try {
            Optional<HintsStore.Entry> e = store.get(DATABASE, key);
            if (e.isEmpty()) {
                return Optional.empty();
            }
            Result r = result(e.get().value());
            long expire = (r == Result.ACCEPT ? positive : negative).toSeconds();
            return now.getEpochSecond() - e.get().timeStamp().getEpochSecond() > expire ? Optional.empty()
                    : Optional.of(r);
        } catch (HintsException | RuntimeException ex) {
            return Optional.empty();
        }
    }

    void putDomain(String domain, DomainRecord r) {
        put(domain, r.encode());
    }

    void putAddress(String key, Result r) {
        put(key, word(r));
    }

    private void put(String key, String value) {
        try {
            store.put(DATABASE, key, value);
        } catch (HintsException | RuntimeException ex) {
            // Hints only: a store that cannot be written is no cache.
        }
    }

    private static String word(Result r) {
        return r.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static Result result(String w) {
        return Result.valueOf(w.toUpperCase(java.util.Locale.ROOT));
    }
}
