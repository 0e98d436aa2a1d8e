package org.osprey.mta.core.tls;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.cert.X509Certificate;

/** A connection after a successful TLS handshake, with what Exim's $tls_in_* variables show. */
public interface TlsConnection {

    Socket socket();

    InputStream in();

    OutputStream out();

    /** $tls_in_cipher, in Exim's form, such as {@code TLS1.3:ECDHE_SECP256R1__AES_256_GCM:256}. */
    String cipher();

    /** $tls_in_ver, such as {@code TLS1.3}. */
    String protocol();

    /** $tls_in_bits. */
    int bits();

    /** $tls_in_peerdn: the client certificate's subject in Exim's form, or null without one. */
    String peerDn();

    /** $tls_in_certificate_verified. */
    boolean peerVerified();

    /** The client's certificate, or null. */
    X509Certificate peerCertificate();

    /** $tls_in_sni: the server name the client asked for, or null. */
    String sni();
}
