package org.osprey.mta.core.smtp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The replies of a session, buffered until the session next waits for input (so that the
 * replies to pipelined commands leave in one packet, as Exim's smtp_printf with "more" does),
 * and written CR LF terminated. In batched mode ({@code -bS}) nothing is sent.
 */
final class SmtpOutput {
    private OutputStream out;
    private final byte[] buffer = new byte[2048];
    private int n;
    private final boolean silent;
    private boolean failed;

    SmtpOutput(OutputStream out, boolean silent) {
        this.out = out;
        this.silent = silent;
    }

    /** After STARTTLS: the encrypted stream. */
    void replace(OutputStream tlsOut) {
        this.out = tlsOut;
    }

    /** One reply line, without its CR LF; a byte string. */
    void line(String text) {
        if (silent) {
            return;
        }
        byte[] b = (text + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        if (n + b.length > buffer.length) {
            flush();
        }
        if (b.length > buffer.length) {
            write(b, b.length);
        } else {
            System.arraycopy(b, 0, buffer, n, b.length);
            n += b.length;
        }
    }

    /** Sends what is buffered; a failed write is remembered, not thrown (the next read finds the connection gone). */
    void flush() {
        if (n > 0) {
            write(buffer, n);
            n = 0;
        }
        if (!failed && !silent) {
            try {
                out.flush();
            } catch (IOException e) {
                failed = true;
            }
        }
    }

    private void write(byte[] b, int len) {
        if (failed) {
            return;
        }
        try {
            out.write(b, 0, len);
        } catch (IOException e) {
            failed = true;
        }
    }

    boolean failed() {
        return failed;
    }
}
