package org.osprey.mta.core.deliver;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.DriverInstance;
import org.osprey.mta.core.config.TransportOptions;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.lists.ListReader;
import org.osprey.mta.core.registry.ConfiguredTransport;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.registry.OptionSetting;
import org.osprey.mta.core.route.RoutingOutcome;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;

/**
 * Addresses that go to one transport in one call (Exim's batching, deliver.c): they share
 * the transport, the host list, the errors address and the header changes; a local batch
 * also shares the home directory, the local part and the domain when the transport's
 * options use them, and the expanded {@code batch_id}, and is at most the transport's
 * {@code batch_max} long; a remote batch is at most {@code max_rcpt} long (or Exim's
 * wider share, see {@link #group(List, Configuration, DriverRegistry, BatchIds, int)}) and shares the
 * domain unless {@code multi_domain} is true. Transports that do not have these private
 * options get Exim's defaults (1 for a local transport, 100 and true for a remote one).
 *
 * @param <T> what the caller keeps with each address
 */
record Batch<T>(String transport, boolean local, DriverInstance instance, List<Member<T>> members) {
    private static final DateTimeFormatter RFC_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    /** A routed address and the caller's item for it. */
    record Member<T>(RoutingOutcome.Routed routed, T item) {
    }

    /** Groups routed addresses into batches, keeping the order of the first address of each batch. */
    static <T> List<Batch<T>> group(List<Member<T>> routed, Configuration config, DriverRegistry registry) {
        return group(routed, config, registry, (template, r) -> template, Integer.MAX_VALUE);
    }

    /** The expansion of a transport's batch_id for one address; null when it fails (the address goes alone). */
    @FunctionalInterface
    interface BatchIds {
        String expand(String template, RoutingOutcome.Routed routed);
    }

    /**
     * Groups routed addresses into batches: a local transport's {@code batch_id} expanded
     * for each address by {@code batchIds}, and a remote batch as long as Exim's
     * do_remote_deliveries lets it be: max_rcpt, or when that is not 1 and smaller, the
     * message's remote addresses divided by {@code remote_max_parallel} (at most max_rcpt
     * times connection_max_messages). The transport then sends such a batch as several
     * transactions over one connection, the later ones logged with {@code *}.
     */
    static <T> List<Batch<T>> group(List<Member<T>> routed, Configuration config, DriverRegistry registry,
            BatchIds batchIds, int remoteMaxParallel) {
        Map<List<Object>, List<Batch<T>>> open = new LinkedHashMap<>();
        List<Batch<T>> out = new ArrayList<>();
        long remote = routed.stream()
                .filter(m -> !registry.transport(m.routed().transport()).map(ConfiguredTransport::isLocal).orElse(false))
                .count();
        for (Member<T> m : routed) {
            RoutingOutcome.Routed r = m.routed();
            String name = r.transport();
            boolean local = registry.transport(name).map(ConfiguredTransport::isLocal).orElse(false);
            Optional<DriverInstance> instance = config.transport(name);
            int max = local ? intOption(instance, "batch_max", 1) : intOption(instance, "max_rcpt", 100);
            if (!local) {
                max = shareOfParallel(max, remote / Math.max(1, remoteMaxParallel),
                        intOption(instance, "connection_max_messages", 500));
            }
            boolean multiDomain = !local && boolOption(instance, "multi_domain", true);
            List<Object> key = new ArrayList<>(List.of(name, hostKey(r.hosts()), Objects.toString(r.errorsTo()),
                    r.headersAdd(), r.headersRemove()));
            if (local) {
                // deliver.c: the same local part when the transport's options name
                // $local_part or this is a pipe or file from a redirection, the same domain
                // when they name $domain, the same batch_id.
                boolean pipeOrFile = r.address().parent().isPresent() && r.address().domain().isEmpty();
                key.add(pipeOrFile ? r.address().localPart().startsWith("/") ? "file" : "pipe" : "");
                if (pipeOrFile || dependsOn(instance, "local_part")) {
                    key.add(r.address().localPart());
                }
                if (dependsOn(instance, "domain")) {
                    key.add(r.address().domain().toLowerCase(Locale.ROOT));
                }
                key.add(Objects.toString(r.variables().get("home")));
                key.add(Objects.toString(r.addressData()));
                Optional<String> batchId = instance.flatMap(i -> i.privateSetting("batch_id")).map(OptionSetting::value);
                if (batchId.isPresent() && max > 1) {
                    String id = batchIds.expand(batchId.get(), r);
                    // An expansion failure keeps the address out of every batch.
                    key.add(id == null ? new Object() : id);
                }
            } else if (!multiDomain) {
                key.add(r.address().domain().toLowerCase(Locale.ROOT));
            }
            List<Batch<T>> candidates = open.computeIfAbsent(key, k -> new ArrayList<>());
            Batch<T> target = candidates.isEmpty() ? null : candidates.get(candidates.size() - 1);
            if (target == null || target.members().size() >= Math.max(max, 1)) {
                target = new Batch<>(name, local, instance.orElse(null), new ArrayList<>());
                candidates.add(target);
                out.add(target);
            }
            target.members().add(m);
        }
        return out;
    }

    /** Exim's widening of a remote transport's address limit (deliver.c, "slightly experimental code"). */
    private static int shareOfParallel(int maxRcpt, long share, int connectionMaxMessages) {
        int max = maxRcpt <= 0 ? Integer.MAX_VALUE : maxRcpt;
        if (max == 1 || max >= share) {
            return max;
        }
        long widened = share;
        if (connectionMaxMessages > 0 && widened > (long) max * connectionMaxMessages) {
            widened = (long) max * connectionMaxMessages;
        }
        return (int) Math.min(widened, Integer.MAX_VALUE);
    }

    private static String hostKey(List<Host> hosts) {
        return hosts.stream().map(h -> h.name() + "/" + h.address() + "/" + h.port()).collect(Collectors.joining(","));
    }

    /**
     * The smtp transport's {@code connection_max_messages} (Exim's default 500; 0 for no
     * limit). At 1 no message is ever passed a connection, so none is put on the wait list.
     */
    int connectionMaxMessages() {
        return intOption(Optional.ofNullable(instance), "connection_max_messages", 500);
    }

    /**
     * Whether this batch may go over a connection held open to the host of that name
     * (Exim's check in deliver.c before a continued delivery): the router's host list
     * names it, or the transport chooses its hosts itself (no router hosts, or an smtp
     * transport's {@code hosts} with {@code hosts_override}). As in Exim, the port is not compared.
     */
    boolean mayUseConnectionTo(String hostName) {
        List<Host> hosts = members.get(0).routed().hosts();
        Optional<DriverInstance> i = Optional.ofNullable(instance);
        boolean override = boolOption(i, "hosts_override", false) && i.flatMap(d -> d.privateSetting("hosts")).isPresent();
        return hosts.isEmpty() || override || hosts.stream().anyMatch(h -> h.name().equalsIgnoreCase(hostName));
    }

    /**
     * Exim's readconf_depends: whether a private option of the transport refers to
     * {@code $name} (or <code>${name</code>). As in Exim, only the first occurrence of the
     * name in each option is looked at.
     */
    static boolean dependsOn(Optional<DriverInstance> instance, String name) {
        for (OptionSetting setting : instance.map(DriverInstance::privateOptions).orElse(List.of())) {
            String value = setting.value();
            int at = value == null ? -1 : value.indexOf(name);
            if (at <= 0) {
                continue;
            }
            char before = value.charAt(at - 1);
            int after = at + name.length();
            if ((before == '$' || before == '{')
                    && (after >= value.length() || !Character.isLetterOrDigit(value.charAt(after)))) {
                return true;
            }
        }
        return false;
    }

    private static int intOption(Optional<DriverInstance> instance, String name, int fallback) {
        return instance.flatMap(i -> i.privateSetting(name)).map(OptionSetting::value).map(v -> {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }).orElse(fallback);
    }

    private static boolean boolOption(Optional<DriverInstance> instance, String name, boolean fallback) {
        return instance.flatMap(i -> i.privateSetting(name)).map(OptionSetting::value)
                .map(v -> v.isEmpty() || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes")).orElse(fallback);
    }

    private static Address progenitor(Address a) {
        while (a.parent().isPresent()) {
            a = a.parent().get();
        }
        return a;
    }

    /**
     * The header changes of this batch (Exim's transport_write_message): Return-path:,
     * Delivery-date: and Envelope-to: as the transport's options ask, the router's header
     * changes, then the transport's own headers_add and headers_remove, expanded. An
     * item whose expansion is forced to fail is left out.
     *
     * @throws ExpansionException when an item fails to expand otherwise (the batch is deferred)
     */
    SpoolMessage.HeaderChanges headerChanges(ExpansionContext context, ExpansionEngine engine, Clock clock,
            ZoneId zone, String sender) throws ExpansionException {
        RoutingOutcome.Routed first = members.get(0).routed();
        List<String> add = new ArrayList<>(first.headersAdd());
        List<String> remove = new ArrayList<>(first.headersRemove());
        String returnPath = null;
        String deliveryDate = null;
        String envelopeTo = null;
        if (instance != null) {
            var g = instance.generic();
            if (Boolean.TRUE.equals(g.get(TransportOptions.RETURN_PATH_ADD))) {
                returnPath = sender;
            }
            if (Boolean.TRUE.equals(g.get(TransportOptions.DELIVERY_DATE_ADD))) {
                deliveryDate = ZonedDateTime.now(clock.withZone(zone)).format(RFC_DATE);
            }
            if (Boolean.TRUE.equals(g.get(TransportOptions.ENVELOPE_TO_ADD))) {
                // Exim's write_env_to: each address's progenitor (the envelope recipient), once.
                envelopeTo = members.stream().map(m -> progenitor(m.routed().address()).text()).distinct()
                        .collect(Collectors.joining(",\n "));
            }
            var expander = engine.expander(context);
            String headersAdd = g.get(TransportOptions.HEADERS_ADD);
            if (headersAdd != null) {
                ListReader items = new ListReader(headersAdd, '\n');
                for (String item = items.next(); item != null; item = items.next()) {
                    String s = expandItem(expander, item, "headers_add");
                    if (s != null && !s.isEmpty()) {
                        add.add(s.endsWith("\n") ? s.substring(0, s.length() - 1) : s);
                    }
                }
            }
            String headersRemove = g.get(TransportOptions.HEADERS_REMOVE);
            if (headersRemove != null) {
                ListReader items = new ListReader(headersRemove, ':');
                for (String item = items.next(); item != null; item = items.next()) {
                    String s = expandItem(expander, item, "headers_remove");
                    if (s != null && !s.isEmpty()) {
                        remove.add(s);
                    }
                }
            }
        }
        return new SpoolMessage.HeaderChanges(returnPath, deliveryDate, envelopeTo, remove, add);
    }

    /** An item expanded; null when its expansion is forced to fail. */
    private String expandItem(Expander expander, String item, String option) throws ExpansionException {
        try {
            return expander.expand(item);
        } catch (ExpansionException e) {
            if (e.isForcedFailure()) {
                return null;
            }
            throw ExpansionException.error("failed to expand " + option + " item \"" + item + "\" in " + transport
                    + " transport: " + e.getMessage());
        }
    }
}
