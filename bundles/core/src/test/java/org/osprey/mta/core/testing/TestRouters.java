package org.osprey.mta.core.testing;

import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.router.DnsQuery;
import org.osprey.mta.kernel.router.HostLookup;
import org.osprey.mta.kernel.router.NewAddress;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.router.RouterDriver;
import org.osprey.mta.kernel.router.RouterResult;

/**
 * Router drivers for the engine's tests: an accept driver; a redirect driver that behaves
 * as Exim's for plain lists of addresses, {@code :blackhole:}, {@code :unknown:},
 * {@code :fail:} and {@code :defer:}; and a "script" driver whose {@code result} option
 * says what it answers; and an "mxlookup" driver that routes by the engine's host finder
 * as Exim's dnslookup does in its simplest form. The real routers come as their own bundles.
 */
public final class TestRouters {
    private TestRouters() {
    }

    public static final class AcceptDriver implements RouterDriver {
        @Override
        public OptionTable options() {
            return OptionTable.empty();
        }

        @Override
        public Router create(DriverConfig config) {
            return (address, context) -> RouterResult.accept();
        }
    }

    public static final class RedirectDriver implements RouterDriver {
        static final Option<String> DATA = Option.string("data").expanded();
        static final Option<Boolean> ALLOW_FAIL = Option.bool("allow_fail", false);
        static final Option<Boolean> ALLOW_DEFER = Option.bool("allow_defer", false);

        @Override
        public OptionTable options() {
            return OptionTable.of(ALLOW_DEFER, ALLOW_FAIL, DATA);
        }

        @Override
        public Router create(DriverConfig config) {
            String data = config.options().text(DATA).orElse("");
            boolean allowFail = config.options().get(ALLOW_FAIL);
            boolean allowDefer = config.options().get(ALLOW_DEFER);
            return (address, context) -> {
                String s;
                try {
                    s = context.expander().expand(data).strip();
                } catch (ExpansionException e) {
                    return e.isForcedFailure() ? RouterResult.decline()
                            : RouterResult.defer("expansion of \"" + data + "\" failed: " + e.getMessage());
                }
                if (s.isEmpty()) {
                    return RouterResult.decline();
                }
                if (s.equals(":unknown:")) {
                    return RouterResult.decline();
                }
                if (s.equals(":blackhole:")) {
                    return RouterResult.discard();
                }
                for (String[] kw : new String[][] {{":fail:", "f"}, {":defer:", "d"}}) {
                    if (s.startsWith(kw[0])) {
                        boolean allowed = kw[1].equals("f") ? allowFail : allowDefer;
                        if (!allowed) {
                            return RouterResult.defer("error in redirect data: \"" + s + "\" is not permitted");
                        }
                        // redirect.c: the text (empty after a bare :fail:) is for the client too.
                        String message = s.substring(kw[0].length()).strip();
                        return kw[1].equals("f") ? RouterResult.fail(message, message)
                                : RouterResult.defer(message, message);
                    }
                }
                List<NewAddress> children = new ArrayList<>();
                for (String item : s.split(",")) {
                    String t = item.strip();
                    if (t.startsWith("|")) {
                        children.add(new NewAddress(address.child(t, ""), "address_pipe"));
                        continue;
                    }
                    int at = t.lastIndexOf('@');
                    children.add(NewAddress.routed(address.child(t.substring(0, at), t.substring(at + 1))));
                }
                return new RouterResult.Rerouted(children);
            };
        }
    }

    /**
     * Answers what its expanded {@code result} says: accept [transport [name=ip:port ...]] (with
     * those hosts), decline [M], pass, fail M,
     * defer M, discard, reroute A B ..., self M (the engine's self option, with reason M);
     * anything else throws.
     */
    public static final class ScriptDriver implements RouterDriver {
        static final Option<String> RESULT = Option.string("result").expanded();

        @Override
        public OptionTable options() {
            return OptionTable.of(RESULT);
        }

        @Override
        public Router create(DriverConfig config) {
            String result = config.options().text(RESULT).orElse("accept");
            return (address, context) -> {
                String s;
                try {
                    s = context.expander().expand(result);
                } catch (ExpansionException e) {
                    return RouterResult.defer(e.getMessage());
                }
                String[] w = s.split(" ", 2);
                String rest = w.length > 1 ? w[1] : "";
                return switch (w[0]) {
                    case "accept" -> rest.isEmpty() ? RouterResult.accept() : accept(rest.split(" "));
                    case "decline" -> rest.isEmpty() ? RouterResult.decline() : RouterResult.decline(rest);
                    case "pass" -> RouterResult.pass();
                    case "fail" -> RouterResult.fail(rest);
                    case "defer" -> RouterResult.defer(rest);
                    case "discard" -> RouterResult.discard();
                    case "self" -> context.selfReference(address, List.of(), rest);
                    case "freeze" -> context.freeze(rest);
                    case "reroute" -> {
                        List<NewAddress> children = new ArrayList<>();
                        for (String t : rest.split(" ")) {
                            int at = t.lastIndexOf('@');
                            children.add(NewAddress.routed(address.child(t.substring(0, at), t.substring(at + 1))));
                        }
                        yield new RouterResult.Rerouted(children);
                    }
                    default -> throw new IllegalStateException("script says " + s);
                };
            };
        }

        private static RouterResult accept(String[] words) {
            List<Host> hosts = new ArrayList<>();
            for (int i = 1; i < words.length; i++) {
                String[] h = words[i].split("[=:]");
                hosts.add(Host.named(h[0]).withAddress(h[1]).withPort(Integer.parseInt(h[2])));
            }
            return new RouterResult.Accept(words[0], hosts);
        }
    }

    /**
     * A small dnslookup: MX, then A and AAAA, through {@code context.hosts()}; the domain's
     * fuller name reroutes (the headers following it unless {@code rewrite_headers} is false,
     * as dnslookup's), this host at the lowest MX goes to {@code self}, a failure to find
     * hosts declines with dnslookup's messages and a lookup that did not complete defers.
     * Unlike dnslookup, {@code qualify_single} is false unless set.
     */
    public static final class MxLookupDriver implements RouterDriver {
        static final Option<Boolean> QUALIFY_SINGLE = Option.bool("qualify_single", false);
        static final Option<Boolean> REWRITE_HEADERS = Option.bool("rewrite_headers", true);

        @Override
        public OptionTable options() {
            return OptionTable.of(QUALIFY_SINGLE, REWRITE_HEADERS);
        }

        @Override
        public Router create(DriverConfig config) {
            DnsQuery plain = DnsQuery.mxThenAddress();
            DnsQuery query = config.options().get(QUALIFY_SINGLE) ? new DnsQuery(plain.records(), null, true, false,
                    false, false, false, false) : plain;
            boolean rewriteHeaders = config.options().get(REWRITE_HEADERS);
            return (address, context) -> {
                HostLookup l = context.hosts().byDns(address.domain(), query);
                switch (l.status()) {
                    case AGAIN:
                        return RouterResult.defer("host lookup did not complete");
                    case SECURITY:
                        return RouterResult.defer("host lookup done insecurely");
                    case FAILED:
                        if (!l.hosts().isEmpty() && l.hosts().get(0).mx() >= 0 && l.hosts().get(0).address() == null) {
                            return RouterResult.decline("all relevant MX records point to non-existent hosts");
                        }
                        return RouterResult.decline();
                    default:
                        break;
                }
                if (!l.fullyQualifiedName().equalsIgnoreCase(address.domain())) {
                    return context.changeDomain(address, l.fullyQualifiedName(), rewriteHeaders);
                }
                if (l.status() == HostLookup.Status.FOUND_LOCAL) {
                    return context.selfReference(address, l.hosts(), l.hosts().get(0).mx() >= 0
                            ? "lowest numbered MX record points to local host" : "remote host address is the local host");
                }
                return RouterResult.accept(l.hosts());
            };
        }
    }
}
