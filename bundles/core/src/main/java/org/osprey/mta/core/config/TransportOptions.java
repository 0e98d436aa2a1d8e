package org.osprey.mta.core.config;

import static org.osprey.mta.core.config.ConfigOption.bool;
import static org.osprey.mta.core.config.ConfigOption.groupOrExpansion;
import static org.osprey.mta.core.config.ConfigOption.rewriteRules;
import static org.osprey.mta.core.config.ConfigOption.string;
import static org.osprey.mta.core.config.ConfigOption.time;
import static org.osprey.mta.core.config.ConfigOption.userOrExpansion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The generic options of transports in Exim 4.96 (those every transport has, whatever its
 * driver), with Exim's kinds, defaults and expansion flags. {@code retry_use_local_part}
 * has no fixed default: local transports set it, remote ones clear it (see
 * {@link DriverFacts}).
 */
public final class TransportOptions {
    private static final List<ConfigOption<?>> ALL = new ArrayList<>();

    public static final ConfigOption<Boolean> BODY_ONLY = add(bool("body_only", false));
    public static final ConfigOption<String> CURRENT_DIRECTORY = add(string("current_directory").expanded());
    public static final ConfigOption<String> DEBUG_PRINT = add(string("debug_print").expanded());
    public static final ConfigOption<Boolean> DELIVERY_DATE_ADD = add(bool("delivery_date_add", false));
    public static final ConfigOption<Boolean> DISABLE_LOGGING = add(bool("disable_logging", false));
    public static final ConfigOption<String> DRIVER = add(string("driver"));
    public static final ConfigOption<Boolean> ENVELOPE_TO_ADD = add(bool("envelope_to_add", false));
    public static final ConfigOption<String> EVENT_ACTION = add(string("event_action").expanded());
    public static final ConfigOption<IdOrExpansion> GROUP = add(groupOrExpansion("group").expanded());
    public static final ConfigOption<String> HEADERS_ADD =
            add(string("headers_add").expanded().repeatable(ConfigOption.Repeat.LIST));
    public static final ConfigOption<Boolean> HEADERS_ONLY = add(bool("headers_only", false));
    public static final ConfigOption<String> HEADERS_REMOVE =
            add(string("headers_remove").expanded().repeatable(ConfigOption.Repeat.LIST));
    public static final ConfigOption<String> HEADERS_REWRITE = add(rewriteRules("headers_rewrite"));
    public static final ConfigOption<String> HOME_DIRECTORY = add(string("home_directory").expanded());
    public static final ConfigOption<Boolean> INITGROUPS = add(bool("initgroups", false));
    public static final ConfigOption<String> MAX_PARALLEL = add(string("max_parallel").expanded());
    public static final ConfigOption<String> MESSAGE_SIZE_LIMIT = add(string("message_size_limit").expanded());
    public static final ConfigOption<Boolean> RCPT_INCLUDE_AFFIXES = add(bool("rcpt_include_affixes", false));
    /** Default worked out per transport: true unless the driver clears it (the smtp transport does). */
    public static final ConfigOption<Boolean> RETRY_USE_LOCAL_PART = add(bool("retry_use_local_part", true));
    public static final ConfigOption<String> RETURN_PATH = add(string("return_path").expanded());
    public static final ConfigOption<Boolean> RETURN_PATH_ADD = add(bool("return_path_add", false));
    public static final ConfigOption<String> SHADOW_CONDITION = add(string("shadow_condition").expanded());
    public static final ConfigOption<String> SHADOW_TRANSPORT = add(string("shadow_transport"));
    public static final ConfigOption<String> TRANSPORT_FILTER = add(string("transport_filter").expanded());
    public static final ConfigOption<Duration> TRANSPORT_FILTER_TIMEOUT = add(time("transport_filter_timeout", "5m"));
    public static final ConfigOption<IdOrExpansion> USER = add(userOrExpansion("user").expanded());

    /** The table of the generic transport options. */
    public static final ConfigOptionTable TABLE = ConfigOptionTable.of("transports", ALL);

    private TransportOptions() {
    }

    private static <T> ConfigOption<T> add(ConfigOption<T> option) {
        ALL.add(option);
        return option;
    }
}
