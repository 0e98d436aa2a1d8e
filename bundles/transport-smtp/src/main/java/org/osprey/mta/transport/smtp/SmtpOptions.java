package org.osprey.mta.transport.smtp;

import java.time.Duration;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.option.OptionType;

/**
 * The smtp transport's private options: the single place their names, types and defaults
 * are written (Exim's smtp_transport_options[] and its defaults block in
 * transports/smtp.c).
 *
 * <p>Every option of the seed chapter that Exim 4.96 still has is here with Exim's
 * default, so that a configuration written for Exim is read unchanged. The engine acts on
 * {@code multi_domain} and {@code max_rcpt} when it batches addresses. Of Exim 4.96's options
 * outside the seed, hosts_try_chunking and hosts_try_prdr are here; the others (DANE, DKIM,
 * OCSP, SOCKS ...) are refused as unknown.
 * The seed's gnutls_require_kx, gnutls_require_mac, gnutls_require_protocols and
 * gnutls_compat_mode are gone from Exim 4.96, which refuses them too.
 */
final class SmtpOptions {
    static final Option<Boolean> ADDRESS_RETRY_INCLUDE_SENDER = Option.bool("address_retry_include_sender", true);
    static final Option<String> AUTHENTICATED_SENDER = Option.string("authenticated_sender", null).expanded();
    static final Option<Boolean> AUTHENTICATED_SENDER_FORCE = Option.bool("authenticated_sender_force", false);
    static final Option<Boolean> ALLOW_LOCALHOST = Option.bool("allow_localhost", false);
    static final Option<Duration> COMMAND_TIMEOUT = Option.time("command_timeout", Duration.ofMinutes(5));
    /** Messages over one connection, the first included (connection reuse); 0 for no limit. */
    static final Option<Integer> CONNECTION_MAX_MESSAGES = Option.integer("connection_max_messages", 500);
    static final Option<Duration> CONNECT_TIMEOUT = Option.time("connect_timeout", Duration.ofMinutes(5));
    static final Option<Duration> DATA_TIMEOUT = Option.time("data_timeout", Duration.ofMinutes(5));
    static final Option<Boolean> DELAY_AFTER_CUTOFF = Option.bool("delay_after_cutoff", true);
    static final Option<Boolean> DNS_QUALIFY_SINGLE = Option.bool("dns_qualify_single", true);
    static final Option<Boolean> DNS_SEARCH_PARENTS = Option.bool("dns_search_parents", false);
    /** Not expanded, as in Exim: names (looked up when needed) or addresses, optionally with ports. */
    static final Option<String> FALLBACK_HOSTS = Option.of("fallback_hosts", OptionType.STRING_LIST, null);
    static final Option<Duration> FINAL_TIMEOUT = Option.time("final_timeout", Duration.ofMinutes(10));
    static final Option<Boolean> GETHOSTBYNAME = Option.bool("gethostbyname", false);
    static final Option<String> HELO_DATA = Option.string("helo_data", "$primary_hostname").expanded();
    static final Option<String> HOSTS = Option.of("hosts", OptionType.STRING_LIST, null).expanded();
    static final Option<String> HOSTS_AVOID_ESMTP = Option.of("hosts_avoid_esmtp", OptionType.HOST_LIST, null);
    static final Option<String> HOSTS_AVOID_PIPELINING =
            Option.of("hosts_avoid_pipelining", OptionType.HOST_LIST, null);
    static final Option<String> HOSTS_AVOID_TLS = Option.of("hosts_avoid_tls", OptionType.HOST_LIST, null);
    static final Option<String> HOSTS_REQUIRE_AUTH = Option.of("hosts_require_auth", OptionType.HOST_LIST, null);
    static final Option<String> HOSTS_REQUIRE_TLS = Option.of("hosts_require_tls", OptionType.HOST_LIST, null);
    static final Option<String> HOSTS_TRY_AUTH = Option.of("hosts_try_auth", OptionType.HOST_LIST, null);
    /** BDAT instead of DATA to these hosts when they offer CHUNKING (RFC 3030). */
    static final Option<String> HOSTS_TRY_CHUNKING = Option.of("hosts_try_chunking", OptionType.HOST_LIST, "*");
    /** MAIL ... PRDR to these hosts when they offer PRDR and the transaction has more than one recipient. */
    static final Option<String> HOSTS_TRY_PRDR = Option.of("hosts_try_prdr", OptionType.HOST_LIST, "*");
    static final Option<String> HOSTS_NOPASS_TLS = Option.of("hosts_nopass_tls", OptionType.HOST_LIST, null);
    static final Option<Integer> HOSTS_MAX_TRY = Option.integer("hosts_max_try", 5);
    static final Option<Integer> HOSTS_MAX_TRY_HARDLIMIT = Option.integer("hosts_max_try_hardlimit", 50);
    static final Option<Boolean> HOSTS_OVERRIDE = Option.bool("hosts_override", false);
    static final Option<Boolean> HOSTS_RANDOMIZE = Option.bool("hosts_randomize", false);
    /** The outgoing address: a list of IP addresses, expanded for each host; the first of the host's family is used. */
    static final Option<String> INTERFACE = Option.of("interface", OptionType.STRING_LIST, null).expanded();
    static final Option<Boolean> KEEPALIVE = Option.bool("keepalive", true);
    static final Option<Boolean> LMTP_IGNORE_QUOTA = Option.bool("lmtp_ignore_quota", false);
    static final Option<Integer> MAX_RCPT = Option.integer("max_rcpt", 100);
    /** A message with a longer line (as received: $max_received_linelength) fails without a connection. */
    static final Option<Integer> MESSAGE_LINELENGTH_LIMIT = Option.integer("message_linelength_limit", 998);
    /** Read by the engine, which batches addresses of different domains only when it is true. */
    static final Option<Boolean> MULTI_DOMAIN = Option.bool("multi_domain", true);
    static final Option<String> PORT = Option.string("port", "smtp").expanded();
    /** "smtp", "lmtp" (LHLO, a reply per recipient after the dot; default port "lmtp"), or "smtps" (TLS on connect, default port 465). */
    static final Option<String> PROTOCOL = Option.string("protocol", "smtp");
    static final Option<Boolean> RETRY_INCLUDE_IP_ADDRESS = Option.bool("retry_include_ip_address", true);
    static final Option<String> SERIALIZE_HOSTS = Option.of("serialize_hosts", OptionType.HOST_LIST, null);
    static final Option<Integer> SIZE_ADDITION = Option.integer("size_addition", 1024);
    static final Option<String> TLS_CERTIFICATE = Option.string("tls_certificate", null).expanded();
    static final Option<String> TLS_CRL = Option.string("tls_crl", null).expanded();
    static final Option<String> TLS_PRIVATEKEY = Option.string("tls_privatekey", null).expanded();
    static final Option<String> TLS_REQUIRE_CIPHERS = Option.string("tls_require_ciphers", null).expanded();
    static final Option<String> TLS_SNI = Option.string("tls_sni", null).expanded();
    static final Option<Boolean> TLS_TEMPFAIL_TRYCLEAR = Option.bool("tls_tempfail_tryclear", true);
    static final Option<String> TLS_TRY_VERIFY_HOSTS = Option.of("tls_try_verify_hosts", OptionType.HOST_LIST, "*");
    static final Option<String> TLS_VERIFY_CERT_HOSTNAMES =
            Option.of("tls_verify_cert_hostnames", OptionType.HOST_LIST, "*");
    static final Option<String> TLS_VERIFY_CERTIFICATES = Option.string("tls_verify_certificates", "system").expanded();
    static final Option<String> TLS_VERIFY_HOSTS = Option.of("tls_verify_hosts", OptionType.HOST_LIST, null);

    static final OptionTable TABLE = OptionTable.of(
            ADDRESS_RETRY_INCLUDE_SENDER,
            ALLOW_LOCALHOST,
            AUTHENTICATED_SENDER,
            AUTHENTICATED_SENDER_FORCE,
            COMMAND_TIMEOUT,
            CONNECTION_MAX_MESSAGES,
            CONNECT_TIMEOUT,
            DATA_TIMEOUT,
            DELAY_AFTER_CUTOFF,
            DNS_QUALIFY_SINGLE,
            DNS_SEARCH_PARENTS,
            FALLBACK_HOSTS,
            FINAL_TIMEOUT,
            GETHOSTBYNAME,
            HELO_DATA,
            HOSTS,
            HOSTS_AVOID_ESMTP,
            HOSTS_AVOID_PIPELINING,
            HOSTS_AVOID_TLS,
            HOSTS_MAX_TRY,
            HOSTS_MAX_TRY_HARDLIMIT,
            HOSTS_NOPASS_TLS,
            HOSTS_OVERRIDE,
            HOSTS_RANDOMIZE,
            HOSTS_REQUIRE_AUTH,
            HOSTS_REQUIRE_TLS,
            HOSTS_TRY_AUTH,
            HOSTS_TRY_CHUNKING,
            HOSTS_TRY_PRDR,
            INTERFACE,
            KEEPALIVE,
            LMTP_IGNORE_QUOTA,
            MAX_RCPT,
            MESSAGE_LINELENGTH_LIMIT,
            MULTI_DOMAIN,
            PORT,
            PROTOCOL,
            RETRY_INCLUDE_IP_ADDRESS,
            SERIALIZE_HOSTS,
            SIZE_ADDITION,
            TLS_CERTIFICATE,
            TLS_CRL,
            TLS_PRIVATEKEY,
            TLS_REQUIRE_CIPHERS,
            TLS_SNI,
            TLS_TEMPFAIL_TRYCLEAR,
            TLS_TRY_VERIFY_HOSTS,
            TLS_VERIFY_CERTIFICATES,
            TLS_VERIFY_CERT_HOSTNAMES,
            TLS_VERIFY_HOSTS);

    private SmtpOptions() {
    }
}
