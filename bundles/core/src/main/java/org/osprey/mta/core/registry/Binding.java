package org.osprey.mta.core.registry;

import java.util.Optional;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.driver.Driver;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.option.OptionValueException;
import org.osprey.mta.kernel.option.OptionValues;

/**
 * A configured instance and the driver it is bound to now, if any. The state is replaced
 * whole when the driver changes, so a caller that took the instance keeps using it to the
 * end of its work while new work gets the new one.
 *
 * @param <I> the instance type (Router, Transport, Authenticator)
 */
public final class Binding<I> {
    private final InstanceDefinition definition;
    private final Class<I> instanceType;
    private volatile State state;

    Binding(InstanceDefinition definition, Class<I> instanceType) {
        this.definition = definition;
        this.instanceType = instanceType;
        this.state = new State(null, null, "driver \"" + definition.driverName() + "\" is not present");
    }

    public InstanceDefinition definition() {
        return definition;
    }

    public String name() {
        return definition.name();
    }

    public boolean isAvailable() {
        return state.instance != null;
    }

    /** The instance, when the driver is present and accepted the configuration. */
    public Optional<I> instance() {
        return Optional.ofNullable(instanceType.cast(state.instance));
    }

    /** The driver the instance is bound to, when available. */
    public Optional<DriverService> driver() {
        return Optional.ofNullable(state.driver);
    }

    /** Why the instance is unavailable ("" when it is available). */
    public String unavailableReason() {
        return state.reason;
    }

    /**
     * Binds to {@code service} (or to nothing), making a new instance from the
     * definition. Called by the registry with its lock held.
     *
     * @return true when availability or the bound driver changed
     */
    boolean rebind(DriverService service) {
        State old = state;
        if (service == null) {
            state = new State(null, null, "driver \"" + definition.driverName() + "\" is not present");
        } else if (old.driver == service) {
            return false;
        } else {
            state = create(service);
        }
        return old.driver != state.driver || old.instance == null != (state.instance == null)
                || !old.reason.equals(state.reason);
    }

    private State create(DriverService service) {
        Driver<?> driver = (Driver<?>) service.driver();
        try {
            OptionValues.Builder values = OptionValues.builder(driver.options());
            for (OptionSetting setting : definition.options()) {
                try {
                    values.set(setting.name(), setting.value());
                } catch (OptionValueException e) {
                    throw new ConfigurationException(e.getMessage()
                            + (setting.location().isEmpty() ? "" : " (" + setting.location() + ")"));
                }
            }
            Object instance = driver.create(new DriverConfig(definition.name(), values.build()));
            if (!instanceType.isInstance(instance)) {
                return new State(null, null, "driver \"" + definition.driverName() + "\" made no "
                        + instanceType.getSimpleName());
            }
            return new State(instance, service, "");
        } catch (ConfigurationException e) {
            return new State(null, null, "driver \"" + definition.driverName() + "\" ("
                    + service.origin() + ") refused the configuration: " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return new State(null, null, "driver \"" + definition.driverName() + "\" (" + service.origin()
                    + ") failed to make the instance: " + e);
        }
    }

    @Override
    public String toString() {
        return definition + (isAvailable() ? " (" + state.driver + ")" : ": " + state.reason);
    }

    private record State(Object instance, DriverService driver, String reason) {
    }
}
