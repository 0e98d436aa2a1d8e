package org.osprey.mta.core.route;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.PromptedInput;
import org.osprey.mta.core.registry.ConfiguredTransport;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.rewrite.AddressField;
import org.osprey.mta.core.rewrite.RewriteLog;
import org.osprey.mta.core.rewrite.Rewriter;
import org.osprey.mta.kernel.address.Rfc822;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.HostStatus;
import org.osprey.mta.kernel.router.RoutingContext.Purpose;

/**
 * {@code -bt} (address testing), {@code -bv} and {@code -bvs} (verification of recipients and
 * senders), printing what Exim 4.96's test_address and verify_address print: under -bt every
 * address the routing reached, with its parents, router, transport and hosts; under -bv one line
 * per address. The exit code is 2 when an address failed or was malformed, else 1 when one
 * could not be resolved, else 0.
 */
public final class AddressTester {
    /** Which of the three modes. */
    public enum Mode {
        /** {@code -bt}: full information, routers with address_test. */
        TEST(Purpose.ADDRESS_TEST),
        /** {@code -bv}: recipients verified. */
        VERIFY_RECIPIENT(Purpose.VERIFY_RECIPIENT),
        /** {@code -bvs}: senders verified (the routers see an empty sender). */
        VERIFY_SENDER(Purpose.VERIFY_SENDER);

        final Purpose purpose;

        Mode(Purpose purpose) {
            this.purpose = purpose;
        }
    }

    private static final int EXIT_DEFER = 1;
    private static final int EXIT_FAIL = 2;

    private final Configuration config;
    private final DriverRegistry registry;
    private final Routing routing;
    private final Mode mode;
    private final String sender;
    private final boolean admin;
    private final PrintStream out;
    /** The delivered addresses printed so far, over all addresses (Exim's tree_duplicates). */
    private final Set<String> printed = new HashSet<>();
    private int exit;

    /**
     * @param sender the envelope sender the routers see ({@code -f}, or the caller at the qualify domain)
     * @param admin whether the caller is an administrator, who is shown why an address failed
     */
    public AddressTester(Configuration config, DriverRegistry registry, Routing routing, Mode mode, String sender,
            boolean admin, PrintStream out) {
        this.config = config;
        this.registry = registry;
        this.routing = routing;
        this.mode = mode;
        this.sender = sender;
        this.admin = admin;
        this.out = out;
    }

    /**
     * Tests the addresses of the arguments (each may hold several, separated by commas), or
     * when there are none the lines of standard input, read after a "> " prompt.
     *
     * @return the exit code
     */
    public int run(List<String> arguments, PromptedInput input) throws IOException {
        if (!arguments.isEmpty()) {
            for (String argument : arguments) {
                String s = Rfc822.bytes(argument);
                int p = 0;
                while (p < s.length()) {
                    int end = Rfc822.findAddressEnd(s, p, false);
                    test(s.substring(p, end));
                    if (end >= s.length() || s.charAt(end) != ',') {
                        break;
                    }
                    p = end + 1;
                    while (p < s.length() && (s.charAt(p) == ',' || Rfc822.isSpace(s.charAt(p)))) {
                        p++;
                    }
                }
            }
        } else {
            for (String line = input.read(); line != null; line = input.read()) {
                test(line);
            }
        }
        out.flush();
        return exit;
    }

    /** Exim's test_address: one address, parsed, qualified, routed and reported. */
    private void test(String text) {
        Rfc822.Extracted parsed = Rfc822.extract(text, new Rfc822.Syntax(), false);
        if (!parsed.ok()) {
            print("syntax error: " + parsed.error() + "\n");
            exit = EXIT_FAIL;
            return;
        }
        String address = parsed.address();
        int at = address.lastIndexOf('@');
        Address a = at < 0 ? Address.of(address, qualifyDomain())
                : Address.of(address.substring(0, at), address.substring(at + 1));
        a = rewritten(a);
        RoutingOutcome outcome = routing.route(a, RoutingRequest.of(mode.purpose, sender));
        VerifyDecision.Status status = mode == Mode.TEST ? fullReport(outcome) : shortReport(a, outcome);
        if (status == VerifyDecision.Status.FAIL) {
            exit = EXIT_FAIL;
        } else if (status == VerifyDecision.Status.DEFER && exit == 0) {
            exit = EXIT_DEFER;
        }
    }

    /** verify_address: the rewrite section's envelope rules, and a line saying so when they changed it. */
    private Address rewritten(Address a) {
        boolean recipient = mode != Mode.VERIFY_SENDER;
        Rewriter rules = routing.rewriter();
        AddressField field = recipient ? AddressField.ENVELOPE_TO : AddressField.ENVELOPE_FROM;
        if (!rules.hasRulesFor(field.flag())) {
            return a;
        }
        String text = rules.rewriteAddress(a.text(), recipient, null, ExpansionContext.empty(), RewriteLog.NONE);
        if (text.equals(a.text())) {
            return a;
        }
        print("Address rewritten as: " + text + "\n");
        int at = text.lastIndexOf('@');
        return Address.of(text.substring(0, at), text.substring(at + 1));
    }

    /** rewrite_address_qualify: qualify_recipient for recipients, qualify_domain for senders. */
    private String qualifyDomain() {
        String q = mode == Mode.VERIFY_SENDER ? null : config.get(MainOptions.QUALIFY_RECIPIENT);
        if (q == null || q.isEmpty()) {
            q = config.get(MainOptions.QUALIFY_DOMAIN);
        }
        if (q == null || q.isEmpty()) {
            q = config.get(MainOptions.PRIMARY_HOSTNAME);
        }
        return q == null ? "" : q;
    }

    /** -bv: one line for the address as given, following a single redirection. */
    private VerifyDecision.Status shortReport(Address address, RoutingOutcome outcome) {
        VerifyDecision d = VerifyDecision.of(outcome, false);
        switch (d.status()) {
            case FAIL -> print(address.text() + " failed to verify" + reason(d.message(), false) + "\n");
            case DEFER -> print(address.text() + " cannot be resolved at this time" + reason(d.message(), true) + "\n");
            case OK -> print(address.text() + " verified\n");
        }
        return d.status();
    }

    /** Exim's ": message" after a failure, for administrators only. */
    private String reason(String message, boolean deferred) {
        if (!admin) {
            return "";
        }
        if (message != null) {
            return ": " + message;
        }
        return deferred ? ": unknown error" : "";
    }

    /** An address routed to a transport, with its parents, nearest first. */
    private record Delivered(RoutingOutcome.Routed routed, List<String> parents, boolean unseenCopy) {
    }

    /** The state of one full report: the worst result, and the delivered addresses by kind. */
    private final class Full {
        VerifyDecision.Status status = VerifyDecision.Status.OK;
        boolean allOk = true;
        final List<Delivered> local = new ArrayList<>();
        final List<Delivered> remote = new ArrayList<>();

        /**
         * In Exim's order of processing: an address, then the addresses it made, depth first;
         * failures, deferrals and pipes or files are printed as they are met.
         */
        void walk(RoutingOutcome o, List<String> parents, boolean unseenCopy) {
            String a = o.address().text();
            if (o instanceof RoutingOutcome.Failed f) {
                allOk = false;
                status = VerifyDecision.Status.FAIL;
                print(a + " is undeliverable" + reason(f.message(), false) + lines(parents) + "\n");
                // The addresses before a :fail: are routed as its children all the same.
                walkChildren(a, f.router(), f.children(), parents);
            } else if (o instanceof RoutingOutcome.Deferred d) {
                allOk = false;
                if (status == VerifyDecision.Status.OK) {
                    status = VerifyDecision.Status.DEFER;
                }
                print(a + " cannot be resolved at this time" + reason(d.message(), true) + lines(parents) + "\n");
            } else if (o instanceof RoutingOutcome.Routed r) {
                Delivered delivered = new Delivered(r, parents, unseenCopy);
                if (isLocal(r.transport())) {
                    local.add(delivered);
                } else {
                    remote.add(delivered);
                }
                if (r.unseen() != null) {
                    walk(r.unseen(), with(a, parents), true);
                }
            } else if (o instanceof RoutingOutcome.Rerouted r) {
                List<String> childParents = with(a, parents);
                if (r.unseen() != null) {
                    walk(r.unseen(), childParents, true);
                }
                walkChildren(a, r.router(), r.children(), parents);
            }
        }

        private void walkChildren(String a, String router, List<RoutingOutcome> children, List<String> parents) {
            List<String> childParents = with(a, parents);
            for (RoutingOutcome child : children) {
                if (VerifyDecision.isDirect(child, router)) {
                    allOk = false;
                    String c = child.address().text();
                    print(a + " -> " + (c.startsWith(">") ? "mail " + c.substring(1) : c) + "\n  transport = "
                            + ((RoutingOutcome.Routed) child).transport() + "\n");
                } else {
                    walk(child, childParents, false);
                }
            }
        }
    }

    /** -bt: every address reached, then the delivered ones, local before remote. */
    private VerifyDecision.Status fullReport(RoutingOutcome outcome) {
        Full full = new Full();
        full.walk(outcome, List.of(), false);
        if (full.allOk && full.local.isEmpty() && full.remote.isEmpty()) {
            print("mail to " + outcome.address().text() + " is discarded\n");
            return full.status;
        }
        // Exim puts each routed address at the head of its chain, so they print last first.
        for (List<Delivered> chain : List.of(full.local, full.remote)) {
            for (int i = chain.size() - 1; i >= 0; i--) {
                printDelivered(chain.get(i));
            }
        }
        return full.status;
    }

    private void printDelivered(Delivered d) {
        RoutingOutcome.Routed r = d.routed();
        Address a = r.address();
        String key = (d.unseenCopy() ? r.router() + "/" : "") + a.prefix() + a.localPart() + a.suffix() + "@"
                + a.domain().toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(a.text());
        if (!printed.add(key)) {
            b.append("   [duplicate, would not be delivered]");
        }
        b.append(lines(d.parents())).append("\n  ");
        b.append("router = ").append(r.router()).append(", transport = ").append(r.transport()).append('\n');
        if (!r.hosts().isEmpty() && !overridesHosts(r.transport())) {
            hosts(b, r.hosts(), isLocal(r.transport()));
        }
        print(b.toString());
    }

    /** The host lines of verify_address, names and addresses padded to line up. */
    private static void hosts(StringBuilder b, List<Host> hosts, boolean localTransport) {
        int maxName = 0;
        int maxAddress = 0;
        for (Host h : hosts) {
            maxName = Math.max(maxName, h.name().length());
            maxAddress = Math.max(maxAddress, h.address() == null ? 7 : h.address().length());
        }
        for (Host h : hosts) {
            b.append("  host ").append(pad(h.name(), maxName)).append(' ');
            if (h.address() != null) {
                b.append('[').append(h.address()).append(pad("]", maxAddress + 1 - h.address().length()));
            } else if (localTransport) {
                b.append(' ').append(pad("", maxAddress)).append(' ');
            } else {
                b.append("[unknown").append(pad("]", maxAddress + 1 - 7));
            }
            if (h.mx() >= 0) {
                b.append(" MX=").append(h.mx());
            }
            if (h.port() != Host.DEFAULT_PORT) {
                b.append(" port=").append(h.port());
            }
            if (h.status() == HostStatus.UNUSABLE || h.status() == HostStatus.UNUSABLE_EXPIRED) {
                b.append(" ** unusable **");
            }
            b.append('\n');
        }
    }

    /** printf's %-*s: the text, then spaces up to the width. */
    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String lines(List<String> parents) {
        StringBuilder b = new StringBuilder();
        for (String p : parents) {
            b.append("\n    <-- ").append(p);
        }
        return b.toString();
    }

    private static List<String> with(String first, List<String> rest) {
        List<String> l = new ArrayList<>(rest.size() + 1);
        l.add(first);
        l.addAll(rest);
        return l;
    }

    /** Whether the transport's driver delivers locally (Exim's addr_local chain); unknown ones count as remote. */
    private boolean isLocal(String transport) {
        return registry.transport(transport).map(ConfiguredTransport::isLocal).orElse(false);
    }

    /** smtp's hosts_override with hosts: the transport's hosts replace the router's, which are not shown. */
    private boolean overridesHosts(String transport) {
        return config.transport(transport).map(t -> t.privateSetting("hosts_override")
                .map(s -> truth(s.value())).orElse(false) && t.privateSetting("hosts").isPresent()).orElse(false);
    }

    private static boolean truth(String value) {
        return value == null || value.isEmpty() || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes");
    }

    private void print(String text) {
        byte[] b = Rfc822.latin1Bytes(text);
        out.write(b, 0, b.length);
    }
}
