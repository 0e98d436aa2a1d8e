package org.osprey.mta.kernel.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** GnuTLS priority strings applied to JSSE suite names. */
class GnutlsPriorityTest {
    static final List<String> SUITES = List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");

    @Test
    void normalTakesTheModernSuitesAndModifiersRemoveOrAdd() throws Exception {
        GnutlsPriority.Policy normal = GnutlsPriority.parse("NORMAL", SUITES);
        assertEquals(List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1"), normal.protocols());
        assertEquals(SUITES.subList(0, 5), normal.cipherSuites());
        GnutlsPriority.Policy less = GnutlsPriority.parse("NORMAL:-AES-128-GCM:-VERS-TLS1.3:+3DES-CBC", SUITES);
        assertEquals(List.of("TLSv1.2", "TLSv1.1", "TLSv1"), less.protocols());
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_CBC_SHA",
                "TLS_RSA_WITH_3DES_EDE_CBC_SHA"), less.cipherSuites());
    }

    @Test
    void anElementGnutlsDoesNotKnowIsRefusedInItsWords() {
        InvalidPriorityException e = assertThrows(InvalidPriorityException.class,
                () -> GnutlsPriority.parse("NORMAL:+BOGUS", SUITES));
        assertEquals("(gnutls_priority_init(NORMAL:+BOGUS) failed at offset 7, \"+BOGUS..\"): The request is invalid.",
                e.getMessage());
    }

    @Test
    void aSuiteNameIsTakenApart() {
        assertEquals(new JsseSuite("ECDHE-RSA", "AES-128-GCM", "AEAD", 128),
                JsseSuite.parse("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
        assertEquals(new JsseSuite(null, "CHACHA20-POLY1305", "AEAD", 256),
                JsseSuite.parse("TLS_CHACHA20_POLY1305_SHA256"));
    }
}
