package org.osprey.mta.core.tls;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Reads the server's side of a handshake as it goes out, up to the point where it is
 * encrypted, for what JSSE does not tell: the key exchange group ({@code key_share} of a TLS 1.3
 * ServerHello, or a TLS 1.2 ServerKeyExchange) and the signature scheme of a TLS 1.2
 * ServerKeyExchange. Exim's {@code $tls_in_cipher} names both. Only looks; never changes a byte.
 * Also keeps the client's signature schemes and SNI, which Bouncy Castle shows only while the
 * handshake runs ({@link ObservingKeyManager}).
 */
final class HandshakeObserver {
    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int HANDSHAKE = 22;
    private static final int SERVER_HELLO = 2;
    private static final int SERVER_KEY_EXCHANGE = 12;
    private static final int SERVER_HELLO_DONE = 14;
    /** The random of a HelloRetryRequest (RFC 8446, 4.1.3): the real ServerHello follows. */
    private static final byte[] RETRY_RANDOM = hex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    private final ByteArrayOutputStream records = new ByteArrayOutputStream();
    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();
    private volatile boolean done;
    private boolean serverHelloSeen;
    private boolean tls13;
    private int keyShareGroup = -1;
    private byte[] serverKeyExchange;
    private volatile String[] peerSignatureSchemes;
    private volatile String serverName;

    /** The stream the TLS layer writes to: {@code out}, watched until the handshake is encrypted. */
    OutputStream watch(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (!done) {
                    see(b, off, len);
                }
                out.write(b, off, len);
            }
        };
    }

    /** The TLS 1.3 key_share group of the ServerHello, or -1. */
    int keyShareGroup() {
        return keyShareGroup;
    }

    /** Records what the handshake session knew when the server's key was chosen (it is gone afterwards). */
    void clientHello(String[] peerSignatureSchemes, String serverName) {
        this.peerSignatureSchemes = peerSignatureSchemes;
        this.serverName = serverName;
    }

    /** The client's signature schemes in its order, as Bouncy Castle names them, or null. */
    String[] peerSignatureSchemes() {
        return peerSignatureSchemes;
    }

    /** The host name the client sent as SNI, or null. */
    String serverName() {
        return serverName;
    }

    /** The body of the TLS 1.2 ServerKeyExchange, or null. */
    byte[] serverKeyExchange() {
        return serverKeyExchange;
    }

    private void see(byte[] b, int off, int len) {
        records.write(b, off, len);
        byte[] buffer = records.toByteArray();
        int p = 0;
        while (!done && buffer.length - p >= 5) {
            int length = u16(buffer, p + 3);
            if (buffer.length - p - 5 < length) {
                break;
            }
            int type = buffer[p] & 0xff;
            if (type == HANDSHAKE) {
                messages.write(buffer, p + 5, length);
                handshakeMessages();
            } else if (type == CHANGE_CIPHER_SPEC && serverHelloSeen) {
                done = true; // a resumed TLS 1.2 session: what follows is encrypted
            }
            p += 5 + length;
        }
        records.reset();
        if (!done) {
            records.write(buffer, p, buffer.length - p);
        }
    }

    private void handshakeMessages() {
        byte[] buffer = messages.toByteArray();
        int p = 0;
        while (!done && buffer.length - p >= 4) {
            int length = (buffer[p + 1] & 0xff) << 16 | u16(buffer, p + 2);
            if (buffer.length - p - 4 < length) {
                break;
            }
            byte[] body = Arrays.copyOfRange(buffer, p + 4, p + 4 + length);
            switch (buffer[p] & 0xff) {
                case SERVER_HELLO -> serverHello(body);
                case SERVER_KEY_EXCHANGE -> {
                    serverKeyExchange = body;
                    done = true;
                }
                case SERVER_HELLO_DONE -> done = true;
                default -> {
                }
            }
            p += 4 + length;
        }
        messages.reset();
        if (!done) {
            messages.write(buffer, p, buffer.length - p);
        }
    }

    private void serverHello(byte[] body) {
        try {
            boolean retry = Arrays.equals(Arrays.copyOfRange(body, 2, 34), RETRY_RANDOM);
            int p = 34;
            p += 1 + (body[p] & 0xff); // session id
            p += 3; // cipher suite, compression
            int end = p + 2 + u16(body, p);
            p += 2;
            while (p + 4 <= end) {
                int type = u16(body, p);
                int length = u16(body, p + 2);
                if (type == 43) {
                    tls13 = u16(body, p + 4) == 0x0304;
                } else if (type == 51) {
                    keyShareGroup = u16(body, p + 4);
                }
                p += 4 + length;
            }
            if (!retry) {
                serverHelloSeen = true;
                done = tls13; // the rest of a TLS 1.3 handshake is encrypted
            }
        } catch (IndexOutOfBoundsException e) {
            done = true; // not what a JSSE server writes; leave the names out
        }
    }

    static int u16(byte[] b, int p) {
        return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
    }

    private static byte[] hex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
