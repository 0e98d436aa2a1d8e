package org.osprey.mta.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionValues;

/**
 * Every private option of the seed's smtp chapter that Exim 4.96 still has, with the value
 * {@code exim -bP transport remote_smtp} shows for an smtp transport that sets none of them
 * (exim-reference; "" stands for an unset string).
 */
class SmtpOptionsTest {
    private static final Map<String, Object> EXIM_DEFAULTS = new LinkedHashMap<>();

    static {
        Object[] pairs = {
            "address_retry_include_sender", true, "allow_localhost", false, "authenticated_sender", "",
            "authenticated_sender_force", false, "command_timeout", Duration.ofMinutes(5),
            "connect_timeout", Duration.ofMinutes(5), "connection_max_messages", 500,
            "data_timeout", Duration.ofMinutes(5), "delay_after_cutoff", true, "dns_qualify_single", true,
            "dns_search_parents", false, "fallback_hosts", "", "final_timeout", Duration.ofMinutes(10),
            "gethostbyname", false, "helo_data", "$primary_hostname", "hosts", "", "hosts_avoid_esmtp", "",
            "hosts_avoid_pipelining", "", "hosts_avoid_tls", "", "hosts_max_try", 5, "hosts_max_try_hardlimit", 50,
            "hosts_nopass_tls", "", "hosts_override", false, "hosts_randomize", false, "hosts_require_auth", "",
            "hosts_require_tls", "", "hosts_try_auth", "", "interface", "", "keepalive", true,
            "lmtp_ignore_quota", false, "max_rcpt", 100, "multi_domain", true, "port", "smtp", "protocol", "smtp",
            "retry_include_ip_address", true, "serialize_hosts", "", "size_addition", 1024, "tls_certificate", "",
            "tls_crl", "", "tls_privatekey", "", "tls_require_ciphers", "", "tls_tempfail_tryclear", true,
            "tls_verify_certificates", "system",
        };
        for (int i = 0; i < pairs.length; i += 2) {
            EXIM_DEFAULTS.put((String) pairs[i], pairs[i + 1]);
        }
    }

    @Test
    void everyOptionOfTheSeedHasEximsDefault() {
        OptionValues none = OptionValues.builder(SmtpOptions.TABLE).build();
        for (Map.Entry<String, Object> e : EXIM_DEFAULTS.entrySet()) {
            Option<?> option = SmtpOptions.TABLE.find(e.getKey()).orElseThrow(() -> new AssertionError(e.getKey()));
            Object value = option.isExpanded() ? option.defaultValue() : none.get(option);
            assertEquals(e.getValue(), value == null ? "" : value, e.getKey());
        }
    }

    @Test
    void theGnutlsOptionsOfTheSeedAreGoneAsInExim496() {
        for (String name : List.of("gnutls_require_kx", "gnutls_require_mac", "gnutls_require_protocols",
                "gnutls_compat_mode")) {
            assertTrue(SmtpOptions.TABLE.find(name).isEmpty(), name);
        }
    }
}
