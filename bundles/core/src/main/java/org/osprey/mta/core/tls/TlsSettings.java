package org.osprey.mta.core.tls;

import org.osprey.mta.core.config.ConfigOption;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;

/**
 * The server's TLS options for one connection, expanded. Exim expands them when a client
 * starts TLS, so they may depend on the connection ({@code $received_ip_address} and the like).
 *
 * @param certificate {@code tls_certificate}: PEM file with the certificate chain, or null for
 *        Exim's self-signed certificate
 * @param privateKey {@code tls_privatekey}: PEM file with the key; null means the key is in the
 *        certificate file
 * @param verifyCertificates {@code tls_verify_certificates}: a PEM bundle, a directory of PEM
 *        files, {@code system}, or null
 * @param crl {@code tls_crl}: a PEM file of CRLs, or null
 * @param requireCiphers {@code tls_require_ciphers}: a GnuTLS priority string, or null
 */
public record TlsSettings(String certificate, String privateKey, String verifyCertificates, String crl,
        String requireCiphers) {

    /** Expands the options of {@code configuration}; an option that expands to empty counts as unset. */
    public static TlsSettings expand(Configuration configuration, Expander expander) throws TlsException {
        return new TlsSettings(
                expanded(configuration, MainOptions.TLS_CERTIFICATE, expander),
                expanded(configuration, MainOptions.TLS_PRIVATEKEY, expander),
                expanded(configuration, MainOptions.TLS_VERIFY_CERTIFICATES, expander),
                expanded(configuration, MainOptions.TLS_CRL, expander),
                expanded(configuration, MainOptions.TLS_REQUIRE_CIPHERS, expander));
    }

    private static String expanded(Configuration configuration,
            ConfigOption<String> option, Expander expander) throws TlsException {
        String raw = configuration.get(option);
        if (raw == null) {
            return null;
        }
        try {
            String value = expander.expand(raw);
            return value == null || value.isEmpty() ? null : value;
        } catch (ExpansionException e) {
            if (e.isForcedFailure()) {
                return null;
            }
            throw TlsException.expansionFailed(option.name(), e.getMessage());
        }
    }
}
