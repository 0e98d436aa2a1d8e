package org.osprey.mta.core.spool;

import java.time.Clock;
import java.time.Instant;

/**
 * Makes message ids unique within a host, by Exim 4.96's rules: the time in seconds, a
 * process field, and the fraction of the second in units of 5 ms (plus
 * {@code localhost_number * 200} when that is set). Exim puts its pid in the process field and,
 * before a process may make another id, waits for the 5 ms tick to pass; a process id is unique
 * among running processes, so two ids can never meet.
 *
 * <p>A JVM makes ids on many threads at once, so waiting for each tick would cap a daemon at 200
 * messages a second. Instead the process field is {@code pid + lane * 2^22} (Linux pids are below
 * 2^22): within one 5 ms tick each id takes the next free lane, and only when every lane of a
 * tick is used (13,542 ids in 5 ms) does the generator wait for the next tick. The field still
 * fits Exim's six digits, and the id keeps Exim's shape, so Exim's tools read it.
 *
 * <p>It never hands out an id twice in one process, even if the clock steps back: it then keeps
 * using the last tick's lanes. It never writes anything.
 */
public final class MessageIdGenerator {

    /** Exim's id resolution with base-62 ids: 5000 microseconds. */
    static final int TICK_MICROS = 5000;
    static final int TICKS_PER_SECOND = 1_000_000 / TICK_MICROS;
    static final long PID_SPACE = 1L << 22;
    static final long LANES = (62L * 62 * 62 * 62 * 62 * 62) / PID_SPACE - 1;
    /** The largest localhost_number Exim allows with base-62 ids. */
    public static final int MAX_LOCALHOST_NUMBER = 16;

    private final Clock clock;
    private final long pid;
    private final int hostNumber;
    private long lastTick = -1;
    private long nextLane;

    /**
     * @param clock the clock (the system UTC clock in production)
     * @param pid this process's id (must be below 2^22, as Linux pids are)
     * @param localhostNumber {@code localhost_number}, 0-16, or -1 when unset
     */
    public MessageIdGenerator(Clock clock, long pid, int localhostNumber) {
        if (pid < 0 || pid >= PID_SPACE) {
            throw new IllegalArgumentException("process id out of range: " + pid);
        }
        if (localhostNumber < -1 || localhostNumber > MAX_LOCALHOST_NUMBER) {
            throw new IllegalArgumentException("localhost_number must be between 0 and "
                    + MAX_LOCALHOST_NUMBER + ": " + localhostNumber);
        }
        this.clock = clock;
        this.pid = pid;
        this.hostNumber = localhostNumber;
    }

    /** A generator for this process, on the system clock. */
    public static MessageIdGenerator forThisProcess(int localhostNumber) {
        return new MessageIdGenerator(Clock.systemUTC(), ProcessHandle.current().pid() % PID_SPACE,
                localhostNumber);
    }

    /** A new id, never returned before by this generator. Safe to call from any thread. */
    public synchronized MessageId next() {
        while (true) {
            long tick = tickOf(clock.instant());
            if (tick > lastTick) {
                lastTick = tick;
                nextLane = 0;
            }
            if (nextLane <= LANES) {
                long lane = nextLane++;
                long seconds = lastTick / TICKS_PER_SECOND;
                int fraction = (int) (lastTick % TICKS_PER_SECOND);
                if (hostNumber >= 0) {
                    fraction += hostNumber * TICKS_PER_SECOND;
                }
                return MessageId.of(seconds, pid + lane * PID_SPACE, fraction);
            }
            try {
                wait(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the clock", e);
            }
        }
    }

    private static long tickOf(Instant now) {
        return now.getEpochSecond() * TICKS_PER_SECOND + now.getNano() / 1000 / TICK_MICROS;
    }
}
