package org.osprey.mta.core.expand;

/**
 * What an expansion may be forbidden to do (Exim's expand_forbid bits, set for filters and
 * other untrusted contexts), with the words Exim refuses in.
 */
public enum Restriction {
    LOOKUP("lookup expansions are not permitted"),
    RUN("running a command is not permitted"),
    READFILE("file insertions are not permitted"),
    READSOCKET("socket insertions are not permitted"),
    EXISTS("File existence tests are not permitted"),
    STAT("Use of the stat() expansion is not permitted");

    private final String message;

    Restriction(String message) {
        this.message = message;
    }

    String message() {
        return message;
    }
}
