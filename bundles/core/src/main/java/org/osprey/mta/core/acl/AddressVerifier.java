package org.osprey.mta.core.acl;

import java.util.Objects;
import org.osprey.mta.core.expand.ExpansionContext;

/**
 * Verifies an address by routing it in verify mode (Exim's verify_address without callouts),
 * for {@code verify = sender} and {@code verify = recipient}. {@link RoutingVerifier} routes
 * through the configuration's routers.
 */
@FunctionalInterface
public interface AddressVerifier {

    /**
     * @param address the address, qualified
     * @param sender true for a sender (routers see an empty sender), false for a recipient
     * @param envelopeSender the message's sender, for the routers' {@code senders} option
     * @param base the ACL's variables (connection, message) for the routers' expansions
     */
    Verification verify(String address, boolean sender, String envelopeSender, ExpansionContext base);

    /** How verification ended. */
    enum Status { OK, FAIL, DEFER }

    /**
     * @param status the result
     * @param message why it failed or deferred ({@code "Unrouteable address"}), or null
     * @param userMessage what the client may be told, when it differs from {@code message}; or null
     * @param addressData the router's {@code address_data}, or null
     */
    record Verification(Status status, String message, String userMessage, String addressData) {
        public Verification {
            Objects.requireNonNull(status, "status");
        }

        public static Verification ok(String addressData) {
            return new Verification(Status.OK, null, null, addressData);
        }
    }
}
