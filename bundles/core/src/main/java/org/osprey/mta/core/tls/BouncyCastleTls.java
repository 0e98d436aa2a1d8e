package org.osprey.mta.core.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.tls.GnutlsPriority;
import org.osprey.mta.kernel.tls.InvalidPriorityException;

/**
 * Makes the {@link TlsServer} for incoming SMTP from Exim's main options {@code tls_certificate},
 * {@code tls_privatekey}, {@code tls_verify_certificates}, {@code tls_crl} and
 * {@code tls_require_ciphers}, on Bouncy Castle's JSSE provider (which is never made the JVM's
 * default). Exim expands these options when a client starts TLS, so {@link #server} is meant to
 * be called for each STARTTLS (or TLS-on-connect) with the session's expander; what it loads is
 * kept, keyed by the expanded option values and the files' modification times, so repeated
 * calls cost no file reading. With {@code tls_certificate} unset or empty, Exim 4.96 offers TLS
 * with a self-signed certificate made for the purpose, and so does this. Thread-safe.
 */
public final class BouncyCastleTls {
    private static final int CACHE_SIZE = 16;

    private final Clock clock;
    private final Map<TlsSettings, Loaded> loaded = new ConcurrentHashMap<>();

    public BouncyCastleTls() {
        this(Clock.systemUTC());
    }

    BouncyCastleTls(Clock clock) {
        this.clock = clock;
    }

    private record Loaded(List<Long> stamps, Instant made, BouncyCastleTlsServer server) {
    }

    /**
     * The server for one connection: call it before answering STARTTLS ("220 TLS go ahead"),
     * because a failure here is Exim's "454 TLS currently unavailable" case.
     *
     * @param configuration the main options
     * @param expander the session's expander, for the options' expansion
     * @param handshakeTimeout the longest a handshake may take (Exim: {@code smtp_receive_timeout}); zero for no limit
     * @throws TlsException a certificate or key that cannot be used, a bad {@code tls_require_ciphers}
     *         or a failed expansion, worded as Exim logs it after {@code "TLS error on connection from HOST "}
     */
    public TlsServer server(Configuration configuration, Expander expander, Duration handshakeTimeout)
            throws TlsException {
        TlsSettings settings = TlsSettings.expand(configuration, expander);
        BouncyCastleTlsServer server = load(settings, expander);
        return (Socket socket, boolean require, boolean request) -> server.accept(socket, require, request,
                handshakeTimeout);
    }

    /**
     * Checks a {@code tls_require_ciphers} value as Exim does when it reads its configuration
     * (only a value without {@code $}, which it can check then).
     *
     * @throws TlsException {@code (gnutls_priority_init(X) failed at offset N, "..."): The request is invalid.}
     */
    public static void checkRequireCiphers(String priority) throws TlsException {
        try {
            GnutlsPriority.parse(priority, List.of());
        } catch (InvalidPriorityException e) {
            throw new TlsException(e.where(), e.what());
        }
    }

    BouncyCastleTlsServer load(TlsSettings settings, Expander expander) throws TlsException {
        List<Long> stamps = stamps(settings);
        Loaded cached = loaded.get(settings);
        Instant now = clock.instant();
        if (cached != null && cached.stamps().equals(stamps) && (settings.certificate() != null
                || cached.made().plus(SelfSignedCertificate.LIFETIME).isAfter(now))) {
            return cached.server();
        }
        ServerCredentials credentials = settings.certificate() == null
                ? SelfSignedCertificate.create(hostName(expander))
                : ServerCredentials.read(settings.certificate(), settings.privateKey());
        ClientCertificateVerifier verifier = ClientCertificateVerifier.load(settings.verifyCertificates(),
                settings.crl());
        BouncyCastleTlsServer server = new BouncyCastleTlsServer(credentials, verifier, settings.requireCiphers());
        if (loaded.size() >= CACHE_SIZE) {
            loaded.clear();
        }
        loaded.put(settings, new Loaded(stamps, now, server));
        return server;
    }

    private static List<Long> stamps(TlsSettings settings) {
        List<Long> stamps = new ArrayList<>();
        for (String file : new String[] {settings.certificate(), settings.privateKey(), settings.verifyCertificates(),
            settings.crl()}) {
            stamps.add(file == null ? 0L : modified(Path.of(file)));
        }
        return stamps;
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
        } catch (IOException | RuntimeException e) {
            return -1L; // unreadable now: loading will say why
        }
    }

    private static String hostName(Expander expander) throws TlsException {
        try {
            return expander.expand("$smtp_active_hostname");
        } catch (ExpansionException e) {
            throw TlsException.expansionFailed("smtp_active_hostname", e.getMessage());
        }
    }
}
