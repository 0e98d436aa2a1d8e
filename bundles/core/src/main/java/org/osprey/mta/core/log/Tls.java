package org.osprey.mta.core.log;

/**
 * What a line says of a TLS session: X= (+tls_cipher, with {@code *} for a resumed session
 * under +tls_resumption), CV= (+tls_certificate_verified), DN= (+tls_peerdn) and, on
 * reception, SNI= (+tls_sni).
 *
 * @param cipher the cipher suite as Exim names it, e.g. {@code TLS1.3:TLS_AES_256_GCM_SHA384:256}
 * @param resumed whether the session was resumed
 * @param verified {@code yes}, {@code no} or {@code dane}
 * @param peerDn the peer certificate's subject, or null
 * @param sni the server name the client asked for, or null
 */
public record Tls(String cipher, boolean resumed, String verified, String peerDn, String sni) {

    String render(LogSelector s, boolean inbound) {
        StringBuilder out = new StringBuilder();
        if (cipher == null) {
            return "";
        }
        if (s.on(Selector.TLS_CIPHER)) {
            out.append(" X=").append(cipher);
            if (s.on(Selector.TLS_RESUMPTION) && resumed) {
                out.append('*');
            }
        }
        if (s.on(Selector.TLS_CERTIFICATE_VERIFIED)) {
            out.append(" CV=").append(verified == null ? "no" : verified);
        }
        if (s.on(Selector.TLS_PEERDN) && peerDn != null) {
            out.append(" DN=\"").append(LogText.printing(peerDn)).append('"');
        }
        if (inbound && s.on(Selector.TLS_SNI) && sni != null) {
            out.append(" SNI=").append(LogText.printing(sni, true));
        }
        return out.toString();
    }
}
