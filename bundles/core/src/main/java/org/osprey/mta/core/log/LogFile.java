package org.osprey.mta.core.log;

/** Exim's three log files, named as {@code %s} in {@code log_file_path} takes them. */
public enum LogFile {
    MAIN("main"),
    REJECT("reject"),
    PANIC("panic");

    private final String tag;

    LogFile(String tag) {
        this.tag = tag;
    }

    /** What replaces {@code %s}: main, reject or panic. */
    public String tag() {
        return tag;
    }
}
