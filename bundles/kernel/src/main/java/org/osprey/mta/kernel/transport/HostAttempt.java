package org.osprey.mta.kernel.transport;

import java.util.Objects;
import org.osprey.mta.kernel.model.Host;

/**
 * What happened to one host in one delivery: the engine writes host retry hints and log
 * lines from these.
 */
public sealed interface HostAttempt {

    Host host();

    /**
     * The host was reached and took part; what became of the addresses is in their outcomes.
     *
     * @param tlsCipher the TLS cipher of the session, as Exim's $tls_out_cipher (the log's
     *        X=), or null when the session was in clear
     * @param tlsCertificateVerified whether the server's certificate was verified (CV=yes)
     */
    record Used(Host host, String tlsCipher, boolean tlsCertificateVerified) implements HostAttempt {
        public Used {
            Objects.requireNonNull(host, "host");
        }

        /** A host used in clear. */
        public Used(Host host) {
            this(host, null, false);
        }
    }

    /**
     * A host error (Exim's term): the host could not be used at all, for any message
     * (refused, timed out, a 4xx greeting). Its retry hint is updated.
     */
    record Failed(Host host, String retryKey, String message, ErrorClass errorClass) implements HostAttempt {
        public Failed {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(retryKey, "retryKey");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(errorClass, "errorClass");
        }
    }

    /** The host was not tried, for the reason given (its retry time has not come, it is the local host ...). */
    record Skipped(Host host, String reason) implements HostAttempt {
        public Skipped {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
