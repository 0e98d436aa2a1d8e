package org.osprey.mta.kernel.router;

import java.util.List;
import java.util.Optional;

import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;

/**
 * What a router may ask of the engine while it routes one address. Its expander sees the
 * address's variables ({@code $local_part}, {@code $domain}, {@code $address_data} ...).
 */
public interface RoutingContext {

    Expander expander();

    ListMatcher lists();

    /** The name of the router instance being run, for messages. */
    String routerName();

    /** Why the address is being routed: for a delivery, or to verify it ({@code -bv}, {@code verify =}), or to test it ({@code -bt}). */
    Purpose purpose();

    /** The hosts behind a name, found with this router's {@code ignore_target_hosts} applied. */
    HostFinder hosts();

    /**
     * What to do when the hosts found for an address start with this host (the lookup said
     * {@link HostLookup.Status#FOUND_LOCAL}): the router's generic {@code self} option, as
     * Exim's {@code rf_self_action}: {@code freeze} and {@code defer} defer the address (freeze
     * also freezes the message), {@code fail} fails it, {@code send} accepts it for the hosts,
     * {@code pass} passes it on, {@code reroute:<domain>} reroutes it to a new domain.
     *
     * @param address the address being routed
     * @param hosts the hosts to send to if {@code self = send}
     * @param reason why, for the messages: Exim's {@code "lowest numbered MX record points to local host"}
     *        from dnslookup, {@code "remote host address is the local host"} from manualroute
     */
    RouterResult selfReference(Address address, List<Host> hosts, String reason);

    /**
     * Exim's {@code rf_change_domain}: the address is rerouted as a child with the same local
     * part and a new domain, routed from the first router. Used when a DNS lookup found the
     * domain under a fuller name ({@code qualify_single}, {@code widen_domains}, a CNAME) and
     * by {@code self = reroute:<domain>}.
     *
     * @param rewriteHeaders whether the old domain is also rewritten to the new one in the
     *        message's Bcc:, Cc:, From:, Reply-To:, Sender: and To: headers (dnslookup's {@code rewrite_headers})
     */
    RouterResult changeDomain(Address address, String domain, boolean rewriteHeaders);

    /**
     * The address is deferred and the message frozen: the {@code freeze} value of manualroute's
     * {@code host_find_failed} and {@code host_all_ignored}. A context that cannot freeze
     * (a test's, or a verification's) just defers.
     *
     * @param message why, logged with the deferral
     */
    default RouterResult freeze(String message) {
        return RouterResult.defer(message);
    }

    /**
     * Whether a transport delivers on this host (appendfile, pipe, lmtp, autoreply) or to
     * remote hosts (smtp). The manualroute router needs it before it accepts: for a local
     * transport the host list is not looked up but handed over whole, as {@code $host}.
     *
     * @param transport a transport's name, or {@code null} for the router's own generic
     *        {@code transport} option, expanded in this address's context
     * @return empty when there is no such transport, the option is unset or its expansion
     *         failed (the engine reports that when the router accepts), and when the engine
     *         cannot tell
     */
    default Optional<Boolean> transportIsLocal(String transport) {
        return Optional.empty();
    }

    /**
     * Exim's moan_skipped_syntax_errors: a redirection skipped items it could not parse
     * ({@code skip_syntax_errors}). The engine writes each error to the main log
     * ({@code <router> router: skipped error: <error> in "<item>"}) and, when
     * {@code errorsTo} is given and routing is for a delivery, submits a message listing
     * them to that address.
     *
     * @param errors the errors, in the order met
     * @param errorsTo the router's {@code syntax_errors_to}, unexpanded, or null to send nothing
     * @param text the router's {@code syntax_errors_text}, unexpanded, or null for none: it
     *        opens the message
     * @param someGenerated whether the list gave any address all the same (the message then
     *        says "Other addresses were processed normally.")
     * @return false when {@code errorsTo} or {@code text} could not be expanded (logged): the
     *         router then defers the address; true otherwise, even if the message could not be sent
     */
    default boolean skippedSyntaxErrors(List<SyntaxError> errors, String errorsTo, String text,
            boolean someGenerated) {
        return true;
    }

    /**
     * One item a redirection skipped (Exim's error_block).
     *
     * @param message what is wrong ({@code malformed address: @bad may not follow @})
     * @param item the item as written, or null when the error is not about one item
     */
    record SyntaxError(String message, String item) {
        public SyntaxError {
            java.util.Objects.requireNonNull(message, "message");
        }
    }

    /** Why routing is being done. Some routers behave differently when only verifying (Exim's {@code verify_only}, {@code fail_verify}). */
    enum Purpose { DELIVERY, VERIFY_RECIPIENT, VERIFY_SENDER, ADDRESS_TEST, EXPN }
}
