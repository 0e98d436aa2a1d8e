package org.osprey.mta.transport.pipe;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.WriteOptions;
import org.osprey.mta.kernel.transport.Delivery;

/**
 * Writes the message down the pipe to the command: the prefix, the BSMTP envelope when
 * asked, the message, the suffix and the BSMTP final dot.
 *
 * <p>As in Exim, a command that stops reading is no error here (Exim ignores EPIPE: what
 * the command did is in its status), and each write is timed: when one is blocked for
 * {@code timeout} (the command does not read), the command is killed. An error of the
 * message's own (reading the spool) is thrown.
 */
final class MessageFeed {
    private final Child child;
    private final Delivery delivery;
    private final Settings settings;
    private final byte[] prefix;
    private final byte[] suffix;

    MessageFeed(Child child, Delivery delivery, Settings settings, byte[] prefix, byte[] suffix) {
        this.child = child;
        this.delivery = delivery;
        this.settings = settings;
        this.prefix = prefix;
        this.suffix = suffix;
    }

    /**
     * Writes everything and closes the pipe.
     *
     * @return false when the writing timed out
     * @throws IOException when the message could not be read
     */
    boolean write(Duration timeout) throws IOException, InterruptedException {
        PipeEnd pipe = new PipeEnd(child.input());
        Watchdog watchdog = timeout.isZero() ? null : new Watchdog(child, pipe, timeout);
        try {
            OutputStream out = new BufferedOutputStream(pipe, 64 * 1024);
            writeAll(out);
            out.flush();
        } catch (IOException e) {
            if (!pipe.failed) {
                throw e;
            }
        } finally {
            pipe.closeQuietly();
            if (watchdog != null) {
                watchdog.cancel();
            }
        }
        return watchdog == null || !watchdog.fired();
    }

    private void writeAll(OutputStream out) throws IOException {
        String eol = settings.useCrlf() ? "\r\n" : "\n";
        out.write(prefix);
        if (settings.useBsmtp()) {
            String returnPath = PipeTransport.variable(delivery.expander(), "return_path");
            if (returnPath.isEmpty()) {
                returnPath = delivery.message().sender();
            }
            ascii(out, "MAIL FROM:<" + returnPath + ">" + eol);
            for (Address a : delivery.addresses()) {
                // Exim's transport_rcpt_address without rcpt_include_affixes: the affixes are left off.
                String rcpt = a.domain().isEmpty() ? a.localPart() : a.localPart() + "@" + a.domain();
                ascii(out, "RCPT TO:<" + rcpt + ">" + eol);
            }
            ascii(out, "DATA" + eol);
        }
        WriteOptions options = new WriteOptions(WriteOptions.Part.ALL, settings.useCrlf(), settings.useBsmtp(),
                settings.checkString(), settings.escapeString());
        delivery.message().writeTo(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        }, options);
        out.write(suffix);
        if (settings.useBsmtp()) {
            ascii(out, "." + eol);
        }
    }

    private static void ascii(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The command's standard input, remembering whether it failed (the command went away) and when a write began. */
    private static final class PipeEnd extends FilterOutputStream {
        boolean failed;
        volatile boolean writing;
        volatile long writingSince;

        PipeEnd(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writingSince = System.nanoTime();
            writing = true;
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            } finally {
                writing = false;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        void closeQuietly() {
            try {
                out.close();
            } catch (IOException e) {
                // the command has gone; its status says why
            }
        }
    }

    /**
     * Kills the command when one write has been blocked for the timeout (Exim sets an
     * alarm around each write), which ends the write.
     */
    private static final class Watchdog {
        private static final long POLL_MILLIS = 200;

        private final Thread thread;
        private volatile boolean fired;

        Watchdog(Child child, PipeEnd pipe, Duration timeout) {
            long limit = timeout.toNanos();
            thread = new Thread(() -> {
                try {
                    while (true) {
                        long blocked = pipe.writing ? System.nanoTime() - pipe.writingSince : 0;
                        if (blocked >= limit) {
                            fired = true;
                            child.kill();
                            return;
                        }
                        Thread.sleep(Math.max(1, Math.min(POLL_MILLIS, (limit - blocked) / 1_000_000)));
                    }
                } catch (InterruptedException e) {
                    // cancelled: the writing finished
                }
            }, "pipe-transport-write-timeout");
            thread.setDaemon(true);
            thread.start();
        }

        void cancel() throws InterruptedException {
            thread.interrupt();
            thread.join();
        }

        boolean fired() {
            return fired;
        }
    }
}
