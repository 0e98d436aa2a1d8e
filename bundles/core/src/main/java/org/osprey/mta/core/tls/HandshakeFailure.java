package org.osprey.mta.core.tls;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/**
 * A failed handshake in GnuTLS's words, as Exim logs it: {@code (gnutls_handshake): ...}. An
 * alert from the client is named as {@code gnutls_alert_get_name} names it; an alert of our own
 * with the GnuTLS error that leads to it.
 */
final class HandshakeFailure {
    static final String WHERE = "gnutls_handshake";

    private static final Map<Integer, String> ALERTS = Map.ofEntries(Map.entry(0, "Close notify"),
            Map.entry(10, "Unexpected message"), Map.entry(20, "Bad record MAC"), Map.entry(21, "Decryption failed"),
            Map.entry(22, "Record overflow"), Map.entry(30, "Decompression failed"), Map.entry(40, "Handshake failed"),
            Map.entry(42, "Certificate is bad"), Map.entry(43, "Certificate is not supported"),
            Map.entry(44, "Certificate was revoked"), Map.entry(45, "Certificate is expired"),
            Map.entry(46, "Certificate is unknown"), Map.entry(47, "Illegal parameter"), Map.entry(48, "CA is unknown"),
            Map.entry(49, "Access was denied"), Map.entry(50, "Decode error"), Map.entry(51, "Decrypt error"),
            Map.entry(70, "Error in protocol version"), Map.entry(71, "Insufficient security"),
            Map.entry(80, "Internal error"), Map.entry(86, "Inappropriate fallback"), Map.entry(90, "User canceled"),
            Map.entry(109, "An extension was expected but was not seen"),
            Map.entry(110, "An unsupported extension was sent"),
            Map.entry(112, "The server name sent was not recognized"), Map.entry(116, "Certificate is required"),
            Map.entry(120, "No supported application protocol could be negotiated"));

    private HandshakeFailure() {
    }

    static TlsException of(IOException failure, boolean certificateRequired) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return new TlsException(WHERE, "timed out");
            }
            if (t instanceof TlsFatalAlertReceived received) {
                int alert = received.getAlertDescription();
                return new TlsException(WHERE, ALERTS.getOrDefault(alert, "Unknown alert " + alert));
            }
            if (t instanceof TlsFatalAlert sent) {
                return new TlsException(WHERE, ours(sent, certificateRequired));
            }
            if (t instanceof EOFException) {
                return new TlsException(WHERE, "The TLS connection was non-properly terminated.");
            }
        }
        return new TlsException(WHERE, failure.getMessage() == null ? "Error in the push function."
                : failure.getMessage());
    }

    private static String ours(TlsFatalAlert alert, boolean certificateRequired) {
        String detail = String.valueOf(alert.getMessage());
        return switch (alert.getAlertDescription()) {
            case 116 -> "Certificate is required.";
            case 40, 71 -> detail.contains("cipher suite") ? "No supported cipher suites have been found."
                    : certificateRequired && detail.contains("ertificate") ? "Certificate is required."
                    : "Could not negotiate a supported cipher suite.";
            case 70 -> "A packet with illegal or unsupported version was received.";
            case 10 -> "An unexpected TLS packet was received.";
            default -> detail;
        };
    }
}
