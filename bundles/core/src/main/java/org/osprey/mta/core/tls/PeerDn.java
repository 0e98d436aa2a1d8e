package org.osprey.mta.core.tls;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * {@code $tls_in_peerdn} as Exim's GnuTLS build gives it ({@code gnutls_x509_crt_get_dn}): the
 * subject's RDNs in the order they are encoded in the certificate (not RFC 4514's reversed
 * order), comma-separated, values escaped as in RFC 4514, with GnuTLS's attribute names:
 * {@code C=GB,O=Example,OU=Mail,CN=client}. Checked against Exim 4.96.
 */
final class PeerDn {
    private static final Map<String, String> NAMES = Map.ofEntries(Map.entry("2.5.4.3", "CN"),
            Map.entry("2.5.4.6", "C"), Map.entry("2.5.4.7", "L"), Map.entry("2.5.4.8", "ST"),
            Map.entry("2.5.4.10", "O"), Map.entry("2.5.4.11", "OU"), Map.entry("2.5.4.9", "street"),
            Map.entry("2.5.4.5", "serialNumber"), Map.entry("2.5.4.12", "title"), Map.entry("2.5.4.4", "surName"),
            Map.entry("2.5.4.42", "givenName"), Map.entry("2.5.4.43", "initials"), Map.entry("2.5.4.41", "name"),
            Map.entry("2.5.4.46", "dnQualifier"), Map.entry("2.5.4.65", "pseudonym"),
            Map.entry("2.5.4.17", "postalCode"), Map.entry("0.9.2342.19200300.100.1.25", "DC"),
            Map.entry("0.9.2342.19200300.100.1.1", "UID"), Map.entry("1.2.840.113549.1.9.1", "EMAIL"));

    private PeerDn() {
    }

    static String of(X509Certificate certificate) {
        X500Name name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        List<String> rdns = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            List<String> values = new ArrayList<>();
            for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                ASN1ObjectIdentifier type = value.getType();
                values.add(NAMES.getOrDefault(type.getId(), type.getId()) + "="
                        + IETFUtils.valueToString(value.getValue()));
            }
            rdns.add(String.join("+", values));
        }
        return String.join(",", rdns);
    }
}
