package org.osprey.mta.transport.appendfile;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import org.osprey.mta.kernel.model.TransportFilterException;

/**
 * Writes the prefix, the message and the suffix to an open file and forces them to the
 * disk. When a write fails, the error reported is the file's (disk full, quota), not
 * whatever the message's own stream made of it.
 */
final class MessageWriter {
    private static final int BUFFER = 64 * 1024;

    private MessageWriter() {
    }

    /** Writes and fsyncs; the channel stays open. Returns the bytes written. */
    static long write(FileChannel channel, Job job) throws IOException {
        return write(channel, job, true);
    }

    /** Writes, and fsyncs when {@code sync} (not for a named pipe, as in Exim); returns the bytes written. */
    static long write(FileChannel channel, Job job, boolean sync) throws IOException {
        Recording file = new Recording(Channels.newOutputStream(channel));
        OutputStream out = new BufferedOutputStream(file, BUFFER);
        try {
            out.write(job.prefix());
            out.write(job.envelope());
            job.message().writeTo(new Unclosable(out), job.writeOptions());
            out.write(job.suffix());
            out.write(job.trailer());
            out.flush();
        } catch (IOException e) {
            throw file.failure != null ? file.failure : e;
        }
        if (sync) {
            channel.force(true);
        }
        return file.count;
    }

    /** Exim's words for a failed write to {@code dataname}. */
    static Problem problem(IOException e, String dataname) {
        if (e instanceof TransportFilterException f && !f.isTimedOut()) {
            // Exim's ERRNO_FILTER_FAIL (a timeout is ETIMEDOUT, worded as any system error).
            return Problem.defer("transport filter process failed (" + f.status() + ") while writing to " + dataname
                    + (f.status() == TransportFilterException.EXEC_FAILED ? ": unable to execute command" : ""));
        }
        String text = Errno.text(e);
        if (Errno.EDQUOT.equals(text)) {
            return Problem.quota(text, "mailbox is full");
        }
        return Problem.io("error while writing to " + dataname, e);
    }

    /** Counts the bytes and keeps the first exception the file itself threw. */
    private static final class Recording extends FilterOutputStream {
        IOException failure;
        long count;

        Recording(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
                count++;
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
                count += len;
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void close() {
            // the channel belongs to the caller
        }

        private IOException record(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }
    }

    /** The stream handed to the message: closing it only flushes. */
    private static final class Unclosable extends FilterOutputStream {
        Unclosable(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
