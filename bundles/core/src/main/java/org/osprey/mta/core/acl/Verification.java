package org.osprey.mta.core.acl;

import static org.osprey.mta.core.acl.AclPlace.*;

import java.util.List;
import java.util.Locale;
import org.osprey.mta.core.acl.AclVerb.Outcome;
import org.osprey.mta.core.lists.DnsDeferredException;
import org.osprey.mta.kernel.model.Header;

/**
 * The {@code verify} condition (Exim's acl_verify): sender and recipient by routing in verify
 * mode, helo, reverse_host_lookup, certificate, not_blind and header_names_ascii, with the
 * options of each and Exim's messages. Callouts are parsed but not made: a verification that
 * asks for one defers (see {@link #CALLOUT_UNSUPPORTED}).
 */
final class Verification {
    static final String CALLOUT_UNSUPPORTED = "callout verification is not supported by Osprey yet";
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
            case HEADER_SENDER:
                msgs.log = "verify = " + type.word + " is not supported by Osprey yet";
                return Outcome.DEFER;
            case HEADER_NAMES_ASCII:
                for (Header h : run.context().headers()) {
                    if (!h.name().chars().allMatch(c -> c < 128)) {
                        msgs.log = "Invalid character in header \"" + h.name() + "\" found";
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
        boolean callout = false;
        for (String o : options) {
            String lc = o.toLowerCase(Locale.ROOT);
            if (lc.equals("defer_ok")) {
                deferOk = true;
            } else if (lc.equals("no_details")) {
                noDetails = true;
            } else if (lc.equals("success_on_redirect")) {
                // Redirection counts as success when every child verifies; Osprey verifies them all.
            } else if (lc.equals("callout_defer_ok") || lc.equals("check_postmaster") || lc.startsWith("callout")) {
                if (lc.startsWith("callout") && !lc.equals("callout_defer_ok") && lc.length() > 7) {
                    String r = o.substring(7).strip();
                    if (!r.startsWith("=")) {
                        msgs.log = "'=' expected after \"callout\" in ACL condition \"" + arg + "\"";
                        return Outcome.ERROR;
                    }
                }
                callout = true;
            } else if (lc.startsWith("quota")) {
                msgs.log = "verify quota is not supported by Osprey";
                return Outcome.DEFER;
            } else {
                msgs.log = "unknown option \"" + o + "\" in ACL condition \"verify " + arg + "\"";
                return Outcome.ERROR;
            }
        }
        AddressVerifier verifier = acls.services().verifier();
        Outcome rc;
        if (senderAddress != null) {
            AddressVerifier.Verification v;
            if (senderAddress.isEmpty()) {
                v = AddressVerifier.Verification.ok(null);
            } else if (callout) {
                v = new AddressVerifier.Verification(AddressVerifier.Status.DEFER, CALLOUT_UNSUPPORTED, null, null);
            } else {
                v = run.sendersVerified().get(senderAddress);
                if (v == null) {
                    v = verifier == null ? noRouting() : verifier.verify(senderAddress, true,
                            run.subject().sender(), run.context());
                    run.sendersVerified().put(senderAddress, v);
                }
            }
            rc = outcome(v.status());
            if (v.addressData() != null) {
                run.setVariable("sender_address_data", v.addressData());
            }
            if (rc == Outcome.DEFER && deferOk) {
                rc = Outcome.OK;
            }
            if (rc != Outcome.OK) {
                msgs.user = rc == Outcome.DEFER ? "Could not complete sender verify" : "Sender verify failed";
                msgs.log = msgs.user;
                run.senderVerifyFailed(new AclResult.SenderVerifyFailure(senderAddress,
                        v.message() == null ? "" : v.message(), noDetails));
            }
            return rc;
        }
        String recipient = run.subject().recipient();
        AddressVerifier.Verification v = callout
                ? new AddressVerifier.Verification(AddressVerifier.Status.DEFER, CALLOUT_UNSUPPORTED, null, null)
                : verifier == null ? noRouting()
                : verifier.verify(recipient == null ? "" : recipient, false, run.subject().sender(), run.context());
        msgs.log = v.message();
        msgs.user = v.userMessage() != null ? v.userMessage() : v.message();
        if (v.addressData() != null) {
            run.setVariable("address_data", v.addressData());
        }
        rc = outcome(v.status());
        if (rc == Outcome.DEFER && deferOk) {
            rc = Outcome.OK;
        }
        return rc;
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
