package org.osprey.mta.core.expand;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.osprey.mta.core.lists.HostResolver;
import org.osprey.mta.core.lists.JdkHostResolver;
import org.osprey.mta.core.lists.ListType;
import org.osprey.mta.core.lists.NamedList;
import org.osprey.mta.core.lookup.Lookups;

/**
 * What expansions share for the life of a configuration: its settings, named lists and
 * macros, the lookup layer, DNS, the process environment, the clock and the ACL engine. Only
 * {@link #settings()} must be given; the rest have defaults.
 */
public interface ExpansionEnvironment {

    Settings settings();

    /** The lookup layer, or null when there is none (every lookup type is then unknown). */
    default Lookups lookups() {
        return null;
    }

    default Optional<NamedList> namedList(ListType type, String name) {
        return Optional.empty();
    }

    /** The configuration's macros in the order defined, for {@code -be}. */
    default Map<String, String> macros() {
        return Map.of();
    }

    default HostResolver resolver() {
        return DefaultResolver.INSTANCE;
    }

    /** What {@code ${env}} sees: the environment Exim keeps (keep_environment), none by default. */
    default Map<String, String> environmentVariables() {
        return Map.of();
    }

    default Clock clock() {
        return Clock.systemDefaultZone();
    }

    default AclRunner aclRunner() {
        return AclRunner.NONE;
    }

    /** This environment with another clock. */
    default ExpansionEnvironment withClock(Clock clock) {
        return new Overridden(this, clock, aclRunner());
    }

    /** This environment with another ACL runner (for {@code ${acl}}). */
    default ExpansionEnvironment withAclRunner(AclRunner runner) {
        return new Overridden(this, clock(), runner);
    }

    /** An environment of settings only. */
    static ExpansionEnvironment of(Settings settings) {
        return () -> settings;
    }

    /** Another environment with its clock and ACL runner replaced. */
    record Overridden(ExpansionEnvironment delegate, Clock clock, AclRunner aclRunner)
            implements ExpansionEnvironment {
        @Override
        public Settings settings() {
            return delegate.settings();
        }

        @Override
        public Lookups lookups() {
            return delegate.lookups();
        }

        @Override
        public Optional<NamedList> namedList(ListType type, String name) {
            return delegate.namedList(type, name);
        }

        @Override
        public Map<String, String> macros() {
            return delegate.macros();
        }

        @Override
        public HostResolver resolver() {
            return delegate.resolver();
        }

        @Override
        public Map<String, String> environmentVariables() {
            return delegate.environmentVariables();
        }
    }

    /** The shared JDK resolver. */
    final class DefaultResolver {
        static final HostResolver INSTANCE = new JdkHostResolver();

        private DefaultResolver() {
        }
    }
}
