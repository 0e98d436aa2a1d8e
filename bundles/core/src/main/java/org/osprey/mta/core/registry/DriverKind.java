package org.osprey.mta.core.registry;

import org.osprey.mta.kernel.acl.ConditionDriver;
import org.osprey.mta.kernel.auth.AuthenticatorDriver;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.lookup.LookupDriver;
import org.osprey.mta.kernel.router.RouterDriver;
import org.osprey.mta.kernel.transport.TransportDriver;

/** The five kinds of driver: the value of {@code mta.driver.kind} and the kernel interface of each. */
public enum DriverKind {
    ROUTER(MtaDriver.ROUTER, RouterDriver.class, "Routers"),
    TRANSPORT(MtaDriver.TRANSPORT, TransportDriver.class, "Transports"),
    AUTHENTICATOR(MtaDriver.AUTHENTICATOR, AuthenticatorDriver.class, "Authenticators"),
    LOOKUP(MtaDriver.LOOKUP, LookupDriver.class, "Lookups"),
    CONDITION(MtaDriver.CONDITION, ConditionDriver.class, "ACL conditions");

    private final String property;
    private final Class<?> serviceInterface;
    private final String heading;

    DriverKind(String property, Class<?> serviceInterface, String heading) {
        this.property = property;
        this.serviceInterface = serviceInterface;
        this.heading = heading;
    }

    /** The value of {@code mta.driver.kind}, such as {@code router}. */
    public String property() {
        return property;
    }

    /** The kernel interface drivers of this kind provide. */
    public Class<?> serviceInterface() {
        return serviceInterface;
    }

    /** The heading of this kind in {@code -bV} output, such as {@code Routers}. */
    public String heading() {
        return heading;
    }

    /** The kind whose {@code mta.driver.kind} value is {@code property}. */
    public static DriverKind fromProperty(String property) {
        for (DriverKind kind : values()) {
            if (kind.property.equals(property)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown driver kind \"" + property + "\"");
    }

    @Override
    public String toString() {
        return property;
    }
}
