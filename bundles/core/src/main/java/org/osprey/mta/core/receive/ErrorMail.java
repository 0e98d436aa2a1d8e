package org.osprey.mta.core.receive;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.log.LogFile;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.spool.DataFileWriter;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.kernel.address.Rfc822;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * Exim 4.96's moan_to_sender and moan_send_message: the message that tells the sender why a
 * message from standard input was not accepted (in the default error mode, {@code -oem}), with
 * a copy of what was received, submitted as Exim submits it: by the MTA's user, with
 * {@code -t -oem -oi -f <>}, flagged as a local error and referring to the refused message.
 * When there is no sender to tell (the null sender, or a local error message itself), it only
 * logs the problem, as Exim does.
 *
 * <p>The copy is limited as {@code bounce_return_size_limit} says. Exim 4.96 compares each
 * line with that limit but never counts what it has copied (a bug), so a large message is
 * copied whole; Osprey counts, and stops at the limit.
 */
final class ErrorMail {

    /** Exim's ERRMESS_xxx: which error the message is about. */
    enum Kind {
        BAD_ARGUMENT_ADDRESS, BAD_NO_ADDRESS, BAD_ADDRESS, IGNORED_ADDRESSES, NO_ADDRESS, IO_ERROR,
        LONG_HEADER_SECTION, LONG_HEADER_LINE, TOO_BIG, TOO_MANY_RECIPIENTS, LOCAL_ACL
    }

    /** One error: the text (an address, or the error for the others) and the reason. Byte strings. */
    record Problem(String text, String error) {
    }

    /** Where the rest of the message is copied from. */
    record Source(InputStream stdin, boolean dotEnds, boolean checkSender, Path dataFile) {
        static Source stdin(InputStream in, boolean dotEnds, boolean checkSender) {
            return new Source(in, dotEnds, checkSender, null);
        }

        static Source dataFile(Path file) {
            return new Source(null, false, false, file);
        }
    }

    /** Exim's BIG_BUFFER_SIZE: the buffer fgets reads the first line into. */
    private static final int BIG_BUFFER_SIZE = 16384;
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>]*>");

    private final LocalSubmission submission;
    private final Configuration config;
    private final ExpansionEngine engine;
    private final Submitter mtaUser;

    ErrorMail(LocalSubmission submission, Configuration config, ExpansionEngine engine, Submitter mtaUser) {
        this.submission = submission;
        this.config = config;
        this.engine = engine;
        this.mtaUser = mtaUser;
    }

    /**
     * Tells {@code sender} about the error, or logs it when there is no one to tell.
     *
     * @param headers what to copy before the body (null for none), all entries with text
     * @param reference the refused message's id, when it had one (the error message's R=)
     * @param ownReference what the refused message itself refers to (when it is an error message)
     * @param sizeSoFar the size read when the error was found (Exim's message_size)
     * @param sizeLimit the message_size_limit in force
     * @return the error message's id, or null when none was sent
     */
    MessageId send(LogWriter log, Kind kind, List<Problem> problems, HeaderList headers, Source source,
            String sender, boolean localError, MessageId reference, MessageId ownReference, long sizeSoFar,
            long sizeLimit, UnaryOperator<String> fromLineSender) {
        String firstLine = null;
        String to = sender;
        if (source.checkSender() && source.stdin() != null) {
            // A trusted caller's message may start with a UUCP "From " line naming the sender.
            String line = readLine(source.stdin(), BIG_BUFFER_SIZE);
            if (line != null) {
                String fromLine = fromLineSender.apply(line);
                if (fromLine != null) {
                    to = fromLine;
                } else {
                    firstLine = line;
                }
            }
        }
        String logId = reference == null ? null : reference.toString();
        if (to == null || to.isEmpty() || localError) {
            String msg = "Error while reading message with no usable sender address"
                    + (ownReference == null ? "" : " (R=" + ownReference + ")");
            String text = switch (kind) {
                case BAD_ARGUMENT_ADDRESS, BAD_NO_ADDRESS, BAD_ADDRESS -> msg
                        + ": at least one malformed recipient address: " + problems.get(0).text() + " - "
                        + problems.get(0).error();
                case IGNORED_ADDRESSES, NO_ADDRESS -> msg + ": no recipient addresses";
                case IO_ERROR -> null;
                case LONG_HEADER_SECTION -> msg + ": excessively long message header section read (more than "
                        + config.get(MainOptions.HEADER_MAXSIZE) + " characters)";
                case LONG_HEADER_LINE -> msg + ": excessively long message header line read (more than "
                        + config.get(MainOptions.HEADER_LINE_MAXSIZE) + " characters)";
                case TOO_BIG -> msg + ": message too big (limit set to " + sizeLimit + ")";
                case TOO_MANY_RECIPIENTS -> msg + ": too many recipients (max set to "
                        + config.get(MainOptions.RECIPIENTS_MAX) + ")";
                case LOCAL_ACL -> msg + ": rejected by non-SMTP ACL: " + problems.get(0).text();
            };
            if (text != null) {
                log.write(EnumSet.of(LogFile.MAIN), logId, Rfc822.text(text));
            }
            return null;
        }
        byte[] message;
        try {
            message = compose(kind, problems, headers, source, to, firstLine, sizeSoFar, sizeLimit);
        } catch (IOException e) {
            log.write(EnumSet.of(LogFile.MAIN), logId, "Child mail process returned status 1");
            return null;
        }
        try {
            return submission.submitErrorMessage(mtaUser, new ByteArrayInputStream(message), reference);
        } catch (SubmissionException e) {
            log.write(EnumSet.of(LogFile.MAIN), logId, "Child mail process returned status " + e.exitCode());
            return null;
        }
    }

    /** fgets: a line of at most {@code size - 1} bytes, with its newline if it fits; null at the end. */
    private static String readLine(InputStream in, int size) {
        StringBuilder line = new StringBuilder();
        try {
            int c;
            while (line.length() < size - 1 && (c = in.read()) >= 0) {
                line.append((char) c);
                if (c == '\n') {
                    break;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return line.length() == 0 ? null : line.toString();
    }

    private byte[] compose(Kind kind, List<Problem> problems, HeaderList headers, Source source, String to,
            String firstLine, long sizeSoFar, long sizeLimit) throws IOException {
        StringBuilder m = new StringBuilder();
        String replyTo = config.get(MainOptions.ERRORS_REPLY_TO);
        if (replyTo != null) {
            m.append("Reply-To: ").append(Rfc822.bytes(replyTo)).append('\n');
        }
        m.append("Auto-Submitted: auto-replied\n");
        m.append("From: ").append(dsnFrom()).append('\n');
        m.append("To: ").append(to).append('\n');
        if (headers != null) {
            m.append(references(headers));
        }
        appendText(m, kind, problems);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean returnMessage = config.get(MainOptions.BOUNCE_RETURN_MESSAGE);
        boolean returnBody = config.get(MainOptions.BOUNCE_RETURN_BODY);
        long limit = config.get(MainOptions.BOUNCE_RETURN_SIZE_LIMIT);
        if (returnMessage) {
            if (returnBody) {
                m.append("\n------ This is a copy of your message, including all the headers.");
                if (limit == 0 || limit > sizeLimit) {
                    limit = sizeLimit;
                }
                if (limit > 0 && limit < sizeSoFar) {
                    long x = limit;
                    String k = "";
                    if ((x & 1023) == 0) {
                        k = "K";
                        x >>= 10;
                    }
                    m.append("\n------ No more than ").append(x).append(k)
                            .append(" characters of the body are included.\n\n");
                } else {
                    m.append(" ------\n\n");
                }
            } else {
                m.append("\n------ This is a copy of the headers that were received before the error\n"
                        + "       was detected.\n\n");
            }
            if (headers != null) {
                for (HeaderList.Entry e : headers.entries()) {
                    if (e.text != null) {
                        m.append(e.text);
                    }
                }
            }
            if (kind != Kind.LONG_HEADER_SECTION && kind != Kind.LONG_HEADER_LINE) {
                m.append('\n');
            }
            out.write(m.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (returnBody) {
                if (firstLine != null) {
                    out.write(firstLine.getBytes(StandardCharsets.ISO_8859_1));
                }
                copyBody(source, out, limit, config.get(MainOptions.BOUNCE_RETURN_LINESIZE_LIMIT));
            }
        } else {
            out.write(m.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }

    private String dsnFrom() {
        String template = config.get(MainOptions.DSN_FROM);
        try {
            return Rfc822.bytes(engine.compile(template).expand(ExpansionContext.empty()));
        } catch (ExpansionException e) {
            try {
                return Rfc822.bytes(engine.compile("Mail Delivery System <Mailer-Daemon@$qualify_domain>")
                        .expand(ExpansionContext.empty()));
            } catch (ExpansionException e2) {
                return "Mail Delivery System <Mailer-Daemon@localhost>";
            }
        }
    }

    /**
     * moan_write_references: the message's id, after the ids of its References: header (or its
     * In-Reply-To:), keeping the first and the last eleven.
     */
    private static String references(HeaderList headers) {
        String messageId = null;
        for (HeaderList.Entry e : headers.entries()) {
            if (e.text != null && e.type == HeaderList.ID) {
                String v = HeaderList.value(e.text);
                int s = 0;
                while (s < v.length() && Rfc822.isSpace(v.charAt(s))) {
                    s++;
                }
                messageId = v.substring(s);
            }
        }
        HeaderList.Entry refs = null;
        for (String name : List.of("References:", "In-Reply-To:")) {
            for (HeaderList.Entry e : headers.entries()) {
                if (e.text != null && e.type != HeaderList.OLD && e.text.regionMatches(true, 0, name, 0, name.length())) {
                    refs = e;
                    break;
                }
            }
            if (refs != null) {
                break;
            }
        }
        if (refs == null && messageId == null) {
            return "";
        }
        StringBuilder out = new StringBuilder("References:");
        if (refs != null) {
            java.util.ArrayList<String> ids = new java.util.ArrayList<>();
            Matcher matcher = MESSAGE_ID.matcher(HeaderList.value(refs.text));
            while (matcher.find()) {
                if (ids.size() == 12) {
                    ids.remove(1);
                }
                ids.add(matcher.group());
            }
            for (String id : ids) {
                out.append(' ').append(id);
            }
        }
        if (messageId != null) {
            out.append(' ').append(messageId);
        } else {
            out.append('\n');
        }
        return out.toString();
    }

    private static void appendText(StringBuilder m, Kind kind, List<Problem> problems) {
        switch (kind) {
            case BAD_ARGUMENT_ADDRESS -> {
                Problem p = problems.get(0);
                m.append("Subject: Mail failure - malformed recipient address\n\n");
                m.append("A message that you sent contained a recipient address that was incorrectly\n"
                        + "constructed:\n\n");
                m.append("  ").append(p.text()).append("  ").append(p.error()).append('\n');
                if (!p.text().isEmpty() && p.text().endsWith(".")) {
                    m.append("\nRecipient addresses must not end with a '.' character.\n");
                }
                m.append("\nThe message has not been delivered to any recipients.\n");
            }
            case BAD_NO_ADDRESS, BAD_ADDRESS -> {
                m.append("Subject: Mail failure - malformed recipient address\n\n");
                m.append("A message that you sent contained one or more recipient addresses that were\n"
                        + "incorrectly constructed:\n\n");
                for (Problem p : problems) {
                    m.append("  ").append(p.text()).append(": ").append(p.error()).append('\n');
                }
                m.append(problems.size() == 1 ? "\nThis address has been ignored. " : "\nThese addresses have been ignored. ");
                m.append(kind == Kind.BAD_ADDRESS
                        ? "The other addresses in the message were\n"
                                + "syntactically valid and have been passed on for an attempt at delivery.\n"
                        : "There were no other addresses in your\n"
                                + "message, and so no attempt at delivery was possible.\n");
            }
            case IGNORED_ADDRESSES -> {
                m.append("Subject: Mail failure - no recipient addresses\n\n");
                m.append("A message that you sent using the -t command line option contained no\n"
                        + "addresses that were not also on the command line, and were therefore\n"
                        + "suppressed. This left no recipient addresses, and so no delivery could\n"
                        + "be attempted.\n");
            }
            case NO_ADDRESS -> {
                m.append("Subject: Mail failure - no recipient addresses\n\n");
                m.append("A message that you sent contained no recipient addresses, and therefore no\n"
                        + "delivery could be attempted.\n");
            }
            case IO_ERROR -> {
                m.append("Subject: Mail failure - system failure\n\n");
                m.append("A system failure was encountered while processing a message that you sent,\n"
                        + "so it has not been possible to deliver it. The error was:\n\n")
                        .append(problems.get(0).text()).append('\n');
            }
            case LONG_HEADER_SECTION -> {
                m.append("Subject: Mail failure - overlong header section\n\n");
                m.append("A message that you sent contained a header section that was excessively\n"
                        + "long and could not be handled by the mail transmission software. The\n"
                        + "message has not been delivered to any recipients.\n");
            }
            case LONG_HEADER_LINE -> {
                m.append("Subject: Mail failure - overlong header line\n\n");
                m.append("A message that you sent contained a header line that was excessively\n"
                        + "long and could not be handled by the mail transmission software. The\n"
                        + "message has not been delivered to any recipients.\n");
            }
            case TOO_BIG -> {
                m.append("Subject: Mail failure - message too big\n\n");
                m.append("A message that you sent was longer than the maximum size allowed on this\n"
                        + "system. It was not delivered to any recipients.\n");
            }
            case TOO_MANY_RECIPIENTS -> {
                m.append("Subject: Mail failure - too many recipients\n\n");
                m.append("A message that you sent contained more recipients than allowed on this\n"
                        + "system. It was not delivered to any recipients.\n");
            }
            case LOCAL_ACL -> {
                m.append("Subject: Mail failure - rejected by local scanning code\n\n");
                m.append("A message that you sent was rejected by the local scanning code that\n"
                        + "checks incoming messages on this system. The following error was given:\n\n  ")
                        .append(problems.get(0).text()).append('\n');
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
    }

    /**
     * The rest of the message, line by line as fgets reads it with a buffer of
     * {@code linesize + 2}: a longer line is cut and the rest of it skipped; a lone dot ends it
     * when reading standard input that a dot ends; at most {@code limit} bytes in all.
     */
    private static void copyBody(Source source, ByteArrayOutputStream out, long limit, int linesize) throws IOException {
        InputStream raw;
        if (source.dataFile() != null) {
            if (!Files.exists(source.dataFile())) {
                return;
            }
            raw = Files.newInputStream(source.dataFile());
            raw.skipNBytes(Math.min(DataFileWriter.DATA_START, Files.size(source.dataFile())));
        } else if (source.stdin() != null) {
            raw = source.stdin();
        } else {
            return;
        }
        InputStream in = new BufferedInputStream(raw);
        try {
            long written = 0;
            byte[] buf = new byte[linesize + 1];
            for (;;) {
                int len = 0;
                int c = -1;
                while (len < buf.length && (c = in.read()) >= 0) {
                    buf[len++] = (byte) c;
                    if (c == '\n') {
                        break;
                    }
                }
                if (len == 0) {
                    break;
                }
                if (source.stdin() != null && source.dotEnds() && len == 2 && buf[0] == '.' && buf[1] == '\n') {
                    out.write('.');
                    break;
                }
                if (buf[len - 1] != '\n' && c >= 0) {
                    int ch;
                    while ((ch = in.read()) >= 0 && ch != '\n') {
                        // the rest of an overlong line is skipped
                    }
                }
                if (limit > 0 && len > limit - written) {
                    out.write(buf, 0, (int) Math.max(0, limit - written));
                    break;
                }
                out.write(buf, 0, len);
                written += len;
            }
        } finally {
            if (source.dataFile() != null) {
                in.close();
            }
        }
    }
}
