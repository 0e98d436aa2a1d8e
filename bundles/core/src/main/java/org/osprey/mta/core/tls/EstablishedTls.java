package org.osprey.mta.core.tls;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.cert.X509Certificate;

/** A server connection after its handshake, with the values of Exim's {@code $tls_in_*} variables. */
record EstablishedTls(Socket socket, InputStream in, OutputStream out, String cipher, String protocol, int bits,
        String peerDn, boolean peerVerified, X509Certificate peerCertificate, String sni) implements TlsConnection {
}
