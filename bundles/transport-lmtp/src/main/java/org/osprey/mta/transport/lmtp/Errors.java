package org.osprey.mta.transport.lmtp;

import java.io.IOException;

/** C's errno and strerror() for the I/O errors a connection can have, as Exim's messages show them. */
final class Errors {
    private Errors() {
    }

    /** The errno number where Java's message names a known one, else the message itself. */
    static String errno(IOException e) {
        String text = strerror(e);
        return switch (text) {
            case "Broken pipe" -> "32";
            case "Connection reset by peer" -> "104";
            case "No such file or directory" -> "2";
            case "Connection refused" -> "111";
            default -> text;
        };
    }

    /** glibc's text for the error: Java's message, with the few that Java words differently. */
    static String strerror(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.startsWith("Connection reset")) {
            return "Connection reset by peer";
        }
        if (message.equals("Stream closed")) {
            return "Broken pipe";
        }
        return message;
    }
}
