package org.osprey.mta.core.config;

import static org.osprey.mta.core.config.ConfigOption.bool;
import static org.osprey.mta.core.config.ConfigOption.boolOrExpansion;
import static org.osprey.mta.core.config.ConfigOption.groupOrExpansion;
import static org.osprey.mta.core.config.ConfigOption.string;
import static org.osprey.mta.core.config.ConfigOption.userOrExpansion;

import java.util.ArrayList;
import java.util.List;

/**
 * The generic options of routers in Exim 4.96 (those every router has, whatever its
 * driver), with Exim's kinds, defaults and expansion flags. {@code log_as_local} and
 * {@code retry_use_local_part} have no fixed default: Exim works them out for each router
 * when the section has been read (see {@link DriverFacts}).
 */
public final class RouterOptions {
    private static final List<ConfigOption<?>> ALL = new ArrayList<>();

    public static final ConfigOption<String> ADDRESS_DATA = add(string("address_data").expanded());
    public static final ConfigOption<Boolean> ADDRESS_TEST = add(bool("address_test", true));
    public static final ConfigOption<String> CANNOT_ROUTE_MESSAGE = add(string("cannot_route_message").expanded());
    public static final ConfigOption<Boolean> CASEFUL_LOCAL_PART = add(bool("caseful_local_part", false));
    public static final ConfigOption<Boolean> CHECK_LOCAL_USER = add(bool("check_local_user", false));
    public static final ConfigOption<String> CONDITION =
            add(string("condition").expanded().repeatable(ConfigOption.Repeat.CONDITION));
    public static final ConfigOption<String> DEBUG_PRINT = add(string("debug_print").expanded());
    public static final ConfigOption<Boolean> DISABLE_LOGGING = add(bool("disable_logging", false));
    public static final ConfigOption<String> DNSSEC_REQUEST_DOMAINS =
            add(string("dnssec_request_domains", "*").expanded());
    public static final ConfigOption<String> DNSSEC_REQUIRE_DOMAINS = add(string("dnssec_require_domains").expanded());
    public static final ConfigOption<String> DOMAINS = add(string("domains").expanded());
    public static final ConfigOption<String> DRIVER = add(string("driver"));
    public static final ConfigOption<Boolean> DSN_LASTHOP = add(bool("dsn_lasthop", false));
    public static final ConfigOption<String> ERRORS_TO = add(string("errors_to").expanded());
    public static final ConfigOption<Boolean> EXPN = add(bool("expn", true));
    public static final ConfigOption<Boolean> FAIL_VERIFY =
            add(bool("fail_verify", false).hiddenSetting("fail_verify_sender", "fail_verify_recipient"));
    public static final ConfigOption<Boolean> FAIL_VERIFY_RECIPIENT = add(bool("fail_verify_recipient", false));
    public static final ConfigOption<Boolean> FAIL_VERIFY_SENDER = add(bool("fail_verify_sender", false));
    public static final ConfigOption<String> FALLBACK_HOSTS = add(string("fallback_hosts"));
    public static final ConfigOption<IdOrExpansion> GROUP = add(groupOrExpansion("group").expanded());
    public static final ConfigOption<String> HEADERS_ADD =
            add(string("headers_add").expanded().repeatable(ConfigOption.Repeat.LIST));
    public static final ConfigOption<String> HEADERS_REMOVE =
            add(string("headers_remove").expanded().repeatable(ConfigOption.Repeat.LIST));
    public static final ConfigOption<String> IGNORE_TARGET_HOSTS = add(string("ignore_target_hosts").expanded());
    public static final ConfigOption<Boolean> INITGROUPS = add(bool("initgroups", false));
    public static final ConfigOption<String> LOCAL_PART_PREFIX = add(string("local_part_prefix"));
    public static final ConfigOption<Boolean> LOCAL_PART_PREFIX_OPTIONAL =
            add(bool("local_part_prefix_optional", false));
    public static final ConfigOption<String> LOCAL_PART_SUFFIX = add(string("local_part_suffix"));
    public static final ConfigOption<Boolean> LOCAL_PART_SUFFIX_OPTIONAL =
            add(bool("local_part_suffix_optional", false));
    public static final ConfigOption<String> LOCAL_PARTS = add(string("local_parts").expanded());
    /** Default worked out per router: true for the accept router, else false. */
    public static final ConfigOption<Boolean> LOG_AS_LOCAL = add(bool("log_as_local", false));
    public static final ConfigOption<BoolOrExpansion> MORE = add(boolOrExpansion("more", true).expanded());
    public static final ConfigOption<Boolean> PASS_ON_TIMEOUT = add(bool("pass_on_timeout", false));
    public static final ConfigOption<String> PASS_ROUTER = add(string("pass_router"));
    public static final ConfigOption<String> REDIRECT_ROUTER = add(string("redirect_router"));
    public static final ConfigOption<String> REQUIRE_FILES = add(string("require_files").expanded());
    /** Default worked out per router, from the options that test the local part. */
    public static final ConfigOption<Boolean> RETRY_USE_LOCAL_PART = add(bool("retry_use_local_part", false));
    public static final ConfigOption<String> ROUTER_HOME_DIRECTORY = add(string("router_home_directory").expanded());
    public static final ConfigOption<String> SELF = add(string("self", "freeze"));
    public static final ConfigOption<String> SENDERS = add(string("senders").expanded());
    public static final ConfigOption<String> SET = add(string("set").repeatable(ConfigOption.Repeat.LIST));
    public static final ConfigOption<String> TRANSPORT = add(string("transport").expanded());
    public static final ConfigOption<String> TRANSPORT_CURRENT_DIRECTORY =
            add(string("transport_current_directory").expanded());
    public static final ConfigOption<String> TRANSPORT_HOME_DIRECTORY =
            add(string("transport_home_directory").expanded());
    public static final ConfigOption<BoolOrExpansion> UNSEEN = add(boolOrExpansion("unseen", false).expanded());
    public static final ConfigOption<IdOrExpansion> USER = add(userOrExpansion("user").expanded());
    public static final ConfigOption<Boolean> VERIFY =
            add(bool("verify", true).hiddenSetting("verify_sender", "verify_recipient"));
    public static final ConfigOption<Boolean> VERIFY_ONLY = add(bool("verify_only", false));
    public static final ConfigOption<Boolean> VERIFY_RECIPIENT = add(bool("verify_recipient", true));
    public static final ConfigOption<Boolean> VERIFY_SENDER = add(bool("verify_sender", true));

    /** The table of the generic router options, hidden ones included. */
    public static final ConfigOptionTable TABLE = ConfigOptionTable.of("routers", ALL);

    private RouterOptions() {
    }

    private static <T> ConfigOption<T> add(ConfigOption<T> option) {
        ALL.add(option);
        return option;
    }
}
