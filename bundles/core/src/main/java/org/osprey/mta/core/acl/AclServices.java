package org.osprey.mta.core.acl;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.osprey.mta.core.expand.ExpansionEnvironment;
import org.osprey.mta.core.hints.HintsStore;
import org.osprey.mta.core.lists.HostResolver;
import org.osprey.mta.core.log.LogEvent;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.registry.DriverRegistry;

/**
 * What the ACL engine uses from the rest of the MTA.
 *
 * @param environment the configuration's expansion environment (the engine adds its own
 *        {@link org.osprey.mta.core.expand.AclRunner} to it)
 * @param verifier routes addresses for {@code verify = sender/recipient}; null when there is no
 *        routing (verification then defers)
 * @param drivers where ACL condition drivers are found (mta.driver.kind=condition)
 * @param log where the engine's own log lines go ({@code warn}'s log_message, logwrite, panics)
 * @param hints opens the hints store for {@code ratelimit}; may return null when there is none
 * @param resolver DNS for {@code verify = reverse_host_lookup} and {@code verify = helo}
 * @param clock the time for ratelimit
 * @param sleeper how {@code delay} waits
 */
public record AclServices(ExpansionEnvironment environment, AddressVerifier verifier, DriverRegistry drivers,
        Consumer<LogEvent> log, Supplier<HintsStore> hints, HostResolver resolver, Clock clock, Sleeper sleeper) {
    public AclServices {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(drivers, "drivers");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(hints, "hints");
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
    }

    /** Waits for {@code delay}. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(d.toMillis());
    }

    /**
     * The usual services: the environment's resolver and clock, real sleeping, lines written
     * to {@code log}.
     */
    public static AclServices of(ExpansionEnvironment environment, AddressVerifier verifier, DriverRegistry drivers,
            LogWriter log, Supplier<HintsStore> hints) {
        return new AclServices(environment, verifier, drivers, log::log, hints, environment.resolver(),
                environment.clock(), Sleeper.REAL);
    }
}
