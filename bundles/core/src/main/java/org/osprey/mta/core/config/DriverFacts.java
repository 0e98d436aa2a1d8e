package org.osprey.mta.core.config;

import java.util.Set;

/**
 * What Exim 4.96 knows about its own drivers by name and checks or sets when the
 * configuration is read: which routers must have a transport and which must not, which
 * transports deliver locally, the defaults some drivers give to generic options
 * ({@code log_as_local} for accept, {@code retry_use_local_part} for smtp), and which
 * authenticators take their instance name as public name. A driver of another name (one
 * Osprey adds) is taken to need none of these.
 */
final class DriverFacts {
    private static final Set<String> ROUTERS_NEEDING_TRANSPORT = Set.of("accept", "dnslookup", "ipliteral");
    private static final Set<String> ROUTERS_REFUSING_TRANSPORT = Set.of("iplookup", "redirect");
    private static final Set<String> ROUTERS_LOGGING_AS_LOCAL = Set.of("accept");
    private static final Set<String> REMOTE_TRANSPORTS = Set.of("smtp");
    private static final Set<String> TRANSPORTS_CLEARING_RETRY_USE_LOCAL_PART = Set.of("smtp");
    private static final Set<String> AUTHENTICATORS_NAMED_AFTER_INSTANCE =
            Set.of("dovecot", "external", "plaintext", "spa");

    private DriverFacts() {
    }

    static boolean routerNeedsTransport(String driver) {
        return ROUTERS_NEEDING_TRANSPORT.contains(driver);
    }

    static boolean routerRefusesTransport(String driver) {
        return ROUTERS_REFUSING_TRANSPORT.contains(driver);
    }

    /** The router's default for {@code log_as_local}. */
    static boolean routerLogsAsLocal(String driver) {
        return ROUTERS_LOGGING_AS_LOCAL.contains(driver);
    }

    /** Whether the transport delivers locally (only local transports may have a shadow transport). */
    static boolean transportIsLocal(String driver) {
        return !REMOTE_TRANSPORTS.contains(driver);
    }

    /** The transport's default for {@code retry_use_local_part}. */
    static boolean transportRetriesUseLocalPart(String driver) {
        return !TRANSPORTS_CLEARING_RETRY_USE_LOCAL_PART.contains(driver);
    }

    /** Whether an authenticator of this driver without {@code public_name} takes its instance's name. */
    static boolean authenticatorNamedAfterInstance(String driver) {
        return AUTHENTICATORS_NAMED_AFTER_INSTANCE.contains(driver);
    }
}
