package org.osprey.mta.transport.autoreply;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.transport.Delivery;
import org.osprey.mta.kernel.transport.MessageSubmitter;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * A configured autoreply transport: one call makes (at most) one reply, in Exim's order.
 * <ol>
 * <li>The options are expanded and checked ({@link Reply}); a failure fails the address.
 * <li>never_mail takes addresses out of To:, Cc: and Bcc:; when none is left, nothing is
 *     sent and the delivery succeeds.
 * <li>With {@code once} set and a To: value, a reply already sent to that value (within
 *     once_repeat, when set) is not sent again; the log file says so, and the delivery succeeds.
 * <li>The file is opened; one that cannot be defers the delivery, unless file_optional.
 * <li>The reply goes to the delivery's {@link MessageSubmitter}. The once file is updated
 *     whatever came of that (better a reply missed than two sent); a refusal defers the
 *     delivery, but a reply without recipients does not. Then the log file gets its entry.
 * </ol>
 * Every address of the batch gets the outcome of that one attempt. The files are read,
 * created and written as the delivery's user ({@link UserFiles}).
 *
 * <p>Not done: Exim's taint checks (the kernel does not mark tainted strings); the -N option;
 * the rubrics for the generic headers_only and body_only options and the main option
 * bounce_return_size_limit, which the kernel does not show a transport (Exim's default,
 * 100K, is used). Exim's DBM file for {@code once} without once_file_size is replaced by
 * records in the engine's hints store ({@link OnceHints}).
 */
final class AutoreplyTransport implements Transport {
    private static final DateTimeFormatter TOD_LOG = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String name;
    private final OptionValues options;

    AutoreplyTransport(String name, OptionValues options) {
        this.name = name;
        this.options = options;
    }

    @Override
    public TransportResult deliver(Delivery delivery) {
        List<Address> batch = delivery.addresses();
        ReplyProblem problem = null;
        try {
            reply(delivery);
        } catch (ReplyProblem p) {
            problem = p;
        }
        TransportResult.Builder result = TransportResult.builder();
        for (Address address : batch) {
            result.outcome(address, problem == null ? new Outcome.Delivered("") : problem.outcome(address));
        }
        return result.build();
    }

    private void reply(Delivery delivery) throws ReplyProblem {
        Expander expander = delivery.expander();
        Reply r = Reply.expand(options, expander, name);
        if (options.isSet(AutoreplyOptions.NEVER_MAIL) && !neverMail(r, delivery)) {
            return;
        }
        int mode = options.get(AutoreplyOptions.MODE);
        UserFiles files = UserFiles.of(delivery.credentials());
        ReplyLog log = r.log == null ? null : new ReplyLog(Path.of(r.log), mode, files);
        long now = now(expander);
        OnceRecords once = null;
        try {
            if (r.once != null && !r.once.isEmpty() && r.to != null) {
                once = onceRecords(r.once, mode, delivery, files);
                long then = once.lastSent(r.to);
                if (then != 0 && (r.onceRepeat <= 0 || now - then < r.onceRepeat)) {
                    if (log != null) {
                        log.append(ReplyLog.previouslySentEntry(todLog(expander), r.to));
                    }
                    return;
                }
            }
            byte[] file = readFile(r, files);
            ReplyMessage message = new ReplyMessage(r, delivery.message().headers());
            if (file != null) {
                message.appendFile(file, options.get(AutoreplyOptions.FILE_EXPAND) ? expander : null);
            }
            if (options.get(AutoreplyOptions.RETURN_MESSAGE)) {
                try {
                    message.appendOriginal(delivery.message());
                } catch (IOException e) {
                    throw ReplyProblem.defer("Failed to send message from " + name + " transport: " + Errno.text(e));
                }
            }
            MessageSubmitter.Refused refused = submit(delivery, message);
            if (once != null) {
                record(once, r.to, now);
            }
            if (refused != null) {
                throw ReplyProblem.defer("Failed to send message from " + name + " transport (" + refused.status()
                        + ")");
            }
            if (log != null) {
                log.append(ReplyLog.sentEntry(todLog(expander), r));
            }
        } finally {
            close(once);
        }
    }

    /** The cache file with once_file_size; else, where Exim has its DBM file, the hints store. */
    private OnceRecords onceRecords(String path, int mode, Delivery delivery, UserFiles files)
            throws ReplyProblem {
        int size = options.get(AutoreplyOptions.ONCE_FILE_SIZE);
        if (size <= 0) {
            return new OnceHints(delivery.hints(), path);
        }
        try {
            return OnceFile.open(Path.of(path), mode, size, files);
        } catch (IOException e) {
            throw ReplyProblem.defer("Failed to open \"once\" file " + path + " when sending message from "
                    + name + " transport: " + Errno.text(e));
        }
    }

    /** check_never_mail on To:, Cc: and Bcc:; false when no recipient is left. */
    private boolean neverMail(Reply r, Delivery delivery) throws ReplyProblem {
        String list = options.text(AutoreplyOptions.NEVER_MAIL).orElseThrow();
        NeverMail never = new NeverMail(list, delivery.lists());
        try {
            r.to = r.to == null ? null : never.filter(r.to);
            r.cc = r.cc == null ? null : never.filter(r.cc);
            r.bcc = r.bcc == null ? null : never.filter(r.bcc);
        } catch (ExpansionException e) {
            throw ReplyProblem.fail("Failed to expand \"" + list + "\" for \"never_mail\" in " + name + " transport");
        }
        return r.to != null || r.cc != null || r.bcc != null;
    }

    /** The file's contents; null for an optional file that cannot be opened. */
    private byte[] readFile(Reply r, UserFiles files) throws ReplyProblem {
        if (r.file == null) {
            return null;
        }
        try {
            files.mayRead(Path.of(r.file));
            return Files.readAllBytes(Path.of(r.file));
        } catch (IOException e) {
            if (options.get(AutoreplyOptions.FILE_OPTIONAL)) {
                return null;
            }
            throw ReplyProblem.defer("Failed to open file " + r.file + " when sending message from " + name
                    + " transport: " + Errno.text(e));
        }
    }

    private static MessageSubmitter.Refused submit(Delivery delivery, ReplyMessage message) {
        try {
            delivery.submitter().submit(new ByteArrayInputStream(message.bytes()));
            return null;
        } catch (MessageSubmitter.Refused e) {
            return e;
        }
    }

    /** Exim does not let a failure to write the once file change the outcome. */
    private static void record(OnceRecords once, String to, long now) {
        try {
            once.record(to, now);
        } catch (IOException e) {
            // As in autoreply.c: noted only in debug output.
        }
    }

    private static void close(OnceRecords once) {
        if (once != null) {
            try {
                once.close();
            } catch (IOException e) {
                // Nothing was left unwritten: record() writes through.
            }
        }
    }

    /** The time in seconds, as the engine's clock has it ($tod_epoch). */
    private static long now(Expander expander) {
        try {
            return Long.parseLong(expander.expand("$tod_epoch").trim());
        } catch (ExpansionException | NumberFormatException e) {
            return Instant.now().getEpochSecond();
        }
    }

    /** Exim's tod_log stamp, in the engine's time zone ($tod_log). */
    private static String todLog(Expander expander) {
        try {
            return expander.expand("$tod_log");
        } catch (ExpansionException e) {
            return LocalDateTime.now(ZoneId.systemDefault()).format(TOD_LOG);
        }
    }
}
