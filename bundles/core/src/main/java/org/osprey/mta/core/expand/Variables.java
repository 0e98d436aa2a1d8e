package org.osprey.mta.core.expand;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.osprey.mta.kernel.model.Header;

/**
 * Exim's variables: which names exist (the table of Exim 4.96 as Debian builds it, with DKIM,
 * TLS, events, PRDR, SRS and internationalisation; of content scanning only those of the MIME ACL,
 * {@code mime_regex} and {@code decode}), what they read as
 * when the context does not set them, and the ones the engine works out itself (times, the
 * configuration's host names, parts of the sender address, the headers).
 */
final class Variables {
    static final List<String> CERTIFICATES = List.of("tls_in_ourcert", "tls_in_peercert", "tls_out_ourcert", "tls_out_peercert");

    private static final String STRINGS = "acl_arg1 acl_arg2 acl_arg3 acl_arg4 acl_arg5 acl_arg6 acl_arg7 acl_arg8 acl_arg9 "
            + "acl_verify_message address_data address_file address_pipe authenticated_fail_id authenticated_id "
            + "authenticated_sender bounce_recipient callout_address compile_date compile_number config_dir config_file "
            + "csa_status dkim_algo dkim_bodylength dkim_canon_body dkim_canon_headers dkim_copiedheaders dkim_created "
            + "dkim_cur_signer dkim_domain dkim_expires dkim_headernames dkim_identity dkim_key_granularity "
            + "dkim_key_nosubdomains dkim_key_notes dkim_key_srvtype dkim_key_testing dkim_selector dkim_signers "
            + "dkim_verify_reason dkim_verify_status dnslist_domain dnslist_matched dnslist_text dnslist_value domain "
            + "domain_data event_data event_name exim_path exim_version headers_added home host host_address host_data "
            + "initial_cwd interface_address item local_part local_part_data local_part_prefix local_part_prefix_v "
            + "local_part_suffix local_part_suffix_v local_scan_data lookup_dnssec_authenticated mailstore_basename "
            + "mime_anomaly_text mime_boundary mime_charset mime_content_description "
            + "mime_content_disposition mime_content_id mime_content_transfer_encoding mime_content_type "
            + "mime_decoded_filename mime_filename regex1 regex2 regex3 regex4 regex5 regex6 regex7 regex8 regex9 "
            + "regex_match_string "
            + "message_body message_body_end message_exim_id message_headers message_headers_raw message_id "
            + "original_domain original_local_part parent_domain parent_local_part primary_hostname "
            + "proxy_external_address proxy_local_address prvscheck_address prvscheck_keynum prvscheck_result "
            + "qualify_domain qualify_recipient queue_name queue_size received_for received_ip_address received_protocol "
            + "recipient_data recipient_verify_failure recipients reply_address return_path router_name self_hostname "
            + "sender_address sender_address_data sender_address_domain sender_address_local_part sender_data "
            + "sender_fullhost sender_helo_name sender_host_address sender_host_authenticated sender_host_name "
            + "sender_ident sender_rate sender_rate_limit sender_rate_period sender_rcvhost sender_verify_failure "
            + "sending_ip_address smtp_active_hostname smtp_command smtp_command_argument smtp_command_history "
            + "smtp_notquit_reason spool_directory srs_recipient thisaddress tls_cipher tls_in_cipher tls_in_cipher_std "
            + "tls_in_peerdn tls_in_sni tls_in_ver tls_out_cipher tls_out_cipher_std tls_out_peerdn tls_out_sni "
            + "tls_out_ver tls_peerdn tls_sni tod_bsdinbox tod_epoch tod_epoch_l tod_full tod_log tod_logfile tod_zone "
            + "tod_zulu transport_name value verify_mode version_number warn_message_delay warn_message_recipient "
            + "warn_message_recipients warnmsg_delay warnmsg_recipient warnmsg_recipients tls_in_ourcert "
            + "tls_in_peercert tls_out_ourcert tls_out_peercert";
    private static final String INTEGERS = "acl_narg authentication_failed body_linecount body_zerocount "
            + "bounce_return_size_limit caller_gid caller_uid dkim_key_length event_defer_errno exim_gid exim_uid "
            + "host_lookup_deferred host_lookup_failed host_port inode interface_port load_average local_user_gid "
            + "local_user_uid localhost_number log_inodes log_space max_received_linelength message_age "
            + "message_body_size message_linecount message_size mime_anomaly_level mime_content_size mime_is_coverletter "
            + "mime_is_multipart mime_is_rfc822 mime_part_count originator_gid originator_uid pid proxy_external_port "
            + "proxy_local_port rcpt_count rcpt_defer_count rcpt_fail_count received_count received_port received_time "
            + "recipients_count return_size_limit runrc sender_host_port sending_port smtp_count_at_connection_start "
            + "spool_inodes spool_space tls_bits tls_certificate_verified tls_in_bits tls_in_certificate_verified "
            + "tls_in_ocsp tls_in_resumption tls_out_bits tls_out_certificate_verified tls_out_ocsp tls_out_resumption "
            + "tls_out_tlsa_usage";
    private static final String BOOLEANS = "message_smtputf8 prdr_requested proxy_session sender_helo_dnssec "
            + "sender_host_dnssec tls_out_dane";
    private static final Set<String> FILTER_ONLY = Set.of("n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9",
            "sn0", "sn1", "sn2", "sn3", "sn4", "sn5", "sn6", "sn7", "sn8", "sn9");
    private static final Map<String, String> DEFAULTS = new HashMap<>();

    static {
        for (String name : STRINGS.split(" ")) {
            DEFAULTS.put(name, "");
        }
        for (String name : INTEGERS.split(" ")) {
            DEFAULTS.put(name, "0");
        }
        for (String name : BOOLEANS.split(" ")) {
            DEFAULTS.put(name, "no");
        }
        DEFAULTS.put("interface_port", "-1");
        DEFAULTS.put("mime_part_count", "-1");
        DEFAULTS.put("received_port", "-1");
        DEFAULTS.put("bounce_return_size_limit", "102400");
        DEFAULTS.put("return_size_limit", "102400");
        DEFAULTS.put("version_number", "4.96");
        DEFAULTS.put("exim_version", "4.96");
        DEFAULTS.put("local_user_uid", "4294967295");
        DEFAULTS.put("local_user_gid", "4294967295");
    }

    private Variables() {
    }

    /** Whether Exim has a variable of this name (ACL and router variables aside). */
    static boolean known(String name) {
        return DEFAULTS.containsKey(name) || FILTER_ONLY.contains(name);
    }

    /** The value of variable {@code name}, or null when there is no such variable. */
    static String value(Evaluation ev, String name, boolean skipping) {
        ExpansionContext ctx = ev.context();
        if ((name.startsWith("acl_c") || name.startsWith("acl_m")) && !(name.length() > 5 && Chars.isAlpha(name.charAt(5)))) {
            String v = ctx.variableOrNull(name);
            return v != null ? v : ev.engine().strictAclVariables() ? null : "";
        }
        if (name.startsWith("r_")) {
            String v = ctx.variableOrNull(name);
            return v != null ? v : ev.engine().strictAclVariables() ? null : "";
        }
        if (name.startsWith("auth") && name.length() == 5 && name.charAt(4) >= '1' && name.charAt(4) <= '4') {
            String v = ctx.variableOrNull(name);
            return v == null ? "" : v;
        }
        if (FILTER_ONLY.contains(name)) {
            String v = ctx.variableOrNull(name);
            return v;
        }
        String own = ev.itemVariables().get(name);
        if (own != null) {
            return skipping ? "" : own;
        }
        if (!DEFAULTS.containsKey(name)) {
            return null;
        }
        if (skipping) {
            return "";
        }
        String computed = computed(ev, name);
        if (computed != null) {
            return computed;
        }
        String v = ctx.variableOrNull(name);
        return v != null ? v : DEFAULTS.get(name);
    }

    private static String computed(Evaluation ev, String name) {
        ExpansionContext ctx = ev.context();
        switch (name) {
            case "value": return ev.value() == null ? "" : ev.value();
            case "item": return ev.item() == null ? "" : ev.item();
            case "runrc": return Integer.toString(ev.runrc());
            case "primary_hostname": return ev.engine().primaryHostname();
            case "qualify_domain": return ev.engine().qualifyDomain();
            case "qualify_recipient": return ev.engine().setting("qualify_recipient").orElse(ev.engine().qualifyDomain());
            case "smtp_active_hostname": {
                String v = ctx.variableOrNull(name);
                return v != null ? v : ev.engine().primaryHostname();
            }
            case "config_file", "config_dir": return ctx.variableOrNull(name) != null ? null
                    : ev.engine().setting(name).orElse(null);
            case "spool_directory": return ctx.variableOrNull(name) != null ? null
                    : ev.engine().setting("spool_directory").orElse(null);
            case "sender_address_domain": {
                String s = ctx.variableOrNull("sender_address");
                int at = s == null ? -1 : s.lastIndexOf('@');
                return at < 0 ? "" : s.substring(at + 1);
            }
            case "sender_address_local_part": {
                String s = ctx.variableOrNull("sender_address");
                if (s == null) {
                    return "";
                }
                int at = s.lastIndexOf('@');
                return at < 0 ? s : s.substring(0, at);
            }
            case "message_headers": return allHeaders(ctx.headers(), false);
            case "message_headers_raw": return allHeaders(ctx.headers(), true);
            case "reply_address": return replyAddress(ctx.headers());
            case "pid": return Long.toString(ProcessHandle.current().pid());
            case "tod_bsdinbox": case "tod_epoch": case "tod_epoch_l": case "tod_full": case "tod_log":
            case "tod_logfile": case "tod_zone": case "tod_zulu":
                return time(ev, name);
            default: return null;
        }
    }

    private static String time(Evaluation ev, String name) {
        java.time.Clock clock = ev.engine().environment().clock();
        Instant now = clock.instant();
        ZonedDateTime t = now.atZone(clock.getZone());
        switch (name) {
            case "tod_epoch": return Long.toString(now.getEpochSecond());
            case "tod_epoch_l": return Long.toString(now.getEpochSecond() * 1_000_000L + now.getNano() / 1000);
            case "tod_bsdinbox": return t.format(DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss yyyy", Locale.ROOT));
            case "tod_full": return t.format(DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss xx", Locale.ROOT));
            case "tod_log": return t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT));
            case "tod_logfile": return t.format(DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT));
            case "tod_zone": return t.format(DateTimeFormatter.ofPattern("xx", Locale.ROOT));
            default: return now.atZone(java.time.ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'", Locale.ROOT));
        }
    }

    private static String allHeaders(List<Header> headers, boolean raw) {
        StringBuilder b = new StringBuilder();
        for (Header h : headers) {
            String line = ByteStrings.internal(h.name() + ":" + h.value());
            if (raw) {
                b.append(line).append('\n');
            } else {
                if (b.length() > 0) {
                    b.append('\n');
                }
                b.append(line.stripTrailing());
            }
        }
        return raw ? b.toString() : Rfc2047.decodeQuietly(b.toString());
    }

    private static String replyAddress(List<Header> headers) {
        String s = HeaderReference.find(headers, "reply-to:", 'r');
        if (s == null || s.isBlank()) {
            s = HeaderReference.find(headers, "from:", 'r');
        }
        return s == null ? "" : Chars.trim(s.replace('\n', ' '));
    }

    /** Exim's check_variable_error_message: hints for mistyped ACL variables. */
    static String explainUnknown(String message, String name) {
        if (!name.startsWith("acl_")) {
            return message;
        }
        if (name.length() > 4 && (name.charAt(4) == 'c' || name.charAt(4) == 'm')) {
            return message + (name.length() > 5 && Chars.isAlpha(name.charAt(5))
                    ? " (6th character of a user-defined ACL variable must be a digit or underscore)"
                    : " (strict_acl_vars is set)");
        }
        return message + " (user-defined ACL variables must start acl_c or acl_m)";
    }
}
