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

    /** An environment of settings only. */
    static ExpansionEnvironment of(Settings settings) {
        return () -> settings;
    }

    /** The shared JDK resolver. */
    final class DefaultResolver {
        static final HostResolver INSTANCE = new JdkHostResolver();

        private DefaultResolver() {
        }
    }
}
