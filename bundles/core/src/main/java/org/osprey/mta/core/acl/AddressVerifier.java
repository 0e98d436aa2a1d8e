package org.osprey.mta.core.acl;

import java.util.List;
import java.util.Objects;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.kernel.model.Host;

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

    /**
     * As {@link #verify(String, boolean, String, ExpansionContext)}, with the verify option
     * {@code success_on_redirect}: an address that is redirected verifies at once, its new
     * addresses unverified. A verifier that does not follow redirections ignores it.
     */
    default Verification verify(String address, boolean sender, String envelopeSender, ExpansionContext base,
            boolean successOnRedirect) {
        return verify(address, sender, envelopeSender, base);
    }

    /** How verification ended. */
    enum Status { OK, FAIL, DEFER }

    /**
     * What a callout found besides the status, for Exim's sender verify messages: the callout
     * deferred (Exim's ERRNO_CALLOUTDEFER), the connection, HELO or {@code MAIL FROM:<>} was
     * rejected (af_verify_nsfail), or postmaster was rejected (af_verify_pmfail).
     */
    enum CalloutFlag { NONE, DEFERRED, SETUP_REJECTED, POSTMASTER_REJECTED }

    /**
     * @param status the result
     * @param message why it failed or deferred ({@code "Unrouteable address"}), or null
     * @param userMessage what the client may be told, when it differs from {@code message}; or null
     * @param addressData the router's {@code address_data}, or null
     * @param hosts for an address routed to remote hosts, the hosts (a callout's targets); else empty
     * @param transport the transport the address was routed to, or null
     * @param callout what a callout found
     */
    record Verification(Status status, String message, String userMessage, String addressData, List<Host> hosts,
            String transport, CalloutFlag callout) {
        public Verification {
            Objects.requireNonNull(status, "status");
            hosts = hosts == null ? List.of() : List.copyOf(hosts);
            callout = callout == null ? CalloutFlag.NONE : callout;
        }

        public Verification(Status status, String message, String userMessage, String addressData) {
            this(status, message, userMessage, addressData, List.of(), null, CalloutFlag.NONE);
        }

        /** Routed to {@code transport} with {@code hosts}. */
        public static Verification routed(String addressData, List<Host> hosts, String transport) {
            return new Verification(Status.OK, null, null, addressData, hosts, transport, CalloutFlag.NONE);
        }

        public static Verification ok(String addressData) {
            return new Verification(Status.OK, null, null, addressData);
        }
    }
}
