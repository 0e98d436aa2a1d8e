package org.osprey.mta.core.config;

import static org.osprey.mta.core.config.ConfigOption.string;

import java.util.ArrayList;
import java.util.List;

/**
 * The generic options of authenticators in Exim 4.96, with Exim's defaults and expansion
 * flags. {@code public_name} defaults, for most drivers, to the instance's name (see
 * {@link DriverFacts}).
 */
public final class AuthenticatorOptions {
    private static final List<ConfigOption<?>> ALL = new ArrayList<>();

    public static final ConfigOption<String> CLIENT_CONDITION = add(string("client_condition").expanded());
    public static final ConfigOption<String> CLIENT_SET_ID = add(string("client_set_id").expanded());
    public static final ConfigOption<String> DRIVER = add(string("driver"));
    public static final ConfigOption<String> PUBLIC_NAME = add(string("public_name"));
    public static final ConfigOption<String> SERVER_ADVERTISE_CONDITION =
            add(string("server_advertise_condition").expanded());
    public static final ConfigOption<String> SERVER_CONDITION = add(string("server_condition").expanded());
    public static final ConfigOption<String> SERVER_DEBUG_PRINT = add(string("server_debug_print").expanded());
    public static final ConfigOption<String> SERVER_MAIL_AUTH_CONDITION =
            add(string("server_mail_auth_condition").expanded());
    public static final ConfigOption<String> SERVER_SET_ID = add(string("server_set_id").expanded());

    /** The table of the generic authenticator options. */
    public static final ConfigOptionTable TABLE = ConfigOptionTable.of("authenticators", ALL);

    private AuthenticatorOptions() {
    }

    private static <T> ConfigOption<T> add(ConfigOption<T> option) {
        ALL.add(option);
        return option;
    }
}
