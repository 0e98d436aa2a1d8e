package org.osprey.mta.core.acl;

import static org.osprey.mta.core.acl.AclPlace.*;

import java.util.List;
import java.util.Locale;
import org.osprey.mta.core.acl.AclVerb.Outcome;
import org.osprey.mta.core.expand.HeaderAddressList;
import org.osprey.mta.core.lists.DnsDeferredException;
import org.osprey.mta.core.log.LogText;
import org.osprey.mta.kernel.model.Header;

/**
 * The {@code verify} condition (Exim's acl_verify): sender and recipient by routing in verify
 * mode with callouts ({@link Callout}), header_sender, header_syntax, helo, reverse_host_lookup,
 * certificate, not_blind and header_names_ascii, with the options of each and Exim's messages.
 */
final class Verification {
    private static final int HAVE_DATA = bits(MIME, DKIM, DATA, PRDR, NOTSMTP, QUIT, NOTQUIT);

    private enum Type {
        REVERSE_HOST_LOOKUP("reverse_host_lookup", ~0, false), CERTIFICATE("certificate", ~0, true),
        HELO("helo", ~0, true), CSA("csa", ~0, false), HEADER_SYNTAX("header_syntax", HAVE_DATA, true),
        NOT_BLIND("not_blind", HAVE_DATA, false), HEADER_SENDER("header_sender", HAVE_DATA, false),
        SENDER("sender", bits(MAIL, RCPT, PREDATA, DATA, NOTSMTP), false), RECIPIENT("recipient", bits(RCPT), false),
        HEADER_NAMES_ASCII("header_names_ascii", HAVE_DATA, true);

        final String word;
        final int allowed;
        final boolean noOptions;

        Type(String word, int allowed, boolean noOptions) {
            this.word = word;
            this.allowed = allowed;
            this.noOptions = noOptions;
        }
    }

    private final AclRun run;
    private final ConfiguredAcls acls;

    Verification(AclRun run, ConfiguredAcls acls) {
        this.run = run;
        this.acls = acls;
    }

    Outcome verify(String arg, AclRun.Messages msgs) {
        AclPlace where = run.where();
        List<String> list = EximLists.split(arg, '/', false);
        if (list.isEmpty()) {
            return bad(arg, msgs);
        }
        String ss = list.get(0);
        Type type = null;
        for (Type t : Type.values()) {
            boolean match = t == Type.SENDER ? ss.regionMatches(true, 0, "sender", 0, 6)
                    : ss.equalsIgnoreCase(t.word);
            if (match) {
                type = t;
                break;
            }
        }
        if (type == null) {
            return bad(arg, msgs);
        }
        if (type.noOptions && arg.indexOf('/') >= 0) {
            msgs.log = "unexpected '/' found in \"" + arg + "\" (this verify item has no options)";
            return Outcome.ERROR;
        }
        if ((type.allowed & where.bit()) == 0) {
            msgs.log = "cannot verify " + type.word + " in ACL for " + where.eximName();
            return Outcome.ERROR;
        }
        List<String> options = list.subList(1, list.size());
        switch (type) {
            case REVERSE_HOST_LOOKUP:
                return reverseLookup(options, msgs);
            case CERTIFICATE:
                if ("1".equals(run.variable("tls_in_certificate_verified"))) {
                    return Outcome.OK;
                }
                msgs.user = "no verified certificate";
                return Outcome.FAIL;
            case HELO:
                return helo();
            case CSA:
                msgs.log = "verify = csa is not supported by Osprey";
                return Outcome.DEFER;
            case HEADER_SYNTAX:
                return headerSyntax(msgs);
            case HEADER_NAMES_ASCII:
                for (Header h : run.context().headers()) {
                    if (!h.name().chars().allMatch(c -> c >= 33 && c <= 126)) {
                        msgs.log = "Invalid character in header \"" + h.name() + "\" found";
                        if (acls.returnErrorDetails()) {
                            msgs.user = "Rejected after DATA: " + msgs.log;
                        }
                        return Outcome.FAIL;
                    }
                }
                return Outcome.OK;
            case NOT_BLIND:
                return notBlind(arg, options, msgs);
            default:
                break;
        }
        String senderAddress = null;
        if (type == Type.SENDER) {
            String rest = ss.substring(6).strip();
            if (rest.isEmpty()) {
                senderAddress = run.subject().sender() == null ? "" : run.subject().sender();
            } else if (rest.startsWith("=")) {
                senderAddress = rest.substring(1).strip();
            } else {
                return bad(arg, msgs);
            }
        }
        boolean deferOk = false;
        boolean noDetails = false;
        boolean successOnRedirect = false;
        CalloutOptions.Builder callout = new CalloutOptions.Builder();
        for (String o : options) {
            String lc = o.toLowerCase(Locale.ROOT);
            if (lc.equals("defer_ok")) {
                deferOk = true;
            } else if (lc.equals("no_details")) {
                noDetails = true;
            } else if (lc.equals("success_on_redirect")) {
                successOnRedirect = true;
            } else if (lc.equals("callout_defer_ok")) {
                callout.deferOk = true;
                callout.callout();
            } else if (lc.equals("check_postmaster")) {
                callout.postmasterMailFrom = "";
                callout.callout();
            } else if (lc.startsWith("callout")) {
                String error = callout.read(o, arg, type == Type.HEADER_SENDER);
                if (error != null) {
                    msgs.log = error;
                    return Outcome.ERROR;
                }
            } else if (lc.startsWith("quota")) {
                msgs.log = "verify quota is not supported by Osprey";
                return Outcome.DEFER;
            } else {
                msgs.log = "unknown option \"" + o + "\" in ACL condition \"verify " + arg + "\"";
                return Outcome.ERROR;
            }
        }
        if (callout.useSender && callout.usePostmaster) {
            msgs.log = "only one of use_sender and use_postmaster can be set for a recipient callout";
            return Outcome.ERROR;
        }
        CalloutOptions co = callout.options();
        if (type == Type.HEADER_SENDER) {
            return headerSender(co, deferOk, msgs);
        }
        Outcome rc;
        if (senderAddress != null) {
            if (callout.useSender || callout.usePostmaster) {
                msgs.log = "use_sender or use_postmaster cannot be used for a sender verify callout";
                return Outcome.ERROR;
            }
            AddressVerifier.Verification v;
            if (senderAddress.isEmpty()) {
                v = AddressVerifier.Verification.ok(null);
            } else if (co != null) {
                // With a callout the sender is always verified afresh, as Exim does.
                v = verifyAddress(senderAddress, false, co, null, successOnRedirect);
                run.sendersVerified().put(senderAddress, v);
            } else {
                v = run.sendersVerified().get(senderAddress);
                if (v == null) {
                    v = verifyAddress(senderAddress, false, null, null, successOnRedirect);
                    run.sendersVerified().put(senderAddress, v);
                }
            }
            rc = outcome(v.status());
            if (v.addressData() != null) {
                run.setVariable("sender_address_data", v.addressData());
            }
            if (rc == Outcome.DEFER && overridden(v, deferOk, callout.deferOk)) {
                rc = Outcome.OK;
            }
            if (rc != Outcome.OK) {
                if (rc != Outcome.DEFER) {
                    msgs.user = "Sender verify failed";
                    msgs.log = msgs.user;
                } else if (v.callout() != AddressVerifier.CalloutFlag.DEFERRED) {
                    msgs.user = "Could not complete sender verify";
                    msgs.log = msgs.user;
                } else {
                    msgs.log = "Could not complete sender verify callout";
                    msgs.user = acls.returnErrorDetails() && v.userMessage() != null ? v.userMessage() : msgs.log;
                }
                run.senderVerifyFailed(new AclResult.SenderVerifyFailure(senderAddress,
                        v.message() == null ? "" : v.message(), noDetails, rc == Outcome.DEFER, v.userMessage(),
                        v.callout()));
            }
            return rc;
        }
        String recipient = run.subject().recipient();
        AddressVerifier.Verification v = verifyAddress(recipient == null ? "" : recipient, true, co, null,
                successOnRedirect);
        msgs.log = v.message();
        msgs.user = v.userMessage() != null ? v.userMessage() : v.message();
        if (v.status() == AddressVerifier.Status.DEFER && v.userMessage() != null) {
            // Exim's af_pass_message: the router's text may be given with a temporary error.
            run.allowTemporaryDetails();
        }
        if (v.addressData() != null) {
            run.setVariable("address_data", v.addressData());
        }
        rc = outcome(v.status());
        if (rc == Outcome.DEFER && overridden(v, deferOk, callout.deferOk)) {
            rc = Outcome.OK;
        }
        return rc;
    }

    private static boolean overridden(AddressVerifier.Verification v, boolean deferOk, boolean calloutDeferOk) {
        return deferOk || calloutDeferOk && v.callout() == AddressVerifier.CalloutFlag.DEFERRED;
    }

    /**
     * Exim's verify_address: routing in verify mode, then, when a callout is asked for and the
     * address went to remote hosts, the callout.
     *
     * @param mailFrom the MAIL address of a sender callout (header_sender's mailfrom), or null
     * @param successOnRedirect the verify option success_on_redirect
     */
    private AddressVerifier.Verification verifyAddress(String address, boolean recipient, CalloutOptions co,
            String mailFrom, boolean successOnRedirect) {
        AddressVerifier verifier = acls.services().verifier();
        if (verifier == null) {
            return noRouting();
        }
        AddressVerifier.Verification v = verifier.verify(address, !recipient, run.subject().sender(), run.context(),
                successOnRedirect);
        if (co == null || v.status() != AddressVerifier.Status.OK || v.hosts().isEmpty()) {
            return v;
        }
        if (run.subject().hostChecking()) {
            // Exim's -bh omits callouts unless -bhc is given.
            return v;
        }
        AddressVerifier.Verification c = new Callout(acls, run, co, recipient).run(address, v, mailFrom);
        return new AddressVerifier.Verification(c.status(), c.message(), c.userMessage(), v.addressData(), v.hosts(),
                v.transport(), c.callout());
    }

    /**
     * Exim's verify_check_header_address: the first address in Sender:, Reply-To: or From: (in
     * that order of headers) that verifies makes the condition true.
     */
    private Outcome headerSender(CalloutOptions co, boolean deferOk, AclRun.Messages msgs) {
        Outcome yield = Outcome.FAIL;
        String log = null;
        String user = null;
        outer:
        for (String name : List.of("sender", "reply-to", "from")) {
            for (Header h : run.context().headers()) {
                if (!h.name().equalsIgnoreCase(name)) {
                    continue;
                }
                for (HeaderAddressList.Item item : HeaderAddressList.items(h.value())) {
                    String text = item.text().strip();
                    if (text.isEmpty()) {
                        continue;
                    }
                    if (item.address() == null) {
                        if ("empty address".equals(item.error())) {
                            continue;
                        }
                        log = "syntax error in '" + h.name() + "' header when scanning for sender: " + item.error()
                                + " in \"" + text + "\"";
                        yield = Outcome.FAIL;
                        break outer;
                    }
                    AddressVerifier.Verification v = run.sendersVerified().get(item.address());
                    if (v == null || co != null) {
                        v = verifyAddress(item.address(), false, co, co == null ? null : co.mailFrom(), false);
                    }
                    Outcome r = outcome(v.status());
                    if (r == Outcome.OK) {
                        yield = Outcome.OK;
                        break outer;
                    }
                    if (acls.returnErrorDetails()) {
                        user = "Rejected after DATA: could not verify \"" + h.name() + ":\" header address\n"
                                + item.address() + ": " + v.message();
                    }
                    if (r == Outcome.DEFER) {
                        yield = Outcome.DEFER;
                    }
                    if (r == Outcome.DEFER && (deferOk || co != null && co.deferOk()
                            && v.callout() == AddressVerifier.CalloutFlag.DEFERRED)) {
                        yield = Outcome.OK;
                        break outer;
                    }
                }
            }
        }
        if (yield == Outcome.OK) {
            return yield;
        }
        if (log == null) {
            log = yield == Outcome.FAIL ? "there is no valid sender in any header line"
                    : "all attempts to verify a sender in a header line deferred";
        }
        msgs.log = log;
        msgs.user = user != null ? user : acls.returnErrorDetails() ? "Rejected after DATA: " + log : null;
        if (yield == Outcome.DEFER) {
            run.allowTemporaryDetails();
        }
        return yield;
    }

    /** Exim's verify_check_headers: every address in the address headers must parse and be qualified. */
    private Outcome headerSyntax(AclRun.Messages msgs) {
        for (Header h : run.context().headers()) {
            String n = h.name().toLowerCase(Locale.ROOT);
            if (!ADDRESS_HEADERS.contains(n)) {
                continue;
            }
            boolean senderLike = n.equals("from") || n.equals("sender");
            for (HeaderAddressList.Item item : HeaderAddressList.items(h.value())) {
                String error = item.error();
                if (item.address() != null && !item.hasDomain() && !item.address().isEmpty()
                        && !allowUnqualified(senderLike)) {
                    error = "unqualified address not permitted";
                } else if (item.address() != null || "empty address".equals(error)) {
                    continue;
                }
                String shown = item.text().stripTrailing();
                String verb = "is";
                if (shown.length() > 1024) {
                    shown = shown.substring(0, 1024);
                    verb = "begins";
                }
                String text = LogText.printing(error + ": failing address in \"" + h.name() + ":\" header " + verb
                        + ": " + shown);
                msgs.log = text;
                msgs.user = acls.returnErrorDetails() ? "Rejected after DATA: " + text : null;
                if (!acls.returnErrorDetails()) {
                    run.setVariable("acl_verify_message", text);
                }
                return Outcome.FAIL;
            }
        }
        return Outcome.OK;
    }

    private static final java.util.Set<String> ADDRESS_HEADERS =
            java.util.Set.of("from", "reply-to", "sender", "to", "cc", "bcc");

    /** A local message may have unqualified addresses; SMTP input only from the hosts allowed to send them. */
    private boolean allowUnqualified(boolean sender) {
        if (!run.subject().isSmtp()) {
            return true;
        }
        String v = run.variable(sender ? "allow_unqualified_sender" : "allow_unqualified_recipient");
        return "1".equals(v) || "yes".equalsIgnoreCase(v) || "true".equalsIgnoreCase(v);
    }

    private static AddressVerifier.Verification noRouting() {
        return new AddressVerifier.Verification(AddressVerifier.Status.DEFER, "no routing for verification", null,
                null);
    }

    private static Outcome outcome(AddressVerifier.Status status) {
        return switch (status) {
            case OK -> Outcome.OK;
            case FAIL -> Outcome.FAIL;
            case DEFER -> Outcome.DEFER;
        };
    }

    private Outcome reverseLookup(List<String> options, AclRun.Messages msgs) {
        String address = run.variable("sender_host_address");
        if (address == null || run.variable("sender_host_name") != null) {
            return Outcome.OK;
        }
        boolean deferOk = options.stream().anyMatch(o -> o.equalsIgnoreCase("defer_ok"));
        try {
            List<String> names = acls.services().resolver().names(address);
            if (names.isEmpty()) {
                msgs.log = "host lookup failed for reverse lookup check (failed to find host name from IP address)";
                return Outcome.FAIL;
            }
            for (String name : names) {
                if (acls.services().resolver().addresses(name).contains(address)) {
                    run.setVariable("sender_host_name", name);
                    return Outcome.OK;
                }
            }
            msgs.log = "host lookup failed for reverse lookup check (no IP address for " + names.get(0)
                    + " matched " + address + ")";
            return Outcome.FAIL;
        } catch (DnsDeferredException e) {
            msgs.log = "host lookup deferred for reverse lookup check";
            return deferOk ? Outcome.OK : Outcome.DEFER;
        }
    }

    /** Exim's smtp_verify_helo: an IP literal of the client, the client's name, or a name with its address. */
    private Outcome helo() {
        String helo = run.variable("sender_helo_name");
        String address = run.variable("sender_host_address");
        if (helo == null || address == null) {
            return Outcome.FAIL;
        }
        if (helo.startsWith("[") && helo.endsWith("]")) {
            String literal = helo.substring(1, helo.length() - 1);
            if (literal.regionMatches(true, 0, "IPv6:", 0, 5)) {
                literal = literal.substring(5);
            }
            return literal.equalsIgnoreCase(address) ? Outcome.OK : Outcome.FAIL;
        }
        String name = run.variable("sender_host_name");
        if (name != null && name.equalsIgnoreCase(helo)) {
            return Outcome.OK;
        }
        try {
            return acls.services().resolver().addresses(helo).contains(address) ? Outcome.OK : Outcome.FAIL;
        } catch (DnsDeferredException e) {
            return Outcome.FAIL;
        }
    }

    /** Every envelope recipient must be in To: or Cc:. */
    private Outcome notBlind(String arg, List<String> options, AclRun.Messages msgs) {
        boolean caseSensitive = true;
        for (String o : options) {
            if (o.equalsIgnoreCase("case_insensitive")) {
                caseSensitive = false;
            } else {
                msgs.log = "unknown option \"" + o + "\" in ACL condition \"verify " + arg + "\"";
                return Outcome.ERROR;
            }
        }
        StringBuilder visible = new StringBuilder();
        for (Header h : run.context().headers()) {
            if (h.name().equalsIgnoreCase("to") || h.name().equalsIgnoreCase("cc")) {
                visible.append(h.value()).append('\n');
            }
        }
        String text = caseSensitive ? visible.toString() : visible.toString().toLowerCase(Locale.ROOT);
        String recipients = run.variable("recipients");
        if (recipients != null) {
            for (String r : recipients.split(",\\s*")) {
                String needle = caseSensitive ? r.strip() : r.strip().toLowerCase(Locale.ROOT);
                if (!needle.isEmpty() && !text.contains(needle)) {
                    msgs.log = "bcc recipient detected";
                    return Outcome.FAIL;
                }
            }
        }
        return Outcome.OK;
    }

    private static Outcome bad(String arg, AclRun.Messages msgs) {
        msgs.log = "expected \"sender[=address]\", \"recipient\", \"helo\", \"header_syntax\", \"header_sender\", "
                + "\"header_names_ascii\" or \"reverse_host_lookup\" at start of ACL condition \"verify " + arg + "\"";
        return Outcome.ERROR;
    }
}
