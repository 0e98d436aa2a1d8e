package org.osprey.mta.kernel.auth;

import java.util.Objects;

/**
 * An authenticator instance that can act as a client, as a transport finds it (since 1.2).
 *
 * @param name the instance's name in the configuration
 * @param publicName the mechanism it implements, as servers advertise it
 *        ({@code public_name}, by default the upper-cased name)
 * @param clientCondition the generic {@code client_condition}, unexpanded, or null when
 *        unset: the transport expands it for each server, and a false result skips the
 *        authenticator
 * @param authenticator the instance
 */
public record ClientAuthenticator(String name, String publicName, String clientCondition,
        Authenticator authenticator) {
    public ClientAuthenticator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(publicName, "publicName");
        Objects.requireNonNull(authenticator, "authenticator");
    }
}
