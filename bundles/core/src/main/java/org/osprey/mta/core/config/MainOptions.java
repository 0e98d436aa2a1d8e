package org.osprey.mta.core.config;

import static org.osprey.mta.core.config.ConfigOption.bool;
import static org.osprey.mta.core.config.ConfigOption.fixedPoint;
import static org.osprey.mta.core.config.ConfigOption.group;
import static org.osprey.mta.core.config.ConfigOption.groupList;
import static org.osprey.mta.core.config.ConfigOption.integer;
import static org.osprey.mta.core.config.ConfigOption.kilobytes;
import static org.osprey.mta.core.config.ConfigOption.sizedInteger;
import static org.osprey.mta.core.config.ConfigOption.string;
import static org.osprey.mta.core.config.ConfigOption.time;
import static org.osprey.mta.core.config.ConfigOption.timeList;
import static org.osprey.mta.core.config.ConfigOption.timeOrExpansion;
import static org.osprey.mta.core.config.ConfigOption.user;
import static org.osprey.mta.core.config.ConfigOption.userList;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every main option of Exim 4.96, as the reference build (Debian's exim4-daemon-light)
 * has them: name, kind of value, default, and whether Exim expands the value when it uses
 * it. This class is the one place main option names and defaults are written; the reader
 * checks the file against {@link #TABLE} and {@code -bP} prints from it.
 *
 * <p>Types and expansion flags are Exim's (readconf.c's option list and the specification);
 * defaults are those the reference build prints with {@code -bP}, except where the value
 * belongs to an installation rather than to Exim: {@code exim_user} and {@code exim_group}
 * are unset (Exim's are compiled in), and {@code primary_hostname}, {@code qualify_domain},
 * {@code qualify_recipient} and {@code process_log_path} are worked out when the file has
 * been read, as Exim works them out. Options of features the reference build leaves out
 * are listed in {@link #NOT_IN_REFERENCE_BUILD}: they are refused as unknown, as that
 * build refuses them. The exceptions are {@code acl_smtp_mime} and {@code acl_not_smtp_mime}
 * (content scanning's MIME ACLs), which Osprey implements as Exim's WITH_CONTENT_SCAN build has
 * them, left out of {@code -bP}'s full listing as the reference build has no such lines.
 */
public final class MainOptions {
    private static final List<ConfigOption<?>> ALL = new ArrayList<>();

    public static final ConfigOption<Boolean> ACCEPT_8BITMIME = add(bool("accept_8bitmime", true));
    public static final ConfigOption<String> ACL_NOT_SMTP = add(string("acl_not_smtp").expanded());
    public static final ConfigOption<String> ACL_NOT_SMTP_MIME =
            add(string("acl_not_smtp_mime").expanded().unlisted());
    public static final ConfigOption<String> ACL_NOT_SMTP_START = add(string("acl_not_smtp_start").expanded());
    public static final ConfigOption<String> ACL_SMTP_AUTH = add(string("acl_smtp_auth").expanded());
    public static final ConfigOption<String> ACL_SMTP_CONNECT = add(string("acl_smtp_connect").expanded());
    public static final ConfigOption<String> ACL_SMTP_DATA = add(string("acl_smtp_data").expanded());
    public static final ConfigOption<String> ACL_SMTP_DATA_PRDR =
            add(string("acl_smtp_data_prdr", "accept").expanded());
    public static final ConfigOption<String> ACL_SMTP_DKIM = add(string("acl_smtp_dkim").expanded());
    public static final ConfigOption<String> ACL_SMTP_ETRN = add(string("acl_smtp_etrn").expanded());
    public static final ConfigOption<String> ACL_SMTP_EXPN = add(string("acl_smtp_expn").expanded());
    public static final ConfigOption<String> ACL_SMTP_HELO = add(string("acl_smtp_helo").expanded());
    public static final ConfigOption<String> ACL_SMTP_MAIL = add(string("acl_smtp_mail").expanded());
    public static final ConfigOption<String> ACL_SMTP_MAILAUTH = add(string("acl_smtp_mailauth").expanded());
    /**
     * Content scanning's MIME ACL, which Osprey has although the reference build is made
     * without it: unlisted, so that {@code -bP} prints what that build prints.
     */
    public static final ConfigOption<String> ACL_SMTP_MIME = add(string("acl_smtp_mime").expanded().unlisted());
    public static final ConfigOption<String> ACL_SMTP_NOTQUIT = add(string("acl_smtp_notquit").expanded());
    public static final ConfigOption<String> ACL_SMTP_PREDATA = add(string("acl_smtp_predata").expanded());
    public static final ConfigOption<String> ACL_SMTP_QUIT = add(string("acl_smtp_quit").expanded());
    public static final ConfigOption<String> ACL_SMTP_RCPT = add(string("acl_smtp_rcpt").expanded());
    public static final ConfigOption<String> ACL_SMTP_STARTTLS = add(string("acl_smtp_starttls").expanded());
    public static final ConfigOption<String> ACL_SMTP_VRFY = add(string("acl_smtp_vrfy").expanded());
    public static final ConfigOption<String> ADD_ENVIRONMENT = add(string("add_environment"));
    public static final ConfigOption<List<Long>> ADMIN_GROUPS = add(groupList("admin_groups").expanded());
    public static final ConfigOption<Boolean> ALLOW_DOMAIN_LITERALS = add(bool("allow_domain_literals", false));
    public static final ConfigOption<Boolean> ALLOW_MX_TO_IP = add(bool("allow_mx_to_ip", false));
    public static final ConfigOption<Boolean> ALLOW_UTF8_DOMAINS = add(bool("allow_utf8_domains", false));
    public static final ConfigOption<String> AUTH_ADVERTISE_HOSTS = add(string("auth_advertise_hosts", "*").expanded());
    public static final ConfigOption<Duration> AUTO_THAW = add(time("auto_thaw", "0s"));
    public static final ConfigOption<String> BI_COMMAND = add(string("bi_command"));
    public static final ConfigOption<String> BOUNCE_MESSAGE_FILE = add(string("bounce_message_file").expanded());
    public static final ConfigOption<String> BOUNCE_MESSAGE_TEXT = add(string("bounce_message_text"));
    public static final ConfigOption<Boolean> BOUNCE_RETURN_BODY = add(bool("bounce_return_body", true));
    public static final ConfigOption<Integer> BOUNCE_RETURN_LINESIZE_LIMIT =
            add(sizedInteger("bounce_return_linesize_limit", 998));
    public static final ConfigOption<Boolean> BOUNCE_RETURN_MESSAGE = add(bool("bounce_return_message", true));
    public static final ConfigOption<Integer> BOUNCE_RETURN_SIZE_LIMIT =
            add(sizedInteger("bounce_return_size_limit", 100 * 1024));
    public static final ConfigOption<String> BOUNCE_SENDER_AUTHENTICATION = add(string("bounce_sender_authentication"));
    public static final ConfigOption<Duration> CALLOUT_DOMAIN_NEGATIVE_EXPIRE =
            add(time("callout_domain_negative_expire", "3h"));
    public static final ConfigOption<Duration> CALLOUT_DOMAIN_POSITIVE_EXPIRE =
            add(time("callout_domain_positive_expire", "1w"));
    public static final ConfigOption<Duration> CALLOUT_NEGATIVE_EXPIRE = add(time("callout_negative_expire", "2h"));
    public static final ConfigOption<Duration> CALLOUT_POSITIVE_EXPIRE = add(time("callout_positive_expire", "1d"));
    public static final ConfigOption<String> CALLOUT_RANDOM_LOCAL_PART =
            add(string("callout_random_local_part", "$primary_hostname-$tod_epoch-testing").expanded());
    public static final ConfigOption<Integer> CHECK_LOG_INODES = add(integer("check_log_inodes", 100));
    public static final ConfigOption<Long> CHECK_LOG_SPACE = add(kilobytes("check_log_space", 10L * 1024));
    public static final ConfigOption<Boolean> CHECK_RFC2047_LENGTH = add(bool("check_rfc2047_length", true));
    public static final ConfigOption<Integer> CHECK_SPOOL_INODES = add(integer("check_spool_inodes", 100));
    public static final ConfigOption<Long> CHECK_SPOOL_SPACE = add(kilobytes("check_spool_space", 10L * 1024));
    public static final ConfigOption<String> CHUNKING_ADVERTISE_HOSTS =
            add(string("chunking_advertise_hosts", "*").expanded());
    public static final ConfigOption<Boolean> COMMANDLINE_CHECKS_REQUIRE_ADMIN =
            add(bool("commandline_checks_require_admin", false));
    public static final ConfigOption<String> DAEMON_SMTP_PORT =
            add(string("daemon_smtp_port").aliasOf("daemon_smtp_ports"));
    public static final ConfigOption<String> DAEMON_SMTP_PORTS = add(string("daemon_smtp_ports", "smtp"));
    public static final ConfigOption<Integer> DAEMON_STARTUP_RETRIES = add(integer("daemon_startup_retries", 9));
    public static final ConfigOption<Duration> DAEMON_STARTUP_SLEEP = add(time("daemon_startup_sleep", "30s"));
    public static final ConfigOption<Boolean> DEBUG_STORE = add(bool("debug_store", false));
    public static final ConfigOption<List<Duration>> DELAY_WARNING = add(timeList("delay_warning", "1d"));
    public static final ConfigOption<String> DELAY_WARNING_CONDITION =
            add(string("delay_warning_condition", "${if or {{ !eq{$h_list-id:$h_list-post:$h_list-subscribe:}{} }{ match{$h_precedence:}{(?i)bulk|list|junk} }{ match{$h_auto-submitted:}{(?i)auto-generated|auto-replied} }} {no}{yes}}").expanded());
    public static final ConfigOption<Boolean> DELIVER_DROP_PRIVILEGE = add(bool("deliver_drop_privilege", false));
    public static final ConfigOption<BigDecimal> DELIVER_QUEUE_LOAD_MAX = add(fixedPoint("deliver_queue_load_max"));
    public static final ConfigOption<Boolean> DELIVERY_DATE_REMOVE = add(bool("delivery_date_remove", true));
    public static final ConfigOption<Boolean> DISABLE_IPV6 = add(bool("disable_ipv6", false));
    public static final ConfigOption<String> DKIM_VERIFY_HASHES = add(string("dkim_verify_hashes", "sha256:sha512"));
    public static final ConfigOption<String> DKIM_VERIFY_KEYTYPES = add(string("dkim_verify_keytypes", "ed25519:rsa"));
    public static final ConfigOption<String> DKIM_VERIFY_MIN_KEYSIZES =
            add(string("dkim_verify_min_keysizes", "rsa=1024 ed25519=250"));
    public static final ConfigOption<Boolean> DKIM_VERIFY_MINIMAL = add(bool("dkim_verify_minimal", false));
    public static final ConfigOption<String> DKIM_VERIFY_SIGNERS =
            add(string("dkim_verify_signers", "$dkim_signers").expanded());
    public static final ConfigOption<String> DNS_AGAIN_MEANS_NONEXIST =
            add(string("dns_again_means_nonexist").expanded());
    public static final ConfigOption<String> DNS_CHECK_NAMES_PATTERN =
            add(string("dns_check_names_pattern", "(?i)^(?>(?(1)\\.|())[^\\W](?>[a-z0-9/_-]*[^\\W])?)+(\\.?)$"));
    public static final ConfigOption<Integer> DNS_CNAME_LOOPS = add(integer("dns_cname_loops", 1));
    public static final ConfigOption<Integer> DNS_CSA_SEARCH_LIMIT = add(integer("dns_csa_search_limit", 5));
    public static final ConfigOption<Boolean> DNS_CSA_USE_REVERSE = add(bool("dns_csa_use_reverse", true));
    public static final ConfigOption<Integer> DNS_DNSSEC_OK = add(integer("dns_dnssec_ok", -1));
    public static final ConfigOption<String> DNS_IPV4_LOOKUP = add(string("dns_ipv4_lookup").expanded());
    public static final ConfigOption<Duration> DNS_RETRANS = add(time("dns_retrans", "0s"));
    public static final ConfigOption<Integer> DNS_RETRY = add(integer("dns_retry", 0));
    public static final ConfigOption<String> DNS_TRUST_AA = add(string("dns_trust_aa").expanded());
    public static final ConfigOption<Integer> DNS_USE_EDNS0 = add(integer("dns_use_edns0", -1));
    public static final ConfigOption<Boolean> DROP_CR = add(bool("drop_cr", false));
    public static final ConfigOption<String> DSN_ADVERTISE_HOSTS = add(string("dsn_advertise_hosts").expanded());
    public static final ConfigOption<String> DSN_FROM =
            add(string("dsn_from", "Mail Delivery System <Mailer-Daemon@$qualify_domain>").expanded());
    public static final ConfigOption<Boolean> ENVELOPE_TO_REMOVE = add(bool("envelope_to_remove", true));
    public static final ConfigOption<String> ERRORS_COPY = add(string("errors_copy").expanded());
    public static final ConfigOption<String> ERRORS_REPLY_TO = add(string("errors_reply_to"));
    public static final ConfigOption<String> EVENT_ACTION = add(string("event_action").expanded());
    public static final ConfigOption<Long> EXIM_GROUP = add(group("exim_group"));
    public static final ConfigOption<String> EXIM_PATH = add(string("exim_path", "/usr/sbin/exim4"));
    public static final ConfigOption<Long> EXIM_USER = add(user("exim_user"));
    public static final ConfigOption<String> EXIM_VERSION = add(string("exim_version", "4.96"));
    public static final ConfigOption<String> EXTRA_LOCAL_INTERFACES = add(string("extra_local_interfaces"));
    public static final ConfigOption<Boolean> EXTRACT_ADDRESSES_REMOVE_ARGUMENTS =
            add(bool("extract_addresses_remove_arguments", true));
    public static final ConfigOption<Integer> FINDUSER_RETRIES = add(integer("finduser_retries", 0));
    public static final ConfigOption<String> FREEZE_TELL = add(string("freeze_tell"));
    public static final ConfigOption<String> GECOS_NAME = add(string("gecos_name").expanded());
    public static final ConfigOption<String> GECOS_PATTERN = add(string("gecos_pattern"));
    public static final ConfigOption<Boolean> GNUTLS_ALLOW_AUTO_PKCS11 = add(bool("gnutls_allow_auto_pkcs11", false));
    public static final ConfigOption<Boolean> GNUTLS_COMPAT_MODE = add(bool("gnutls_compat_mode", false));
    public static final ConfigOption<Integer> HEADER_LINE_MAXSIZE = add(integer("header_line_maxsize", 0));
    public static final ConfigOption<Integer> HEADER_MAXSIZE = add(integer("header_maxsize", 1048576));
    public static final ConfigOption<String> HEADERS_CHARSET = add(string("headers_charset", "UTF-8"));
    public static final ConfigOption<String> HELO_ACCEPT_JUNK_HOSTS = add(string("helo_accept_junk_hosts").expanded());
    public static final ConfigOption<String> HELO_ALLOW_CHARS = add(string("helo_allow_chars"));
    public static final ConfigOption<String> HELO_LOOKUP_DOMAINS =
            add(string("helo_lookup_domains", "@ : @[]").expanded());
    public static final ConfigOption<String> HELO_TRY_VERIFY_HOSTS = add(string("helo_try_verify_hosts").expanded());
    public static final ConfigOption<String> HELO_VERIFY_HOSTS = add(string("helo_verify_hosts").expanded());
    public static final ConfigOption<String> HOLD_DOMAINS = add(string("hold_domains").expanded());
    public static final ConfigOption<String> HOST_LOOKUP = add(string("host_lookup").expanded());
    public static final ConfigOption<String> HOST_LOOKUP_ORDER = add(string("host_lookup_order", "bydns:byaddr"));
    public static final ConfigOption<String> HOST_REJECT_CONNECTION = add(string("host_reject_connection").expanded());
    public static final ConfigOption<String> HOSTS_CONNECTION_NOLOG = add(string("hosts_connection_nolog").expanded());
    public static final ConfigOption<String> HOSTS_REQUIRE_ALPN = add(string("hosts_require_alpn").expanded());
    public static final ConfigOption<String> HOSTS_REQUIRE_HELO = add(string("hosts_require_helo", "*").expanded());
    public static final ConfigOption<String> HOSTS_TREAT_AS_LOCAL = add(string("hosts_treat_as_local").expanded());
    public static final ConfigOption<Duration> IGNORE_BOUNCE_ERRORS_AFTER =
            add(time("ignore_bounce_errors_after", "10w"));
    public static final ConfigOption<String> IGNORE_FROMLINE_HOSTS = add(string("ignore_fromline_hosts").expanded());
    public static final ConfigOption<Boolean> IGNORE_FROMLINE_LOCAL = add(bool("ignore_fromline_local", false));
    public static final ConfigOption<String> KEEP_ENVIRONMENT = add(string("keep_environment"));
    public static final ConfigOption<Duration> KEEP_MALFORMED = add(time("keep_malformed", "4d"));
    public static final ConfigOption<Boolean> LOCAL_FROM_CHECK = add(bool("local_from_check", true));
    public static final ConfigOption<String> LOCAL_FROM_PREFIX = add(string("local_from_prefix"));
    public static final ConfigOption<String> LOCAL_FROM_SUFFIX = add(string("local_from_suffix"));
    public static final ConfigOption<String> LOCAL_INTERFACES = add(string("local_interfaces", "<; ::0 ; 0.0.0.0"));
    public static final ConfigOption<String> LOCAL_SCAN_PATH = add(string("local_scan_path"));
    public static final ConfigOption<Duration> LOCAL_SCAN_TIMEOUT = add(time("local_scan_timeout", "5m"));
    public static final ConfigOption<Boolean> LOCAL_SENDER_RETAIN = add(bool("local_sender_retain", false));
    public static final ConfigOption<String> LOCALHOST_NUMBER = add(string("localhost_number").expanded());
    public static final ConfigOption<String> LOG_FILE_PATH =
            add(string("log_file_path", "/var/log/exim4/%slog").expanded());
    public static final ConfigOption<String> LOG_SELECTOR = add(string("log_selector"));
    public static final ConfigOption<Boolean> LOG_TIMEZONE = add(bool("log_timezone", false));
    public static final ConfigOption<Integer> LOOKUP_OPEN_MAX = add(integer("lookup_open_max", 25));
    public static final ConfigOption<Integer> MAX_USERNAME_LENGTH = add(integer("max_username_length", 0));
    public static final ConfigOption<Boolean> MESSAGE_BODY_NEWLINES = add(bool("message_body_newlines", false));
    public static final ConfigOption<Integer> MESSAGE_BODY_VISIBLE = add(sizedInteger("message_body_visible", 500));
    public static final ConfigOption<String> MESSAGE_ID_HEADER_DOMAIN =
            add(string("message_id_header_domain").expanded());
    public static final ConfigOption<String> MESSAGE_ID_HEADER_TEXT = add(string("message_id_header_text").expanded());
    public static final ConfigOption<Boolean> MESSAGE_LOGS = add(bool("message_logs", true));
    public static final ConfigOption<String> MESSAGE_SIZE_LIMIT = add(string("message_size_limit", "50M").expanded());
    public static final ConfigOption<Boolean> MOVE_FROZEN_MESSAGES = add(bool("move_frozen_messages", false));
    public static final ConfigOption<Boolean> MUA_WRAPPER = add(bool("mua_wrapper", false));
    public static final ConfigOption<List<Long>> NEVER_USERS = add(userList("never_users").expanded());
    public static final ConfigOption<String> NOTIFIER_SOCKET =
            add(string("notifier_socket", "$spool_directory/exim_daemon_notify"));
    public static final ConfigOption<String> OPENSSL_OPTIONS = add(string("openssl_options"));
    public static final ConfigOption<String> PERCENT_HACK_DOMAINS = add(string("percent_hack_domains").expanded());
    public static final ConfigOption<String> PID_FILE_PATH =
            add(string("pid_file_path", "/run/exim4/exim.pid").expanded());
    public static final ConfigOption<String> PIPELINING_ADVERTISE_HOSTS =
            add(string("pipelining_advertise_hosts", "*").expanded());
    public static final ConfigOption<String> PIPELINING_CONNECT_ADVERTISE_HOSTS =
            add(string("pipelining_connect_advertise_hosts", "*").expanded());
    public static final ConfigOption<Boolean> PRDR_ENABLE = add(bool("prdr_enable", false));
    public static final ConfigOption<Boolean> PRESERVE_MESSAGE_LOGS = add(bool("preserve_message_logs", false));
    public static final ConfigOption<String> PRIMARY_HOSTNAME = add(string("primary_hostname"));
    public static final ConfigOption<Boolean> PRINT_TOPBITCHARS = add(bool("print_topbitchars", false));
    public static final ConfigOption<String> PROCESS_LOG_PATH = add(string("process_log_path"));
    public static final ConfigOption<Boolean> PROD_REQUIRES_ADMIN = add(bool("prod_requires_admin", true));
    public static final ConfigOption<String> QUALIFY_DOMAIN = add(string("qualify_domain"));
    public static final ConfigOption<String> QUALIFY_RECIPIENT = add(string("qualify_recipient"));
    public static final ConfigOption<String> QUEUE_DOMAINS = add(string("queue_domains").expanded());
    public static final ConfigOption<Boolean> QUEUE_FAST_RAMP = add(bool("queue_fast_ramp", false));
    public static final ConfigOption<Boolean> QUEUE_LIST_REQUIRES_ADMIN = add(bool("queue_list_requires_admin", true));
    public static final ConfigOption<Boolean> QUEUE_ONLY = add(bool("queue_only", false));
    public static final ConfigOption<String> QUEUE_ONLY_FILE = add(string("queue_only_file"));
    public static final ConfigOption<BigDecimal> QUEUE_ONLY_LOAD = add(fixedPoint("queue_only_load"));
    public static final ConfigOption<Boolean> QUEUE_ONLY_LOAD_LATCH = add(bool("queue_only_load_latch", true));
    public static final ConfigOption<Boolean> QUEUE_ONLY_OVERRIDE = add(bool("queue_only_override", true));
    public static final ConfigOption<Boolean> QUEUE_RUN_IN_ORDER = add(bool("queue_run_in_order", false));
    public static final ConfigOption<String> QUEUE_RUN_MAX = add(string("queue_run_max", "5").expanded());
    public static final ConfigOption<String> QUEUE_SMTP_DOMAINS = add(string("queue_smtp_domains").expanded());
    public static final ConfigOption<Duration> RECEIVE_TIMEOUT = add(time("receive_timeout", "0s"));
    public static final ConfigOption<String> RECEIVED_HEADER_TEXT =
            add(string("received_header_text", "Received: ${if def:sender_rcvhost {from $sender_rcvhost\n\t}{${if def:sender_ident {from ${quote_local_part:$sender_ident} }}${if def:sender_helo_name {(helo=$sender_helo_name)\n\t}}}}by $primary_hostname ${if def:received_protocol {with $received_protocol }}${if def:tls_in_ver        { ($tls_in_ver)}}${if def:tls_in_cipher_std { tls $tls_in_cipher_std\n\t}}(Exim $version_number)\n\t${if def:sender_address {(envelope-from <$sender_address>)\n\t}}id $message_exim_id${if def:received_for {\n\tfor $received_for}}").expanded());
    public static final ConfigOption<Integer> RECEIVED_HEADERS_MAX = add(integer("received_headers_max", 30));
    public static final ConfigOption<String> RECIPIENT_UNQUALIFIED_HOSTS =
            add(string("recipient_unqualified_hosts").expanded());
    public static final ConfigOption<Integer> RECIPIENTS_MAX = add(integer("recipients_max", 50000));
    public static final ConfigOption<Boolean> RECIPIENTS_MAX_REJECT = add(bool("recipients_max_reject", false));
    public static final ConfigOption<Integer> REMOTE_MAX_PARALLEL = add(integer("remote_max_parallel", 2));
    public static final ConfigOption<String> REMOTE_SORT_DOMAINS = add(string("remote_sort_domains").expanded());
    public static final ConfigOption<Duration> RETRY_DATA_EXPIRE = add(time("retry_data_expire", "1w"));
    public static final ConfigOption<Duration> RETRY_INTERVAL_MAX = add(time("retry_interval_max", "1d"));
    public static final ConfigOption<Boolean> RETURN_PATH_REMOVE = add(bool("return_path_remove", true));
    public static final ConfigOption<Integer> RETURN_SIZE_LIMIT =
            add(sizedInteger("return_size_limit", 100 * 1024).aliasOf("bounce_return_size_limit"));
    public static final ConfigOption<String> RFC1413_HOSTS = add(string("rfc1413_hosts", "@[]").expanded());
    public static final ConfigOption<Duration> RFC1413_QUERY_TIMEOUT = add(time("rfc1413_query_timeout", "0s"));
    public static final ConfigOption<String> SENDER_UNQUALIFIED_HOSTS =
            add(string("sender_unqualified_hosts").expanded());
    public static final ConfigOption<Integer> SLOW_LOOKUP_LOG = add(integer("slow_lookup_log", 0));
    public static final ConfigOption<Boolean> SMTP_ACCEPT_KEEPALIVE = add(bool("smtp_accept_keepalive", true));
    public static final ConfigOption<Integer> SMTP_ACCEPT_MAX = add(integer("smtp_accept_max", 20));
    public static final ConfigOption<Integer> SMTP_ACCEPT_MAX_NONMAIL = add(integer("smtp_accept_max_nonmail", 10));
    public static final ConfigOption<String> SMTP_ACCEPT_MAX_NONMAIL_HOSTS =
            add(string("smtp_accept_max_nonmail_hosts", "*").expanded());
    public static final ConfigOption<String> SMTP_ACCEPT_MAX_PER_CONNECTION =
            add(string("smtp_accept_max_per_connection", "1000"));
    public static final ConfigOption<String> SMTP_ACCEPT_MAX_PER_HOST =
            add(string("smtp_accept_max_per_host").expanded());
    public static final ConfigOption<Integer> SMTP_ACCEPT_QUEUE = add(integer("smtp_accept_queue", 0));
    public static final ConfigOption<Integer> SMTP_ACCEPT_QUEUE_PER_CONNECTION =
            add(integer("smtp_accept_queue_per_connection", 10));
    public static final ConfigOption<Integer> SMTP_ACCEPT_RESERVE = add(integer("smtp_accept_reserve", 0));
    public static final ConfigOption<String> SMTP_ACTIVE_HOSTNAME = add(string("smtp_active_hostname").expanded());
    public static final ConfigOption<Integer> SMTP_BACKLOG_MONITOR = add(integer("smtp_backlog_monitor", 0));
    public static final ConfigOption<String> SMTP_BANNER =
            add(string("smtp_banner", "$smtp_active_hostname ESMTP Exim $version_number $tod_full").expanded());
    public static final ConfigOption<Boolean> SMTP_CHECK_SPOOL_SPACE = add(bool("smtp_check_spool_space", true));
    public static final ConfigOption<Integer> SMTP_CONNECT_BACKLOG = add(integer("smtp_connect_backlog", 20));
    public static final ConfigOption<Boolean> SMTP_ENFORCE_SYNC = add(bool("smtp_enforce_sync", true));
    public static final ConfigOption<String> SMTP_ETRN_COMMAND = add(string("smtp_etrn_command").expanded());
    public static final ConfigOption<Boolean> SMTP_ETRN_SERIALIZE = add(bool("smtp_etrn_serialize", true));
    public static final ConfigOption<BigDecimal> SMTP_LOAD_RESERVE = add(fixedPoint("smtp_load_reserve"));
    public static final ConfigOption<Integer> SMTP_MAX_SYNPROT_ERRORS = add(integer("smtp_max_synprot_errors", 3));
    public static final ConfigOption<Integer> SMTP_MAX_UNKNOWN_COMMANDS = add(integer("smtp_max_unknown_commands", 3));
    public static final ConfigOption<String> SMTP_RATELIMIT_HOSTS = add(string("smtp_ratelimit_hosts").expanded());
    public static final ConfigOption<String> SMTP_RATELIMIT_MAIL = add(string("smtp_ratelimit_mail"));
    public static final ConfigOption<String> SMTP_RATELIMIT_RCPT = add(string("smtp_ratelimit_rcpt"));
    public static final ConfigOption<TimeOrExpansion> SMTP_RECEIVE_TIMEOUT =
            add(timeOrExpansion("smtp_receive_timeout", "5m").expanded());
    public static final ConfigOption<String> SMTP_RESERVE_HOSTS = add(string("smtp_reserve_hosts").expanded());
    public static final ConfigOption<Boolean> SMTP_RETURN_ERROR_DETAILS = add(bool("smtp_return_error_details", false));
    public static final ConfigOption<String> SMTPUTF8_ADVERTISE_HOSTS =
            add(string("smtputf8_advertise_hosts", "*").expanded());
    public static final ConfigOption<Boolean> SPLIT_SPOOL_DIRECTORY = add(bool("split_spool_directory", false));
    public static final ConfigOption<String> SPOOL_DIRECTORY =
            add(string("spool_directory", "/var/spool/exim4").expanded());
    public static final ConfigOption<Boolean> SPOOL_WIREFORMAT = add(bool("spool_wireformat", false));
    public static final ConfigOption<Boolean> STRICT_ACL_VARS = add(bool("strict_acl_vars", false));
    public static final ConfigOption<Boolean> STRIP_EXCESS_ANGLE_BRACKETS =
            add(bool("strip_excess_angle_brackets", false));
    public static final ConfigOption<Boolean> STRIP_TRAILING_DOT = add(bool("strip_trailing_dot", false));
    public static final ConfigOption<Boolean> SYSLOG_DUPLICATION = add(bool("syslog_duplication", true));
    public static final ConfigOption<String> SYSLOG_FACILITY = add(string("syslog_facility"));
    public static final ConfigOption<Boolean> SYSLOG_PID = add(bool("syslog_pid", true));
    public static final ConfigOption<String> SYSLOG_PROCESSNAME = add(string("syslog_processname", "exim"));
    public static final ConfigOption<Boolean> SYSLOG_TIMESTAMP = add(bool("syslog_timestamp", true));
    public static final ConfigOption<String> SYSTEM_FILTER = add(string("system_filter").expanded());
    public static final ConfigOption<String> SYSTEM_FILTER_DIRECTORY_TRANSPORT =
            add(string("system_filter_directory_transport").expanded());
    public static final ConfigOption<String> SYSTEM_FILTER_FILE_TRANSPORT =
            add(string("system_filter_file_transport").expanded());
    public static final ConfigOption<Long> SYSTEM_FILTER_GROUP = add(group("system_filter_group"));
    public static final ConfigOption<String> SYSTEM_FILTER_PIPE_TRANSPORT =
            add(string("system_filter_pipe_transport").expanded());
    public static final ConfigOption<String> SYSTEM_FILTER_REPLY_TRANSPORT =
            add(string("system_filter_reply_transport").expanded());
    public static final ConfigOption<Long> SYSTEM_FILTER_USER = add(user("system_filter_user"));
    public static final ConfigOption<Boolean> TCP_NODELAY = add(bool("tcp_nodelay", true));
    public static final ConfigOption<Duration> TIMEOUT_FROZEN_AFTER = add(time("timeout_frozen_after", "0s"));
    public static final ConfigOption<String> TIMEZONE = add(string("timezone"));
    public static final ConfigOption<String> TLS_ADVERTISE_HOSTS = add(string("tls_advertise_hosts", "*").expanded());
    public static final ConfigOption<String> TLS_ALPN = add(string("tls_alpn", "smtp:esmtp").expanded());
    public static final ConfigOption<String> TLS_CERTIFICATE = add(string("tls_certificate").expanded());
    public static final ConfigOption<String> TLS_CRL = add(string("tls_crl").expanded());
    public static final ConfigOption<Integer> TLS_DH_MAX_BITS = add(integer("tls_dh_max_bits", 2236));
    public static final ConfigOption<String> TLS_DHPARAM = add(string("tls_dhparam").expanded());
    public static final ConfigOption<String> TLS_ECCURVE = add(string("tls_eccurve", "auto").expanded());
    public static final ConfigOption<String> TLS_OCSP_FILE = add(string("tls_ocsp_file").expanded());
    public static final ConfigOption<String> TLS_ON_CONNECT_PORTS = add(string("tls_on_connect_ports"));
    public static final ConfigOption<String> TLS_PRIVATEKEY = add(string("tls_privatekey").expanded());
    public static final ConfigOption<Boolean> TLS_REMEMBER_ESMTP = add(bool("tls_remember_esmtp", false));
    public static final ConfigOption<String> TLS_REQUIRE_CIPHERS = add(string("tls_require_ciphers").expanded());
    public static final ConfigOption<String> TLS_RESUMPTION_HOSTS = add(string("tls_resumption_hosts").expanded());
    public static final ConfigOption<String> TLS_TRY_VERIFY_HOSTS = add(string("tls_try_verify_hosts").expanded());
    public static final ConfigOption<String> TLS_VERIFY_CERTIFICATES =
            add(string("tls_verify_certificates", "system").expanded());
    public static final ConfigOption<String> TLS_VERIFY_HOSTS = add(string("tls_verify_hosts").expanded());
    public static final ConfigOption<List<Long>> TRUSTED_GROUPS = add(groupList("trusted_groups").expanded());
    public static final ConfigOption<List<Long>> TRUSTED_USERS = add(userList("trusted_users").expanded());
    public static final ConfigOption<String> UNKNOWN_LOGIN = add(string("unknown_login").expanded());
    public static final ConfigOption<String> UNKNOWN_USERNAME = add(string("unknown_username"));
    public static final ConfigOption<String> UNTRUSTED_SET_SENDER = add(string("untrusted_set_sender").expanded());
    public static final ConfigOption<String> UUCP_FROM_PATTERN =
            add(string("uucp_from_pattern", "^From\\s+(\\S+)\\s+(?:[a-zA-Z]{3},?\\s+)?(?:[a-zA-Z]{3}\\s+\\d?\\d|\\d?\\d\\s+[a-zA-Z]{3}\\s+\\d\\d(?:\\d\\d)?)\\s+\\d\\d?:\\d\\d?"));
    public static final ConfigOption<String> UUCP_FROM_SENDER = add(string("uucp_from_sender", "$1").expanded());
    public static final ConfigOption<String> WARN_MESSAGE_FILE = add(string("warn_message_file").expanded());
    public static final ConfigOption<Boolean> WRITE_REJECTLOG = add(bool("write_rejectlog", true));

    /** The table of every main option, hidden aliases included. */
    public static final ConfigOptionTable TABLE = ConfigOptionTable.of("main", ALL);

    /**
     * Main options of Exim 4.96 that belong to features the reference build is made without
     * (content scanning, LDAP and SQL lookups, Perl, SPF, DMARC, PROXY, experimental
     * features ...). That build refuses them as unknown options, and so does Osprey.
     */
    public static final Set<String> NOT_IN_REFERENCE_BUILD = Set.of(
            "av_scanner", "bmi_config_file", "dcc_direct_add_header",
            "dccifd_address", "dccifd_options", "disable_fsync", "dmarc_forensic_sender", "dmarc_history_file",
            "dmarc_tld_file", "hosts_proxy", "ibase_servers", "ldap_ca_cert_dir", "ldap_ca_cert_file",
            "ldap_cert_file", "ldap_cert_key", "ldap_cipher_suite", "ldap_default_servers", "ldap_require_cert",
            "ldap_start_tls", "ldap_version", "limits_advertise_hosts", "mysql_servers", "oracle_servers",
            "perl_at_start", "perl_startup", "perl_taintmode", "pgsql_servers", "proxy_protocol_timeout",
            "redis_servers", "spamd_address", "spf_guess", "spf_smtp_comment_template", "sqlite_dbfile",
            "sqlite_lock_timeout", "tcp_wrappers_daemon_name");

    private MainOptions() {
    }

    private static <T> ConfigOption<T> add(ConfigOption<T> option) {
        ALL.add(option);
        return option;
    }
}
