package org.osprey.mta.core.osgi;

import java.lang.System.Logger.Level;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osprey.mta.core.registry.DriverEventLog;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.registry.DriverService;
import org.osprey.mta.kernel.acl.ConditionDriver;
import org.osprey.mta.kernel.auth.AuthenticatorDriver;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.lookup.LookupDriver;
import org.osprey.mta.kernel.router.RouterDriver;
import org.osprey.mta.kernel.transport.TransportDriver;

/**
 * Feeds the {@link DriverRegistry} from the OSGi service registry, and publishes it as a
 * service. Every driver service of the five kinds is tracked dynamically and greedily, so
 * a driver bundle started, stopped or updated while the MTA runs is seen at once, and a
 * higher-ranked replacement takes over from the one in use.
 */
@Component(immediate = true, service = {})
public final class DriverTracker {
    private static final System.Logger LOG = System.getLogger("org.osprey.mta.core.registry");
    private static final String NAME = MtaDriver.PREFIX_ + "name";
    private static final String KIND = MtaDriver.PREFIX_ + "kind";

    private final DriverRegistry registry = new DriverRegistry();
    private ServiceRegistration<DriverRegistry> registration;

    public DriverTracker() {
        // Before the first bind, so that every change is logged.
        registry.addListener(new DriverEventLog());
    }

    @Activate
    void activate(BundleContext context) {
        registration = context.registerService(DriverRegistry.class, registry, null);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }

    @Reference(service = RouterDriver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + KIND + "=" + MtaDriver.ROUTER + ")",
            unbind = "removeRouter", updated = "updatedRouter")
    void addRouter(RouterDriver driver, ServiceReference<?> ref) {
        add(DriverKind.ROUTER, driver, ref);
    }

    void removeRouter(ServiceReference<?> ref) {
        registry.remove(DriverKind.ROUTER, serviceId(ref));
    }

    void updatedRouter(RouterDriver driver, ServiceReference<?> ref) {
        update(DriverKind.ROUTER, driver, ref);
    }

    @Reference(service = TransportDriver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + KIND + "=" + MtaDriver.TRANSPORT + ")",
            unbind = "removeTransport", updated = "updatedTransport")
    void addTransport(TransportDriver driver, ServiceReference<?> ref) {
        add(DriverKind.TRANSPORT, driver, ref);
    }

    void removeTransport(ServiceReference<?> ref) {
        registry.remove(DriverKind.TRANSPORT, serviceId(ref));
    }

    void updatedTransport(TransportDriver driver, ServiceReference<?> ref) {
        update(DriverKind.TRANSPORT, driver, ref);
    }

    @Reference(service = AuthenticatorDriver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + KIND + "=" + MtaDriver.AUTHENTICATOR + ")",
            unbind = "removeAuthenticator", updated = "updatedAuthenticator")
    void addAuthenticator(AuthenticatorDriver driver, ServiceReference<?> ref) {
        add(DriverKind.AUTHENTICATOR, driver, ref);
    }

    void removeAuthenticator(ServiceReference<?> ref) {
        registry.remove(DriverKind.AUTHENTICATOR, serviceId(ref));
    }

    void updatedAuthenticator(AuthenticatorDriver driver, ServiceReference<?> ref) {
        update(DriverKind.AUTHENTICATOR, driver, ref);
    }

    @Reference(service = LookupDriver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + KIND + "=" + MtaDriver.LOOKUP + ")",
            unbind = "removeLookup", updated = "updatedLookup")
    void addLookup(LookupDriver driver, ServiceReference<?> ref) {
        add(DriverKind.LOOKUP, driver, ref);
    }

    void removeLookup(ServiceReference<?> ref) {
        registry.remove(DriverKind.LOOKUP, serviceId(ref));
    }

    void updatedLookup(LookupDriver driver, ServiceReference<?> ref) {
        update(DriverKind.LOOKUP, driver, ref);
    }

    @Reference(service = ConditionDriver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + KIND + "=" + MtaDriver.CONDITION + ")",
            unbind = "removeCondition", updated = "updatedCondition")
    void addCondition(ConditionDriver driver, ServiceReference<?> ref) {
        add(DriverKind.CONDITION, driver, ref);
    }

    void removeCondition(ServiceReference<?> ref) {
        registry.remove(DriverKind.CONDITION, serviceId(ref));
    }

    void updatedCondition(ConditionDriver driver, ServiceReference<?> ref) {
        update(DriverKind.CONDITION, driver, ref);
    }

    private void add(DriverKind kind, Object driver, ServiceReference<?> ref) {
        DriverService service = service(kind, driver, ref);
        if (service != null) {
            registry.add(service);
        }
    }

    private void update(DriverKind kind, Object driver, ServiceReference<?> ref) {
        DriverService service = service(kind, driver, ref);
        if (service != null) {
            registry.update(service);
        } else {
            registry.remove(kind, serviceId(ref));
        }
    }

    /** The registry's view of a driver service, or null (logged) when it has no name. */
    private static DriverService service(DriverKind kind, Object driver, ServiceReference<?> ref) {
        Object name = ref.getProperty(NAME);
        if (!(name instanceof String s) || s.isEmpty()) {
            LOG.log(Level.ERROR, kind + " driver service " + serviceId(ref) + " from " + origin(ref)
                    + " has no " + NAME + " property: ignored");
            return null;
        }
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        return new DriverService(kind, s, driver, ranking instanceof Integer r ? r : 0, serviceId(ref), origin(ref));
    }

    private static long serviceId(ServiceReference<?> ref) {
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    private static String origin(ServiceReference<?> ref) {
        Bundle bundle = ref.getBundle();
        return bundle == null ? "unregistered service"
                : "bundle " + bundle.getSymbolicName() + " " + bundle.getVersion() + " [" + bundle.getBundleId() + "]";
    }
}
