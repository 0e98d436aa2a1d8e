package org.osprey.mta.core.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.config.ConfigLoader;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.hints.HintsStore;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.model.HostStatus;
import org.osprey.mta.kernel.transport.ErrorClass;

/** The F, G and H arithmetic and Exim's decisions, with fixed times (seconds) and a fixed random source. */
class RetryPolicyTest {
    static final long T0 = 1_700_000_000L;
    static final long H = 3600;
    static final long M = 60;

    @TempDir
    Path dir;

    /** A random source whose nextInt(n) is always n - 1 (the largest H can draw) or 0. */
    record FixedRandom(boolean max) implements RandomGenerator {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public int nextInt(int bound) {
            return max ? bound - 1 : 0;
        }
    }

    Configuration config(String retry) throws Exception {
        Path file = dir.resolve("configure");
        Files.writeString(file, "begin routers\nbegin transports\nbegin retry\n" + retry + "\n");
        return new ConfigLoader((k, n) -> Optional.empty()).hostName(() -> "test.example").load(file, Map.of());
    }

    RetryPolicy policy(String retry, Duration max, boolean randomMax) throws Exception {
        Configuration c = config(retry);
        return new RetryPolicy(RetryRules.of(c), max, Duration.ofDays(7), new FixedRandom(randomMax));
    }

    ListMatcher matcher() throws Exception {
        return RetryRules.matcher(config("* * F,1h,1m"));
    }

    static final RetryError REFUSED = RetryError.of(ErrorClass.REFUSED, 0, 'M');

    @Test
    void fixedRuleFromFirstFailure() throws Exception {
        RetryPolicy p = policy("* * F,2h,15m; G,16h,1h,1.5; F,4d,6h", Duration.ofDays(1), false);
        RetryPolicy.Update u = p.failed("T:mx.example:192.0.2.1", true, "example", REFUSED, "Connection refused",
                Optional.empty(), T0, T0 - 10, null, matcher());
        RetryRecord r = u.record().orElseThrow();
        assertEquals(T0, r.firstFailed());
        assertEquals(T0, r.lastTry());
        assertEquals(T0 + 15 * M, r.nextTry());
        assertFalse(r.expired());
        assertFalse(u.timedOut());
    }

    @Test
    void geometricRuleAfterTheFirstCutoff() throws Exception {
        RetryPolicy p = policy("* * F,2h,15m; G,16h,1h,1.5; F,4d,6h", Duration.ofDays(1), false);
        ListMatcher m = matcher();
        // Failing since T0; last tried at T0+2h, next try was T0+2h15m; now T0+2h30m (failing 2.5h: the G set).
        RetryRecord prev = new RetryRecord(T0, T0 + 2 * H, T0 + 2 * H + 15 * M, false, REFUSED, "x");
        long now = T0 + 2 * H + 30 * M;
        RetryRecord r = p.failed("T:mx.example:192.0.2.1", true, "example", REFUSED, "y", Optional.of(prev), now, now,
                null, m).record().orElseThrow();
        // last gap = min(15m predicted, 30m actual) = 15m < 1h, so the first interval, 1h.
        assertEquals(now + H, r.nextTry());
        // Next: predicted gap 1h, actual 1h10m: 1h * 1.5 = 90m.
        long now2 = now + H + 10 * M;
        RetryRecord r2 = p.failed("T:mx.example:192.0.2.1", true, "example", REFUSED, "y", Optional.of(r), now2, now2,
                null, m).record().orElseThrow();
        assertEquals(now2 + 90 * M, r2.nextTry());
        assertEquals(T0, r2.firstFailed());
        // A retry that came late counts the predicted gap only: predicted 90m, actual 5h -> 135m.
        long now3 = now2 + 5 * H;
        RetryRecord r3 = p.failed("T:mx.example:192.0.2.1", true, "example", REFUSED, "y", Optional.of(r2), now3, now3,
                null, m).record().orElseThrow();
        assertEquals(now3 + 135 * M, r3.nextTry());
    }

    @Test
    void randomisedRuleStaysBetweenHalfAndAllOfTheGeometricGap() throws Exception {
        String rules = "* * H,1d,1h,2";
        RetryRecord prev = new RetryRecord(T0, T0 + 2 * H, T0 + 6 * H, false, REFUSED, "x");
        long now = T0 + 6 * H;
        // last gap 4h, next gap 8h; H waits 1h + between (8h-1h)/2 and (8h-1h).
        long low = policy(rules, Duration.ofDays(1), false).failed("T:h:1.2.3.4", true, "d", REFUSED, "y",
                Optional.of(prev), now, now, null, matcher()).record().orElseThrow().nextTry();
        long high = policy(rules, Duration.ofDays(1), true).failed("T:h:1.2.3.4", true, "d", REFUSED, "y",
                Optional.of(prev), now, now, null, matcher()).record().orElseThrow().nextTry();
        long span = 7 * H;
        assertEquals(now + H + span / 2, low);
        assertEquals(now + H + (span - 1) / 2 + span / 2, high);
    }

    @Test
    void retryIntervalMaxCapsTheGap() throws Exception {
        RetryPolicy p = policy("* * G,30d,1h,10", Duration.ofHours(4), false);
        RetryRecord prev = new RetryRecord(T0, T0 + 2 * H, T0 + 4 * H, false, REFUSED, "x");
        long now = T0 + 4 * H;
        RetryRecord r = p.failed("T:h:1.2.3.4", true, "d", REFUSED, "y", Optional.of(prev), now, now, null, matcher())
                .record().orElseThrow();
        assertEquals(now + 4 * H, r.nextTry());  // 2h * 10 = 20h, capped at 4h
    }

    @Test
    void pastTheFinalCutoffTheRecordExpiresAndTheItemTimesOut() throws Exception {
        RetryPolicy p = policy("* * F,2h,15m; F,1d,1h", Duration.ofDays(1), false);
        RetryRecord prev = new RetryRecord(T0, T0 + 23 * H, T0 + 24 * H, false, REFUSED, "x");
        long now = T0 + 25 * H;
        RetryPolicy.Update u = p.failed("T:h:1.2.3.4", true, "d", REFUSED, "y", Optional.of(prev), now, T0, null,
                matcher());
        assertTrue(u.timedOut());
        assertTrue(u.record().orElseThrow().expired());
        assertEquals(now + H, u.record().orElseThrow().nextTry());  // from the last set
        assertTrue(RetryPolicy.addressTimedOut(List.of(u), false));
        assertFalse(RetryPolicy.addressTimedOut(List.of(u), true));
    }

    @Test
    void aMessageOlderThanTheFinalCutoffTimesOutAndNextTryIsNow() throws Exception {
        RetryPolicy p = policy("* * F,2h,15m; F,1d,1h", Duration.ofDays(1), false);
        // The host began failing recently (first failed after the message arrived 2 days ago).
        long received = T0 - 2 * 24 * H;
        RetryPolicy.Update u = p.failed("T:h:1.2.3.4", true, "d", REFUSED, "y", Optional.empty(), T0, T0 - 1, null,
                matcher());
        assertFalse(u.timedOut());
        RetryPolicy.Update old = p.failed("T:h:1.2.3.4", true, "d", REFUSED, "y", Optional.empty(), T0, received, null,
                matcher());
        assertTrue(old.timedOut());
        assertEquals(T0, old.record().orElseThrow().nextTry());
        assertFalse(old.record().orElseThrow().expired());
    }

    @Test
    void anAddressItemUsesTheMessageAgeWhenLonger() throws Exception {
        RetryPolicy p = policy("* * F,2h,15m; F,1d,1h", Duration.ofDays(1), false);
        // No record yet, message 3h old: an address (R:) item is in the second set at once; a host item is not.
        RetryRecord addr = p.failed("R:u@d.example", false, "d.example", RetryError.of(ErrorClass.RCPT_4XX, 452, (char) 0),
                "452 full", Optional.empty(), T0, T0 - 3 * H, null, matcher()).record().orElseThrow();
        assertEquals(T0 + H, addr.nextTry());
        RetryRecord host = p.failed("T:h:1.2.3.4", true, "d.example", REFUSED, "refused", Optional.empty(), T0,
                T0 - 3 * H, null, matcher()).record().orElseThrow();
        assertEquals(T0 + 15 * M, host.nextTry());
    }

    @Test
    void noRuleMeansNothingWrittenAndTimedOut() throws Exception {
        RetryPolicy p = policy("other.example * F,1h,1m", Duration.ofDays(1), false);
        RetryPolicy.Update u = p.failed("T:h.example:1.2.3.4", true, "d.example", REFUSED, "y", Optional.empty(), T0,
                T0, null, matcher());
        assertTrue(u.record().isEmpty());
        assertTrue(u.timedOut());
    }

    @Test
    void theDomainIsAnAlternatePatternForHostKeysOnly() throws Exception {
        RetryPolicy p = policy("d.example * F,1h,7m", Duration.ofDays(1), false);
        assertEquals(T0 + 7 * M, p.failed("T:mx.other:1.2.3.4", true, "d.example", REFUSED, "y", Optional.empty(), T0,
                T0, null, matcher()).record().orElseThrow().nextTry());
        assertTrue(p.failed("R:mx.other", false, "d.example", REFUSED, "y", Optional.empty(), T0, T0, null, matcher())
                .record().isEmpty());
    }

    @Test
    void sendersRestrictARule() throws Exception {
        RetryPolicy p = policy("* * senders=*@list.example F,1h,5m\n* * F,1h,10m", Duration.ofDays(1), false);
        ListMatcher m = matcher();
        assertEquals(T0 + 5 * M, p.failed("T:h:1.2.3.4", true, "d", REFUSED, "y", Optional.empty(), T0, T0,
                "owner@list.example", m).record().orElseThrow().nextTry());
        assertEquals(T0 + 10 * M, p.failed("T:h:1.2.3.4", true, "d", REFUSED, "y", Optional.empty(), T0, T0,
                "someone@else.example", m).record().orElseThrow().nextTry());
    }

    @Test
    void staleRecordsAreIgnored() throws Exception {
        RetryPolicy p = policy("* * F,1h,1m", Duration.ofDays(1), false);
        RetryRecord r = new RetryRecord(T0, T0, T0 + H, false, REFUSED, "x");
        HintsStore.Entry fresh = new HintsStore.Entry("T:h:1.2.3.4", r.encode(), Instant.ofEpochSecond(T0));
        assertEquals(Optional.of(r), p.current(Optional.of(fresh), T0 + 7 * 24 * H));
        assertEquals(Optional.empty(), p.current(Optional.of(fresh), T0 + 7 * 24 * H + 1));
        HintsStore.Entry garbage = new HintsStore.Entry("T:h:1.2.3.4", "nonsense", Instant.ofEpochSecond(T0));
        assertEquals(Optional.empty(), p.current(Optional.of(garbage), T0));
    }

    @Test
    void hostStatus() throws Exception {
        RetryPolicy p = policy("* * F,2h,15m; F,1d,1h", Duration.ofDays(1), false);
        ListMatcher m = matcher();
        RetryRecord waiting = new RetryRecord(T0, T0, T0 + H, false, REFUSED, "x");
        RetryRecord expired = new RetryRecord(T0 - 2 * 24 * H, T0, T0 + H, true, REFUSED, "x");
        String key = "T:h:1.2.3.4";
        // No records: usable.
        assertEquals(HostStatus.USABLE, p.checkHost(key, "d", Optional.empty(), Optional.empty(), T0, T0, false, null, m)
                .status());
        // Before its retry time: unusable, unless forced or the message is older than the final cutoff.
        assertEquals(HostStatus.UNUSABLE, p.checkHost(key, "d", Optional.of(waiting), Optional.empty(), T0 + 1, T0,
                false, null, m).status());
        assertEquals(HostStatus.USABLE, p.checkHost(key, "d", Optional.of(waiting), Optional.empty(), T0 + 1, T0,
                true, null, m).status());
        assertEquals(HostStatus.USABLE, p.checkHost(key, "d", Optional.of(waiting), Optional.empty(), T0 + 1,
                T0 - 25 * H, false, null, m).status());
        // Expired and before its retry time: unusable (expired), whatever the message's age.
        RetryPolicy.HostCheck e = p.checkHost(key, "d", Optional.of(expired), Optional.empty(), T0 + 1, T0 - 25 * H,
                false, null, m);
        assertEquals(HostStatus.UNUSABLE_EXPIRED, e.status());
        assertEquals(T0, e.lastTry());
        // delay_after_cutoff false: tried if not tried since the message arrived.
        assertTrue(RetryPolicy.tryExpiredHost(false, e, T0));
        assertFalse(RetryPolicy.tryExpiredHost(false, e, T0 - 1));
        assertFalse(RetryPolicy.tryExpiredHost(true, e, T0));
        // Expired and due: usable, flagged expired.
        RetryPolicy.HostCheck due = p.checkHost(key, "d", Optional.of(expired), Optional.empty(), T0 + H, T0, false,
                null, m);
        assertEquals(HostStatus.USABLE, due.status());
        assertTrue(due.expired());
        // A message-at-host record before its time makes the host unusable for that message only.
        assertEquals(HostStatus.UNUSABLE, p.checkHost(key, "d", Optional.empty(), Optional.of(waiting), T0 + 1, T0,
                false, null, m).status());
    }

    @Test
    void routingRetry() throws Exception {
        RetryPolicy p = policy("* * F,2h,15m; F,1d,1h", Duration.ofDays(1), false);
        ListMatcher m = matcher();
        RetryRecord waiting = new RetryRecord(T0, T0, T0 + H, false, REFUSED, "x");
        RetryRecord expired = new RetryRecord(T0, T0, T0 + H, true, REFUSED, "x");
        Optional<RetryRecord> none = Optional.empty();
        // Outside a queue run: always routed.
        assertTrue(p.routingAllowed("R:u@d", "d", Optional.of(waiting), none, T0 + 1, T0, false, false, false, null, m));
        // In a queue run: not before the domain's retry time, unless the domain record has expired.
        assertFalse(p.routingAllowed("R:u@d", "d", Optional.of(waiting), none, T0 + 1, T0, true, false, false, null, m));
        assertTrue(p.routingAllowed("R:u@d", "d", Optional.of(expired), none, T0 + 1, T0, true, false, false, null, m));
        assertTrue(p.routingAllowed("R:u@d", "d", Optional.of(waiting), none, T0 + H, T0, true, false, false, null, m));
        assertTrue(p.routingAllowed("R:u@d", "d", Optional.of(waiting), none, T0 + 1, T0, true, true, false, null, m));
        // An address record alone: waits, unless the message has passed the ultimate timeout.
        assertFalse(p.routingAllowed("R:u@d", "d", none, Optional.of(waiting), T0 + 1, T0, true, false, false, null, m));
        assertTrue(p.routingAllowed("R:u@d", "d", none, Optional.of(waiting), T0 + 1, T0 - 25 * H, true, false, false,
                null, m));
    }

    @Test
    void recordsReadBackAsWritten() {
        RetryRecord r = new RetryRecord(T0, T0 + 1, T0 + 2, true, RetryError.of(ErrorClass.TIMEOUT_CONNECT, 0, 'A'),
                "H=mx.example [192.0.2.1]: Connection timed out\nsecond line");
        assertEquals("1700000000 1700000001 1700000002 T timeout 321 "
                + "H=mx.example [192.0.2.1]: Connection timed out\\nsecond line", r.encode());
        assertEquals(r, RetryRecord.decode(r.encode()));
        assertEquals(RetryRecord.TEXT_LIMIT, new RetryRecord(0, 0, 0, false, RetryError.ANY, "x".repeat(400)).text()
                .length());
    }

    @Test
    void errorNames() {
        assertEquals("rcpt_452", RetryError.of(ErrorClass.RCPT_4XX, 452, (char) 0).name());
        assertEquals("timeout_connect_MX", RetryError.of(ErrorClass.TIMEOUT_CONNECT, 0, 'M').name());
        assertEquals("rcpt_45x", RetryError.parse("rcpt_45x").name());
        assertTrue(RetryError.of(ErrorClass.RCPT_4XX, 452, (char) 0).matchedBy(RetryError.parse("rcpt_45x")));
        assertFalse(RetryError.of(ErrorClass.RCPT_4XX, 461, (char) 0).matchedBy(RetryError.parse("rcpt_45x")));
        assertTrue(RetryError.quota(8 * 24 * 3600).matchedBy(RetryError.parse("quota_7d")));
        assertFalse(RetryError.quota(6 * 24 * 3600).matchedBy(RetryError.parse("quota_7d")));
    }

    @Test
    void keys() {
        assertEquals("T:mx.example:192.0.2.1", RetryKeys.host("MX.Example", "192.0.2.1", 25, true));
        assertEquals("T:mx.example:192.0.2.1:587", RetryKeys.host("mx.example", "192.0.2.1", 587, true));
        assertEquals("T:mx.example", RetryKeys.host("mx.example", "192.0.2.1", 0, false));
        assertEquals("T:mx.example:192.0.2.1/192.0.2.7", RetryKeys.host("mx.example", "192.0.2.1", 25, "192.0.2.7", true));
        assertEquals("T:mx.example:192.0.2.1:1AbCdE-000001-Xy", RetryKeys.message("T:mx.example:192.0.2.1",
                "1AbCdE-000001-Xy"));
        assertEquals("R:User@d.example", RetryKeys.address("User", "D.Example"));
        assertEquals("R:u@d.example:<s@x.example>", RetryKeys.addressWithSender("u", "d.example", "s@x.example"));
        assertEquals("R:d.example", RetryKeys.domain("d.example"));
    }
}
