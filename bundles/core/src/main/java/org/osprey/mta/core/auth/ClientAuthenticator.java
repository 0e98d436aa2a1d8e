package org.osprey.mta.core.auth;

import java.util.Objects;
import org.osprey.mta.kernel.auth.Authenticator;

/**
 * An authenticator of the configuration that can act as a client, for the smtp transport:
 * it offers {@code publicName} when the server advertises it, evaluates
 * {@code client_condition} first (unset, or a true expansion, lets it run) and, after a
 * success, sets {@code $authenticated_id} for the delivery from {@code client_set_id}.
 *
 * @param name the instance's name (the {@code A=} log field)
 * @param publicName the mechanism's name, as the AUTH command sends it
 * @param authenticator the instance as its driver made it
 * @param clientCondition the unexpanded {@code client_condition}, or null
 * @param clientSetId the unexpanded {@code client_set_id}, or null
 */
public record ClientAuthenticator(String name, String publicName, Authenticator authenticator,
        String clientCondition, String clientSetId) {
    public ClientAuthenticator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(publicName, "publicName");
        Objects.requireNonNull(authenticator, "authenticator");
    }
}
