package org.osprey.mta.core.registry;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.osprey.mta.kernel.acl.ConditionDriver;
import org.osprey.mta.kernel.auth.Authenticator;
import org.osprey.mta.kernel.lookup.LookupDriver;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.transport.Transport;

/**
 * Which drivers are present and which configured instance is bound to which of them.
 *
 * <p>Drivers are added and removed as their services come and go; the configuration's
 * instances are set with {@link #configure}. After every change each instance is bound to
 * the best present driver with its kind and name (highest ranking, then oldest), and a
 * new instance is made from its definition whenever that driver changes, so an updated
 * bundle is used from the next delivery on. An instance with no driver, or whose driver
 * refuses its options, is unavailable; work that reaches it is deferred.
 *
 * <p>Thread-safe. Changes are serialised; reads are lock-free. Every change is passed to
 * the listeners (among them {@link DriverEventLog}, which logs it) in the order the
 * changes happened: listeners are called with the registry's lock held, so
 * they must be quick and must not wait for another thread that changes the registry.
 */
public final class DriverRegistry {
    private static final System.Logger LOG = System.getLogger("org.osprey.mta.core.registry");

    private final Object lock = new Object();
    private final Map<DriverKind, List<DriverService>> services = new EnumMap<>(DriverKind.class);
    private final Map<String, ConfiguredRouter> routers = new LinkedHashMap<>();
    private final Map<String, ConfiguredTransport> transports = new LinkedHashMap<>();
    private final Map<String, Binding<Authenticator>> authenticators = new LinkedHashMap<>();
    private final Map<DriverKind, Map<String, DriverService>> bestDrivers = new EnumMap<>(DriverKind.class);
    private volatile Snapshot snapshot;
    private final List<Consumer<DriverEvent>> listeners = new CopyOnWriteArrayList<>();

    public DriverRegistry() {
        for (DriverKind kind : DriverKind.values()) {
            services.put(kind, new ArrayList<>());
            bestDrivers.put(kind, Map.of());
        }
        snapshot = takeSnapshot();
    }

    /** Adds a driver; instances naming it are bound to it if it is now the best of its name. */
    public void add(DriverService service) {
        synchronized (lock) {
            services.get(service.kind()).add(service);
            changed(service.kind(), new DriverEvent(DriverEvent.Type.DRIVER_ADDED, service.kind(), service.name(),
                    null, service + " added"));
        }
    }

    /** Removes the driver with this service id; instances bound to it move to the next best, or become unavailable. */
    public void remove(DriverKind kind, long serviceId) {
        synchronized (lock) {
            List<DriverService> present = services.get(kind);
            for (DriverService s : List.copyOf(present)) {
                if (s.serviceId() == serviceId) {
                    present.remove(s);
                    changed(kind, new DriverEvent(DriverEvent.Type.DRIVER_REMOVED, kind, s.name(), null,
                            s + " removed"));
                }
            }
        }
    }

    /**
     * Replaces the driver that has the same service id (its properties changed: a new
     * ranking, even a new name) in one step, so that instances bound to it do not go
     * unavailable in between.
     */
    public void update(DriverService service) {
        synchronized (lock) {
            services.get(service.kind()).removeIf(s -> s.serviceId() == service.serviceId());
            services.get(service.kind()).add(service);
            changed(service.kind(), new DriverEvent(DriverEvent.Type.DRIVER_UPDATED, service.kind(), service.name(),
                    null, service + " updated"));
        }
    }

    /** After a change of the drivers of one kind: rebind, publish the new state, then tell. Lock held. */
    private void changed(DriverKind kind, DriverEvent cause) {
        List<DriverEvent> events = new ArrayList<>();
        events.add(cause);
        rebindAll(kind, events);
        snapshot = takeSnapshot();
        publish(events);
    }

    /**
     * Sets the configured instances, replacing the previous ones (a configuration load or
     * reload), and binds each to its driver.
     */
    public void configure(Collection<InstanceDefinition> definitions) {
        synchronized (lock) {
            List<DriverEvent> events = new ArrayList<>();
            routers.clear();
            transports.clear();
            authenticators.clear();
            for (InstanceDefinition d : definitions) {
                switch (d.kind()) {
                    case ROUTER -> routers.put(d.name(), new ConfiguredRouter(new Binding<>(d, Router.class)));
                    case TRANSPORT -> transports.put(d.name(),
                            new ConfiguredTransport(new Binding<>(d, Transport.class)));
                    case AUTHENTICATOR -> authenticators.put(d.name(), new Binding<>(d, Authenticator.class));
                    default -> throw new IllegalArgumentException(d.kind() + " drivers have no instances");
                }
            }
            for (DriverKind kind : DriverKind.values()) {
                rebindAll(kind, events);
            }
            snapshot = takeSnapshot();
            publish(events);
        }
    }

    public Optional<ConfiguredRouter> router(String instanceName) {
        return Optional.ofNullable(snapshot.routers.get(instanceName));
    }

    public Optional<ConfiguredTransport> transport(String instanceName) {
        return Optional.ofNullable(snapshot.transports.get(instanceName));
    }

    public Optional<Binding<Authenticator>> authenticator(String instanceName) {
        return Optional.ofNullable(snapshot.authenticators.get(instanceName));
    }

    /** The configured routers, in configuration order. */
    public List<ConfiguredRouter> routers() {
        return List.copyOf(snapshot.routers.values());
    }

    /** Every configured instance's binding, routers first, then transports, then authenticators. */
    public List<Binding<?>> bindings() {
        Snapshot s = snapshot;
        List<Binding<?>> all = new ArrayList<>();
        s.routers.values().forEach(r -> all.add(r.binding()));
        s.transports.values().forEach(t -> all.add(t.binding()));
        all.addAll(s.authenticators.values());
        return all;
    }

    /** The lookup type called {@code name}, if a driver for it is present. */
    public Optional<LookupDriver> lookup(String name) {
        return best(DriverKind.LOOKUP, name).map(s -> (LookupDriver) s.driver());
    }

    /** The ACL condition called {@code name}, if a driver for it is present. */
    public Optional<ConditionDriver> condition(String name) {
        return best(DriverKind.CONDITION, name).map(s -> (ConditionDriver) s.driver());
    }

    /** The drivers of a kind in use, one per name (the best), sorted by name. */
    public List<DriverService> drivers(DriverKind kind) {
        return List.copyOf(snapshot.drivers.get(kind).values());
    }

    /** Adds a listener for changes; it is called in order, under the registry's lock (see the class comment). */
    public void addListener(Consumer<DriverEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<DriverEvent> listener) {
        listeners.remove(listener);
    }

    private Optional<DriverService> best(DriverKind kind, String name) {
        return Optional.ofNullable(snapshot.drivers.get(kind).get(name));
    }

    /** Rebinds the instances of one kind after a change; called with the lock held. */
    private void rebindAll(DriverKind kind, List<DriverEvent> events) {
        Map<String, DriverService> best = new TreeMap<>();
        services.get(kind).stream().sorted(DriverService.PREFERENCE).forEach(s -> best.putIfAbsent(s.name(), s));
        Collection<Binding<?>> bindings = switch (kind) {
            case ROUTER -> routers.values().stream().<Binding<?>>map(ConfiguredRouter::binding).toList();
            case TRANSPORT -> transports.values().stream().<Binding<?>>map(ConfiguredTransport::binding).toList();
            case AUTHENTICATOR -> List.copyOf(authenticators.values());
            case LOOKUP, CONDITION -> List.of();
        };
        for (Binding<?> binding : bindings) {
            InstanceDefinition d = binding.definition();
            if (binding.rebind(best.get(d.driverName()))) {
                events.add(binding.isAvailable()
                        ? new DriverEvent(DriverEvent.Type.INSTANCE_AVAILABLE, kind, d.driverName(), d.name(),
                                kind + " " + d.name() + ": available, bound to " + binding.driver().orElseThrow())
                        : new DriverEvent(DriverEvent.Type.INSTANCE_UNAVAILABLE, kind, d.driverName(), d.name(),
                                kind + " " + d.name() + ": unavailable, " + binding.unavailableReason()
                                        + "; work for it is deferred"));
            }
        }
        bestDrivers.put(kind, best);
    }

    /** A copy of the state for lock-free readers; called with the lock held. */
    private Snapshot takeSnapshot() {
        return new Snapshot(new EnumMap<>(bestDrivers), new LinkedHashMap<>(routers), new LinkedHashMap<>(transports),
                new LinkedHashMap<>(authenticators));
    }

    private void publish(List<DriverEvent> events) {
        for (DriverEvent event : events) {
            for (Consumer<DriverEvent> listener : listeners) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "driver event listener failed", e);
                }
            }
        }
    }

    /** What readers see: replaced whole after each change. */
    private record Snapshot(Map<DriverKind, Map<String, DriverService>> drivers,
            Map<String, ConfiguredRouter> routers, Map<String, ConfiguredTransport> transports,
            Map<String, Binding<Authenticator>> authenticators) {
    }
}
