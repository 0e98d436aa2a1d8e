package org.osprey.mta.kernel.transport;

import java.util.Objects;

/** What became of one address in one delivery attempt. */
public sealed interface Outcome {

    /**
     * Delivered.
     *
     * @param confirmation the receiving side's confirmation, such as the SMTP reply to the
     *        final dot (Exim logs it as {@code C="..."}), or ""
     */
    record Delivered(String confirmation) implements Outcome {
        public Delivered {
            Objects.requireNonNull(confirmation, "confirmation");
        }
    }

    /**
     * Not delivered now; to be tried again.
     *
     * @param retryKey the key of the retry hint this failure updates: for example
     *        {@code R:user@domain} for an address error, {@code T:host:ip} for a host error;
     *        empty when the failure makes no retry record (the other addresses of an SMTP
     *        session ended by a timeout after one RCPT)
     * @param message the reason, logged and kept for a delay warning
     * @param errorClass the class of error, for the retry rules
     * @param smtpCode the SMTP reply code for the 4xx classes, else 0
     */
    record Deferred(String retryKey, String message, ErrorClass errorClass, int smtpCode) implements Outcome {
        public Deferred {
            Objects.requireNonNull(retryKey, "retryKey");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(errorClass, "errorClass");
        }
    }

    /**
     * Not deliverable: the address bounces.
     *
     * @param message the reason, shown to the sender and logged
     */
    record Failed(String message) implements Outcome {
        public Failed {
            Objects.requireNonNull(message, "message");
        }
    }
}
