package org.osprey.mta.core.route;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.osprey.mta.core.config.ConfigException;
import org.osprey.mta.core.config.ConfigLoader;
import org.osprey.mta.core.config.ConfigOption;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.DriverTables;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.expand.ExpansionEnvironment;
import org.osprey.mta.core.expand.Settings;
import org.osprey.mta.core.lists.ListType;
import org.osprey.mta.core.lists.NamedList;
import org.osprey.mta.core.lookup.Lookups;
import org.osprey.mta.core.lookup.SearchLayer;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.registry.DriverService;
import org.osprey.mta.core.testing.TestRouters;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.router.RouterDriver;
import org.osprey.mta.kernel.router.RoutingContext.Purpose;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportDriver;
import org.osprey.mta.lookup.dsearch.DsearchDriver;
import org.osprey.mta.lookup.lsearch.LsearchDriver;

/**
 * Helpers for the routing tests: the {@link TestRouters}, an appendfile transport that
 * delivers nothing; configurations are Exim text loaded with ConfigLoader.
 */
final class RouteFixture {
    static final Passwd USERS = new Passwd() {
        private final Map<String, Entry> users = Map.of(
                "root", new Entry("root", 0, 0, "root", "/root", "/bin/bash"),
                "alice", new Entry("alice", 1001, 100, "Alice", "/home/alice", "/bin/sh"),
                "Bob", new Entry("Bob", 1002, 100, "Bob", "/home/Bob", "/bin/sh"));

        @Override
        public Optional<Entry> user(String name) {
            return Optional.ofNullable(users.get(name));
        }

        @Override
        public OptionalLong groupId(String name) {
            return name.equals("users") ? OptionalLong.of(100) : name.equals("root") ? OptionalLong.of(0)
                    : OptionalLong.empty();
        }
    };

    final DriverRegistry registry = new DriverRegistry();
    final Configuration config;
    final Routing routing;

    RouteFixture(Path dir, String text) throws ConfigException {
        this(dir, text, USERS);
    }

    RouteFixture(Path dir, String text, Passwd passwd) throws ConfigException {
        this(dir, text, passwd, new TestRouters.RedirectDriver(), List.of());
    }

    /** With more drivers than the standard ones (their service ids must not clash: use 100 and up). */
    RouteFixture(Path dir, String text, Passwd passwd, List<DriverService> more) throws ConfigException {
        this(dir, text, passwd, new TestRouters.RedirectDriver(), more);
    }

    /** With this driver as "redirect" (the real one, for the redirect router's tests). */
    RouteFixture(Path dir, String text, Passwd passwd, RouterDriver redirect) throws ConfigException {
        this(dir, text, passwd, redirect, List.of());
    }

    private RouteFixture(Path dir, String text, Passwd passwd, RouterDriver redirect, List<DriverService> more)
            throws ConfigException {
        more.forEach(registry::add);
        long id = 1;
        registry.add(new DriverService(DriverKind.ROUTER, "accept", new TestRouters.AcceptDriver(), 0, id++, "test"));
        registry.add(new DriverService(DriverKind.ROUTER, "redirect", redirect, 0, id++, "test"));
        registry.add(new DriverService(DriverKind.ROUTER, "script", new TestRouters.ScriptDriver(), 0, id++, "test"));
        registry.add(new DriverService(DriverKind.ROUTER, "mxlookup", new TestRouters.MxLookupDriver(), 0, id++, "test"));
        registry.add(new DriverService(DriverKind.TRANSPORT, "appendfile", new FileTransportDriver(), 0, id++, "test"));
        registry.add(new DriverService(DriverKind.LOOKUP, "lsearch", new LsearchDriver(), 0, id++, "test"));
        registry.add(new DriverService(DriverKind.LOOKUP, "dsearch", new DsearchDriver(), 0, id++, "test"));
        Path file = dir.resolve("configure");
        try {
            Files.writeString(file, text, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config = new ConfigLoader(DriverTables.of(registry)).hostName(() -> "host.example").load(file, Map.of());
        registry.configure(config.toInstanceDefinitions());
        ExpansionEnvironment environment = environment(config, new SearchLayer(registry));
        routing = new Routing(config, registry, new org.osprey.mta.core.expand.ExpansionEngine(environment),
                environment, passwd);
    }

    static ExpansionEnvironment environment(Configuration config) {
        return environment(config, null);
    }

    /** With lsearch and dsearch, for the alias and forward files of the redirect router's tests. */
    static ExpansionEnvironment environment(Configuration config, Lookups lookups) {
        return new ExpansionEnvironment() {
            @Override
            public Lookups lookups() {
                return lookups;
            }

            @Override
            public Settings settings() {
                return name -> MainOptions.TABLE.find(name).map(o -> config.get((ConfigOption<?>) o))
                        .map(String::valueOf);
            }

            @Override
            public Optional<NamedList> namedList(ListType type, String name) {
                return config.namedLists().find(type, name);
            }
        };
    }

    RoutingOutcome route(String address, Purpose purpose) {
        return route(address, purpose, "sender@s.example");
    }

    RoutingOutcome route(String address, Purpose purpose, String sender) {
        int at = address.lastIndexOf('@');
        return routing.route(Address.of(address.substring(0, at), address.substring(at + 1)),
                RoutingRequest.of(purpose, sender));
    }

    /**
     * What Exim's -bt prints for these addresses, as a sorted list of entries (Exim's order is
     * its own). Like -bt, one run: an address routed to where an earlier one went is a duplicate.
     */
    List<String> bt(String... addresses) {
        List<String> blocks = new ArrayList<>();
        List<Address> list = new ArrayList<>();
        for (String a : addresses) {
            int at = a.lastIndexOf('@');
            list.add(Address.of(a.substring(0, at), a.substring(at + 1)));
        }
        for (RoutingOutcome o : routing.routeAll(list, RoutingRequest.of(Purpose.ADDRESS_TEST, "user@host.example"))) {
            render(o, List.of(), blocks);
        }
        Collections.sort(blocks);
        return blocks;
    }

    /** What Exim's -bv (recipients) or -bvs (senders) prints for each address, in order. */
    List<String> bv(Purpose purpose, String... addresses) {
        List<String> lines = new ArrayList<>();
        for (String a : addresses) {
            List<RoutingOutcome> leaves = route(a, purpose).leaves();
            String line = a + " verified";
            for (RoutingOutcome l : leaves) {
                if (l instanceof RoutingOutcome.Failed f) {
                    line = a + " failed to verify: " + f.message();
                    break;
                }
                if (l instanceof RoutingOutcome.Deferred d) {
                    line = a + " cannot be resolved at this time: " + d.message();
                    break;
                }
            }
            lines.add(line);
        }
        return lines;
    }

    /** Splits Exim's -bt output into its entries, sorted. */
    static List<String> entries(String eximOutput) {
        List<String> blocks = new ArrayList<>();
        StringBuilder b = null;
        for (String line : eximOutput.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (!line.startsWith(" ")) {
                if (b != null) {
                    blocks.add(b.toString());
                }
                b = new StringBuilder(line);
            } else {
                b.append('\n').append(line);
            }
        }
        if (b != null) {
            blocks.add(b.toString());
        }
        Collections.sort(blocks);
        return blocks;
    }

    private static void render(RoutingOutcome o, List<String> ancestors, List<String> out) {
        String parents = ancestors.stream().map(p -> "\n    <-- " + p).reduce("", String::concat);
        String a = o.address().text();
        if (o.address().domain().isEmpty() && !ancestors.isEmpty() && (a.startsWith("|") || a.startsWith("/"))) {
            // A pipe or file from a redirection, as Exim's -bt shows it.
            String head = ancestors.get(0) + " -> " + a;
            if (o instanceof RoutingOutcome.Routed r) {
                out.add(head + "\n  transport = " + r.transport());
            } else if (o instanceof RoutingOutcome.Failed) {
                out.add(head + " *** forbidden ***");
            } else if (o instanceof RoutingOutcome.Deferred d) {
                out.add(head + "\n*** Error in setting up pipe, file, or autoreply:\n" + d.message());
            }
            return;
        }
        if (o instanceof RoutingOutcome.Routed r) {
            List<String> chain = ancestors;
            if (r.unseen() != null) {
                chain = new ArrayList<>(ancestors);
                chain.add(0, a);
                render(r.unseen(), chain, out);
            }
            String p = chain.stream().map(x -> "\n    <-- " + x).reduce("", String::concat);
            out.add(a + (r.duplicate() ? "   [duplicate, would not be delivered]" : "") + p
                    + "\n  router = " + r.router() + ", transport = " + r.transport());
        } else if (o instanceof RoutingOutcome.Failed f) {
            out.add(a + " is undeliverable: " + f.message() + parents);
            List<String> chain = new ArrayList<>(ancestors);
            chain.add(0, a);
            f.children().forEach(c -> render(c, chain, out));
        } else if (o instanceof RoutingOutcome.Deferred d) {
            out.add(a + " cannot be resolved at this time: " + d.message() + parents);
        } else if (o instanceof RoutingOutcome.Discarded) {
            out.add("mail to " + a + " is discarded" + parents);
        } else if (o instanceof RoutingOutcome.Rerouted r) {
            List<String> chain = new ArrayList<>(ancestors);
            chain.add(0, a);
            r.children().forEach(c -> render(c, chain, out));
            if (r.unseen() != null) {
                render(r.unseen(), chain, out);
            }
        }
    }

    static final class FileTransportDriver implements TransportDriver {
        static final Option<String> FILE = Option.string("file").expanded();

        @Override
        public OptionTable options() {
            return OptionTable.of(FILE);
        }

        @Override
        public Transport create(DriverConfig config) {
            return delivery -> {
                throw new UnsupportedOperationException("the routing tests deliver nothing");
            };
        }

        @Override
        public boolean isLocal() {
            return true;
        }
    }
}
