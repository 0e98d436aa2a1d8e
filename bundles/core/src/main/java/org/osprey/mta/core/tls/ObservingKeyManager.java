package org.osprey.mta.core.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.jsse.BCExtendedSSLSession;
import org.bouncycastle.jsse.BCSNIHostName;
import org.bouncycastle.jsse.BCSNIServerName;
import org.bouncycastle.jsse.BCSSLSocket;

/**
 * The server's key manager, which also notes, when the server's key is chosen, the client's
 * signature schemes and SNI for the {@link HandshakeObserver} of that socket: Bouncy Castle
 * offers them only on the handshake session, which is gone once the handshake is over.
 */
final class ObservingKeyManager extends X509ExtendedKeyManager {
    private final X509ExtendedKeyManager keys;
    private final Map<Socket, HandshakeObserver> observers = new ConcurrentHashMap<>();

    ObservingKeyManager(X509ExtendedKeyManager keys) {
        this.keys = keys;
    }

    void watch(Socket socket, HandshakeObserver observer) {
        observers.put(socket, observer);
    }

    void forget(Socket socket) {
        observers.remove(socket);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        HandshakeObserver observer = observers.get(socket);
        if (observer != null && socket instanceof BCSSLSocket bc) {
            BCExtendedSSLSession session = bc.getBCHandshakeSession();
            if (session != null) {
                observer.clientHello(session.getPeerSupportedSignatureAlgorithmsBC(),
                        hostName(session.getRequestedServerNames()));
            }
        }
        return keys.chooseServerAlias(keyType, issuers, socket);
    }

    private static String hostName(List<BCSNIServerName> names) {
        if (names != null) {
            for (BCSNIServerName name : names) {
                if (name instanceof BCSNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return keys.chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return keys.getServerAliases(keyType, issuers);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return keys.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return keys.getPrivateKey(alias);
    }
}
