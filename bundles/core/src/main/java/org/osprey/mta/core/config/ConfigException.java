package org.osprey.mta.core.config;

import java.util.Optional;

/**
 * A configuration Osprey refuses, with Exim's words: the message Exim logs for the same
 * fault, and where it was found. Exim frames such messages in one of a few ways (with the
 * file and line, with only "configuration error", or as a bare main-log line); the
 * exception knows which, and {@link #report} writes the whole text as Exim writes it to
 * standard error, with "Osprey" where Exim says "Exim". The exit code is always Exim's 1.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** How Exim frames the message. */
    enum Frame {
        /** {@code configuration error in line N of FILE:} then the message (LOG_CONFIG_IN). */
        IN_LINE,
        /** {@code configuration error:} then the message (LOG_CONFIG). */
        GENERAL,
        /** {@code configuration error for } and the message on the same line (LOG_CONFIG_FOR). */
        FOR,
        /** The message alone, as a main-log line (LOG_MAIN). */
        MAIN
    }

    /** The two ways Exim shows a configuration error on standard error. */
    public enum Style {
        /**
         * As under {@code -bP} (Exim turns debugging output on for it): a {@code LOG: PANIC DIE}
         * line, then the text indented.
         */
        DEBUG,
        /** As a log line: a time stamp, then the text. */
        LOG
    }

    private final Frame frame;
    private final Location location;
    private final boolean die;

    private ConfigException(Frame frame, Location location, String message, boolean die) {
        super(message);
        this.frame = frame;
        this.location = location;
        this.die = die;
    }

    /** An error Exim reports with the file and line. */
    public static ConfigException inLine(Location location, String message) {
        return new ConfigException(Frame.IN_LINE, location, message, true);
    }

    /** An error Exim reports as a configuration error without a line. */
    static ConfigException general(String message) {
        return new ConfigException(Frame.GENERAL, null, message, true);
    }

    /** An error Exim reports as "configuration error for ...". */
    static ConfigException forWhat(String message) {
        return new ConfigException(Frame.FOR, null, message, true);
    }

    /** An error Exim reports as a plain main-log line. */
    static ConfigException main(String message) {
        return new ConfigException(Frame.MAIN, null, message, true);
    }

    /** A macro error: Exim logs it as a panic that is not "DIE", and then exits all the same. */
    static ConfigException macro(Location location, String message) {
        return new ConfigException(location == null ? Frame.GENERAL : Frame.IN_LINE, location, message, false);
    }

    /** Where the error was found, for the errors Exim reports with a line. */
    public Optional<Location> location() {
        return Optional.ofNullable(location);
    }

    /** Exim's exit code for a configuration error. */
    public int exitCode() {
        return 1;
    }

    /**
     * The whole text for standard error, each line ended by a newline.
     *
     * @param style how the program was called: {@code -bP} shows errors in the DEBUG style
     * @param timestamp the time stamp for the LOG style ({@code 2024-01-31 12:00:00}); unused for DEBUG
     */
    public String report(Style style, String timestamp) {
        String body = switch (frame) {
            case IN_LINE -> "Osprey configuration error in " + location + ":\n  " + getMessage();
            case GENERAL -> "Osprey configuration error:\n  " + getMessage();
            case FOR -> "Osprey configuration error for " + getMessage();
            case MAIN -> getMessage();
        };
        if (style == Style.LOG) {
            return timestamp + " " + body + "\n";
        }
        String header = "LOG:" + (frame == Frame.MAIN ? " MAIN" : "") + " PANIC" + (die ? " DIE" : "");
        return header + "\n  " + body + "\n";
    }

    /** The text of an Exim "extra characters follow" message. */
    static String extraCharacters(String rest, String what) {
        return "extra characters follow " + what + (rest.startsWith("#") ? " (# is comment only at line start)" : "");
    }
}
