package org.osprey.mta.transport.lmtp;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.TransportFilterException;
import org.osprey.mta.kernel.model.WriteOptions;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.Outcome;

/**
 * One LMTP transaction, as Exim's lmtp_transport_entry conducts it: the greeting, LHLO,
 * MAIL, a RCPT for each address, and when at least one was accepted, DATA, the message
 * dot-stuffed with CR LF line ends and the final dot, and then one reply for each accepted
 * recipient, in order. Then QUIT.
 *
 * <p>Each address has its own outcome when the transaction gets that far: 2xx delivered,
 * 4xx deferred, 5xx failed, with Exim's "LMTP error after RCPT TO:&lt;...&gt;: reply". A
 * reply after the dot that cannot be read (timeout, closed connection, malformed reply)
 * gives its outcome to every recipient still waiting for one. A failure before that (a bad
 * greeting, LHLO, MAIL or DATA reply, a lost connection) is a {@link DialogueFailure}
 * for the whole batch, as Exim's transport returning FALSE is.
 */
final class LmtpDialogue {
    /** Exim's regex_IGNOREQUOTA, matched against the LHLO reply. */
    private static final Pattern IGNOREQUOTA = Pattern.compile("\\n250[\\s\\-]IGNOREQUOTA(\\s|\\n|$)");

    private final Peer peer;
    private final Duration timeout;
    private final boolean ignoreQuota;
    /** The last command without its CR LF, or what was being done: Exim's big_buffer, for messages. */
    private String doing = "initial connection";
    /** Bytes of the message written (Exim's transport_count). */
    private long written;

    LmtpDialogue(Peer peer, Duration timeout, boolean ignoreQuota) {
        this.peer = peer;
        this.timeout = timeout;
        this.ignoreQuota = ignoreQuota;
    }

    /**
     * Runs the transaction.
     *
     * @param helo the name for LHLO (Exim's primary_hostname)
     * @param returnPath the envelope sender for MAIL
     * @return the outcome of each address, in the batch's order
     * @throws DialogueFailure when the outcome is the same for the whole batch
     */
    List<Outcome> run(String helo, String returnPath, List<Address> batch, MessageWriter message)
            throws DialogueFailure {
        expect('2');
        command("LHLO " + helo);
        Reply lhlo = expect('2');
        String rcptSuffix = ignoreQuota && IGNOREQUOTA.matcher(lhlo.text()).find() ? " IGNOREQUOTA" : "";
        command("MAIL FROM:<" + returnPath + ">");
        expect('2', ErrorClass.MAIL_4XX);

        List<Outcome> outcomes = new ArrayList<>();
        List<Integer> accepted = new ArrayList<>();
        for (Address address : batch) {
            String rcpt = address.domain().isEmpty() ? address.localPart()
                    : address.localPart() + "@" + address.domain();
            command("RCPT TO:<" + rcpt + ">" + rcptSuffix);
            Reply reply = read();
            if (reply.digit() == '2') {
                accepted.add(outcomes.size());
                outcomes.add(null);
            } else {
                outcomes.add(refusal(reply, ErrorClass.RCPT_4XX, LmtpTransport.retryKey(address)));
            }
        }
        if (!accepted.isEmpty()) {
            command("DATA");
            expect('3', ErrorClass.DATA_4XX);
            doing = "sending data block";
            sendMessage(message);
            doing = "end of data";
            for (int n = 0; n < accepted.size(); n++) {
                int index = accepted.get(n);
                String retryKey = LmtpTransport.retryKey(batch.get(index));
                Outcome outcome;
                try {
                    Reply reply = readOrThrow();
                    outcome = reply.digit() == '2' ? new Outcome.Delivered(reply.printable())
                            : refusal(reply, ErrorClass.DATA_4XX, retryKey);
                } catch (DialogueFailure f) {
                    // Exim gives this to every recipient still waiting and stops reading.
                    for (int rest = n; rest < accepted.size(); rest++) {
                        outcomes.set(accepted.get(rest), LmtpTransport.outcome(f, batch.get(accepted.get(rest))));
                    }
                    quit();
                    return outcomes;
                }
                outcomes.set(index, outcome);
            }
        }
        quit();
        return outcomes;
    }

    /** Writes the message, the final dot included, timing each block as Exim's transport_write_timeout does. */
    private void sendMessage(MessageWriter message) throws DialogueFailure {
        Peer.TimedOutput timed = peer.new TimedOutput(timeout);
        OutputStream out = new BufferedOutputStream(timed, 8192);
        try {
            message.writeTo(out, WriteOptions.SMTP);
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (TransportFilterException e) {
            // lmtp.c: ERRNO_FILTER_FAIL is worded as smtp's, and no QUIT ends the DATA.
            throw new DialogueFailure(e.getMessage(), false, ErrorClass.OTHER, 0);
        } catch (IOException e) {
            written = timed.count();
            throw readFailure(e);
        } finally {
            written = timed.count();
        }
    }

    /** A 4xx or 5xx reply to RCPT or after the dot: this address's own outcome. */
    private Outcome refusal(Reply reply, ErrorClass errorClass, String retryKey) {
        String message = "LMTP error after " + doing + ": " + reply.printable();
        if (reply.digit() == '5') {
            return new Outcome.Failed(message);
        }
        return new Outcome.Deferred(retryKey, message, reply.digit() == '4' ? errorClass : ErrorClass.OTHER,
                reply.digit() == '4' ? reply.code() : 0);
    }

    private Reply expect(char digit) throws DialogueFailure {
        return expect(digit, ErrorClass.OTHER);
    }

    /**
     * Reads a reply that must start with {@code digit}; any other ends the transaction with
     * Exim's "LMTP error after ..." (failed for 5xx, else deferred) after a QUIT.
     */
    private Reply expect(char digit, ErrorClass class4xx) throws DialogueFailure {
        Reply reply = read();
        if (reply.digit() == digit) {
            return reply;
        }
        String message = "LMTP error after " + doing + ": " + reply.printable();
        quit();
        if (reply.digit() == '5') {
            throw new DialogueFailure(message, true, ErrorClass.OTHER, 0);
        }
        boolean is4xx = reply.digit() == '4';
        throw new DialogueFailure(message, false, is4xx ? class4xx : ErrorClass.OTHER, is4xx ? reply.code() : 0);
    }

    /** Reads a reply; a failure to read one aborts the connection and ends the transaction. */
    private Reply read() throws DialogueFailure {
        try {
            return readOrThrow();
        } catch (DialogueFailure f) {
            peer.abort();
            throw f;
        }
    }

    /** Reads a reply with the timeout; a failure to read one is described as Exim's check_response does. */
    private Reply readOrThrow() throws DialogueFailure {
        peer.arm(timeout);
        try {
            return Reply.read(peer.input());
        } catch (Reply.Unreadable u) {
            if (peer.timedOut()) {
                throw timeoutFailure();
            }
            if (u.kind() == Reply.Unreadable.Kind.MALFORMED) {
                throw DialogueFailure.defer("Malformed LMTP response after " + doing + ": " + Printing.of(u.text()));
            }
            throw new DialogueFailure("LMTP connection closed after " + doing, false, ErrorClass.LOST_CONNECTION, 0);
        } catch (IOException e) {
            throw readFailure(e);
        } finally {
            peer.disarm();
        }
    }

    private DialogueFailure readFailure(IOException e) {
        if (peer.timedOut()) {
            return timeoutFailure();
        }
        // Exim leaves the message unset for an error that is neither a timeout nor a reply,
        // then appends strerror() to it, and its formatting prints the unset string as "NULL".
        return new DialogueFailure("NULL: " + Errors.strerror(e), false, ErrorClass.OTHER, 0);
    }

    private DialogueFailure timeoutFailure() {
        String message = "LMTP timeout after " + doing;
        if (written > 0) {
            message += " (" + written + " bytes written)";
        }
        return new DialogueFailure(message, false, ErrorClass.TIMEOUT, 0);
    }

    /** Writes a command; Exim does not time these writes, and a failure is its "Error n". */
    private void command(String line) throws DialogueFailure {
        doing = line;
        try {
            OutputStream out = peer.output();
            out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            peer.abort();
            throw DialogueFailure.defer("Error " + Errors.errno(e));
        }
    }

    /** QUIT, and a second for the reply, whatever it is. */
    private void quit() {
        try {
            OutputStream out = peer.output();
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            peer.arm(Duration.ofSeconds(1));
            try {
                Reply.read(peer.input());
            } finally {
                peer.disarm();
            }
        } catch (IOException | Reply.Unreadable e) {
            // The transaction is over; Exim ignores what becomes of the QUIT.
        }
    }

    /** The message as the engine writes it. */
    @FunctionalInterface
    interface MessageWriter {
        void writeTo(OutputStream out, WriteOptions options) throws IOException;
    }
}
