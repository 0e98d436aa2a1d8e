package org.osprey.mta.kernel.driver;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Names a driver. As a DS component property type it becomes the service properties
 * {@code mta.driver.kind} and {@code mta.driver.name}, by which the engine finds the
 * driver in the OSGi service registry; it is kept at run time so that the launcher, which
 * finds drivers through {@link java.util.ServiceLoader}, reads the same two values from
 * the class.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MtaDriver {
    /** Makes the element names {@code mta.driver.kind} and {@code mta.driver.name}. */
    String PREFIX_ = "mta.driver.";

    String ROUTER = "router";
    String TRANSPORT = "transport";
    String AUTHENTICATOR = "authenticator";
    String LOOKUP = "lookup";
    String CONDITION = "condition";

    /** One of {@link #ROUTER}, {@link #TRANSPORT}, {@link #AUTHENTICATOR}, {@link #LOOKUP}, {@link #CONDITION}. */
    String kind();

    /**
     * The name the configuration uses: after {@code driver =} for routers, transports and
     * authenticators, before the semicolon for lookups ({@code lsearch;}), as the
     * condition's name in an ACL statement for conditions.
     */
    String name();
}
