package org.osprey.mta.transport.autoreply;

import java.io.IOException;

/** Who has had a reply under {@code once}, and when: Exim's cache file or its DBM file. */
interface OnceRecords extends AutoCloseable {

    /** When a reply last went to {@code to}, in seconds since the epoch; 0 when never. */
    long lastSent(String to);

    /** Records a reply to {@code to} at {@code now}. */
    void record(String to, long now) throws IOException;

    @Override
    void close() throws IOException;
}
