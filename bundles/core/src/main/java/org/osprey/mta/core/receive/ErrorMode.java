package org.osprey.mta.core.receive;

import java.util.Optional;

/**
 * How errors in a message read from standard input are reported: Exim's {@code -oe} options
 * (also accepted as {@code -e} followed by the letter, as Exim accepts them).
 */
public enum ErrorMode {
    /** {@code -oem} (the default) and {@code -oew}: mail the sender an error message; exit 1. */
    MAIL(1),
    /** {@code -oee}: as {@link #MAIL}, but exit 0 when the error message was sent. */
    MAIL_EXIT_ZERO(0),
    /** {@code -oep} and {@code -oeq}: write the error to the standard error stream; exit 1. */
    STDERR(1);

    private final int senderExitCode;

    ErrorMode(int senderExitCode) {
        this.senderExitCode = senderExitCode;
    }

    /** Whether errors are mailed to the sender rather than written to standard error. */
    public boolean mails() {
        return this != STDERR;
    }

    /** Exim's errors_sender_rc: the exit code after an error was mailed. */
    int senderExitCode() {
        return senderExitCode;
    }

    /**
     * The mode an option sets: {@code -oee -oem -oep -oeq -oew} or the same without the
     * {@code o}; empty for any other text (Exim then reports a bad option).
     */
    public static Optional<ErrorMode> forOption(String option) {
        String letter;
        if (option.startsWith("-oe") && option.length() == 4) {
            letter = option.substring(3);
        } else if (option.startsWith("-e") && option.length() == 3) {
            letter = option.substring(2);
        } else {
            return Optional.empty();
        }
        return switch (letter) {
            case "e" -> Optional.of(MAIL_EXIT_ZERO);
            case "m", "w" -> Optional.of(MAIL);
            case "p", "q" -> Optional.of(STDERR);
            default -> Optional.empty();
        };
    }
}
