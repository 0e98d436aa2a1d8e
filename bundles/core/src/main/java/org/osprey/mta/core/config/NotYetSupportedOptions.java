package org.osprey.mta.core.config;

import java.util.Map;
import java.util.Set;
import org.osprey.mta.core.registry.DriverKind;

/**
 * The explicit table of options Osprey knows (they are Exim's, and they are read and
 * checked like any other) but does not act on yet. A configuration may set them; each one
 * set is reported once as a warning when the configuration is loaded (see
 * {@link Configuration#warnings()}), so that nobody believes a setting works that does
 * not. An option that is in no table is an error.
 *
 * <p>When the code that acts on an option lands, its name leaves this table in the same
 * change. The options not listed are those the engine uses now: {@code driver} (drivers
 * are bound by it), {@code print_topbitchars} and {@code exim_version} (used by
 * {@code -bP}), and {@code max_username_length} and {@code finduser_retries} (used when
 * users are looked up).
 */
public final class NotYetSupportedOptions {
    /** Main options not acted on yet. */
    public static final Set<String> MAIN = Set.of(
            "acl_not_smtp_mime", "acl_smtp_data_prdr", "acl_smtp_dkim", "add_environment", "admin_groups",
            "bi_command",
            "bounce_sender_authentication", "check_log_inodes",
            "check_log_space", "check_rfc2047_length", "check_spool_inodes",
            "commandline_checks_require_admin", "daemon_smtp_port", "debug_store", "deliver_drop_privilege",
            "deliver_queue_load_max", "dkim_verify_hashes", "dkim_verify_keytypes",
            "dkim_verify_min_keysizes", "dkim_verify_minimal", "dkim_verify_signers",
            "dns_check_names_pattern", "dns_csa_search_limit", "dns_csa_use_reverse",
            "dns_trust_aa",
            "drop_cr", "errors_copy", "event_action", "freeze_tell", "gnutls_allow_auto_pkcs11", "gnutls_compat_mode",
            "helo_lookup_domains",
            "hold_domains", "host_lookup_order", "host_reject_connection",
            "hosts_require_alpn",
            "ignore_fromline_hosts", "ignore_fromline_local", "keep_environment", "keep_malformed",
            "local_scan_path", "local_scan_timeout", "lookup_open_max", "message_body_newlines",
            "message_body_visible", "move_frozen_messages", "mua_wrapper", "never_users", "notifier_socket",
            "openssl_options", "percent_hack_domains", "prdr_enable", "preserve_message_logs", "process_log_path",
            "queue_domains", "queue_fast_ramp", "queue_smtp_domains", "receive_timeout",
            "remote_sort_domains",
            "slow_lookup_log", "smtp_backlog_monitor", "spool_wireformat", "system_filter", "system_filter_directory_transport",
            "system_filter_file_transport", "system_filter_group", "system_filter_pipe_transport",
            "system_filter_reply_transport", "system_filter_user", "tls_alpn",
            "tls_dh_max_bits", "tls_dhparam", "tls_eccurve", "tls_ocsp_file",
            "tls_remember_esmtp", "tls_resumption_hosts");

    /** Generic router options not acted on yet. */
    public static final Set<String> ROUTERS = Set.of(
            "disable_logging", "dsn_lasthop");

    /** Generic transport options not acted on yet. */
    public static final Set<String> TRANSPORTS = Set.of(
            "disable_logging", "event_action", "rcpt_include_affixes");

    /** Generic authenticator options not acted on yet. */
    public static final Set<String> AUTHENTICATORS = Set.of(
            "client_set_id", "server_advertise_condition", "server_condition",
            "server_debug_print", "server_mail_auth_condition", "server_set_id");

    private static final Map<DriverKind, Set<String>> GENERIC = Map.of(
            DriverKind.ROUTER, ROUTERS, DriverKind.TRANSPORT, TRANSPORTS, DriverKind.AUTHENTICATOR, AUTHENTICATORS);

    private NotYetSupportedOptions() {
    }

    /** Whether a main option is known but not acted on yet. */
    public static boolean main(String name) {
        return MAIN.contains(name);
    }

    /** Whether a generic option of routers, transports or authenticators is known but not acted on yet. */
    public static boolean generic(DriverKind kind, String name) {
        return GENERIC.getOrDefault(kind, Set.of()).contains(name);
    }
}
