package org.osprey.mta.core.rewrite;

import java.util.EnumSet;
import org.osprey.mta.core.log.LogEvent;
import org.osprey.mta.core.log.LogFile;
import org.osprey.mta.core.log.LogWriter;

/**
 * Where rewriting reports: the {@code address_rewrite} line for each address rewritten (when
 * that log selector is on), and the panic lines for rules that go wrong (a replacement that
 * fails to expand or does not parse, a repeat cut off).
 */
public interface RewriteLog {
    /** Logs nothing. */
    RewriteLog NONE = new RewriteLog() {
        @Override
        public void rewritten(String text) {
        }

        @Override
        public void panic(String text) {
        }

        @Override
        public void note(String text) {
        }
    };

    /** An {@code address_rewrite} line; called only when the selector is on. */
    void rewritten(String text);

    /** A line for the main and panic logs. */
    void panic(String text);

    /** A line for the main log only (an address in a header that does not parse). */
    void note(String text);

    /** Whether {@link #rewritten} lines are wanted (the {@code address_rewrite} log selector). */
    default boolean logsRewrites() {
        return false;
    }

    /** The message's logs: lines carry {@code messageId} (null before there is one). */
    static RewriteLog to(LogWriter log, String messageId) {
        boolean selected = log.selector().on("address_rewrite");
        return new RewriteLog() {
            @Override
            public void rewritten(String text) {
                log.write(EnumSet.of(LogFile.MAIN), messageId, text);
            }

            @Override
            public void panic(String text) {
                log.log(new LogEvent.Panic(messageId, text));
            }

            @Override
            public void note(String text) {
                log.write(EnumSet.of(LogFile.MAIN), messageId, text);
            }

            @Override
            public boolean logsRewrites() {
                return selected;
            }
        };
    }
}
