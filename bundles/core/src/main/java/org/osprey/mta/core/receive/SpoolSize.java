package org.osprey.mta.core.receive;

import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.HeaderLine;

/** The message size of the {@code <=} line (S=), as spool_write_header works it out. */
final class SpoolSize {
    private SpoolSize() {
    }

    /**
     * The headers not deleted, plus one byte more for each header whose length needs more than
     * three digits (Exim counts five bytes of prefix per header), plus the body and one for the
     * blank line.
     */
    static long of(HeaderFile header, long bodySize) {
        long size = bodySize + 1;
        for (HeaderLine h : header.headers()) {
            if (!h.deleted()) {
                size += h.text().length();
            }
            size += Math.max(3, Integer.toString(h.text().length()).length()) - 3;
        }
        return size;
    }
}
