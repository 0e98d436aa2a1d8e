package org.osprey.mta.core.bounce;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.field.DefaultFieldParser;
import org.apache.james.mime4j.message.BasicBodyFactory;
import org.apache.james.mime4j.message.BodyPart;
import org.apache.james.mime4j.message.HeaderImpl;
import org.apache.james.mime4j.message.MessageImpl;
import org.apache.james.mime4j.message.MultipartImpl;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.NameValuePair;
import org.osprey.mta.core.spool.DataFile;
import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.HeaderLine;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.core.spool.Recipient;
import org.osprey.mta.core.spool.Spool;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;

/**
 * What bounces and delay warnings share: the pieces of text Exim 4.96 prints for an address,
 * the DSN fields, the References header, the copy of the original message, the
 * multipart/report body (a mime4j model, written with LF line ends as the spool keeps them),
 * and the -H file of the new message, with the Received, Message-Id and Date headers Exim's
 * reception adds to a message it sends itself. Never stores anything.
 */
final class DsnReport {

    /** The header Exim adds to a copy cut down to its headers by a limit (or bounce_return_body). */
    static final String LIMIT_HEADER =
            "X-Exim-DSN-Information: Due to administrative limits only headers are returned\n";

    /** Exim's DELIVER_IN_BUFFER_SIZE: bounce_return_size_limit is rounded up to a multiple of it. */
    static final int BUFFER_SIZE = 8192;

    /** RFC 5322 date as Exim writes it ({@code tod_full}). */
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>]*>");

    private DsnReport() {
    }

    /** One part of the report: its Content-type header value and its content. */
    record Part(String contentType, byte[] content) {
        static Part text(String contentType, String content) {
            return new Part(contentType, content.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    // ----- texts about an address (Exim's print_address_information / print_address_error) -----

    /**
     * {@code si address [sc(generated from top)] [\n    host name [ip]] se}; a hidden address
     * is "an undisclosed address", and its error is not to follow ({@link #addressError}).
     */
    static String addressInformation(ReportedAddress a, String si, String sc, String se) {
        String printed = a.hidden() && a.topAddress() != null ? "an undisclosed address" : printing(a.address());
        StringBuilder sb = new StringBuilder(si).append(printed);
        if (a.topAddress() != null && !a.topAddress().equalsIgnoreCase(printed)) {
            sb.append(sc).append("(generated from ").append(printing(a.topAddress())).append(')');
        }
        if (a.host() != null) {
            sb.append("\n    host ").append(a.host().name()).append(" [")
                    .append(a.host().address() == null ? "" : a.host().address()).append(']');
        }
        return sb.append(se).toString();
    }

    /**
     * The error text under an address, indented by 4: a {@code \n} escape starts a new line,
     * and a long line is broken after a colon followed by white space, as Exim does.
     */
    static String addressError(ReportedAddress a, String lead) {
        String s = a.error();
        if (s == null || a.hidden() && a.topAddress() != null) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n    ").append(lead);
        int count = lead.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == 'n') {
                sb.append("\n    ");
                i++;
                count = 0;
            } else {
                sb.append(c);
                count++;
                if (c == ':' && i + 1 < s.length() && Character.isWhitespace(s.charAt(i + 1)) && count > 45) {
                    sb.append("\n   ");
                    count = 0;
                }
            }
        }
        return sb.toString();
    }

    /** Exim's string_printing: control characters and bytes above 126 as escapes. */
    static String printing(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c >= 32 && c < 127) {
                sb.append(c);
            } else {
                switch (c) {
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> sb.append(String.format("\\%03o", (int) c & 0xff));
                }
            }
        }
        return sb.toString();
    }

    // ----- the machine-readable part -----

    /** The per-message fields and the blank line after them. */
    static String reportingFields(String reportingMta, String envid) {
        StringBuilder sb = new StringBuilder("Reporting-MTA: dns; ").append(reportingMta).append('\n');
        if (envid != null) {
            sb.append(validXtext(envid) ? "Original-Envelope-ID: " + envid
                    : "X-Original-Envelope-ID: error decoding xtext formatted ENVID").append('\n');
        }
        return sb.append('\n').toString();
    }

    /** One address's fields and the blank line after them. */
    static String recipientFields(ReportedAddress a, String action, String status) {
        StringBuilder sb = new StringBuilder();
        if (a.orcpt() != null) {
            sb.append("Original-Recipient: ").append(a.orcpt()).append('\n');
        }
        sb.append("Action: ").append(action).append('\n')
                .append("Final-Recipient: rfc822;").append(a.finalRecipient()).append('\n')
                .append("Status: ").append(status).append('\n');
        if (a.host() != null) {
            sb.append("Remote-MTA: dns; ").append(a.host().name()).append('\n');
            if (a.smtpReply() != null) {
                sb.append(diagnosticCode(a.smtpReply()));
            }
        }
        return sb.append('\n').toString();
    }

    /** {@code Diagnostic-Code: smtp; reply}, {@code \n} escapes continued with a space, cut at 950. */
    static String diagnosticCode(String reply) {
        StringBuilder sb = new StringBuilder("Diagnostic-Code: smtp; ");
        int count = sb.length();
        for (int i = 0; i < reply.length(); i++) {
            if (count > 950) {
                sb.append("[truncated]");
                break;
            }
            char c = reply.charAt(i);
            if (c == '\\' && i + 1 < reply.length() && reply.charAt(i + 1) == 'n') {
                sb.append("\n ");
                i++;
                count += 2;
            } else {
                sb.append(c);
                count++;
            }
        }
        return sb.append('\n').toString();
    }

    /** RFC 3461 xtext: printable ASCII but '+' and '=', and '+' followed by two upper-case hex digits. */
    static boolean validXtext(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (c < 33 || c > 126 || c == '=') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'F';
    }

    // ----- headers of the new message -----

    /**
     * The References header Exim writes (moan_write_references): the ids of the original's
     * References (else In-Reply-To), at most 12 (the first and the last 11), then its
     * Message-Id; null when it has none of these.
     */
    static String references(HeaderFile original) {
        String messageId = null;
        HeaderLine refs = null;
        HeaderLine inReplyTo = null;
        for (HeaderLine h : original.headers()) {
            String name = name(h.text());
            if (h.type() == 'I') {
                messageId = h.text().substring(h.text().indexOf(':') + 1).stripLeading();
            }
            if (!h.deleted() && refs == null && name.equalsIgnoreCase("References")) {
                refs = h;
            }
            if (!h.deleted() && inReplyTo == null && name.equalsIgnoreCase("In-Reply-To")) {
                inReplyTo = h;
            }
        }
        HeaderLine h = refs != null ? refs : inReplyTo;
        if (h == null && messageId == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder("References:");
        if (h != null) {
            List<String> ids = new ArrayList<>();
            Matcher m = MESSAGE_ID.matcher(h.text().substring(h.text().indexOf(':') + 1));
            while (m.find()) {
                if (ids.size() == 12) {
                    ids.remove(1);
                }
                ids.add(m.group());
            }
            ids.forEach(id -> sb.append(' ').append(id));
        }
        if (messageId != null) {
            sb.append(' ').append(messageId);
        } else {
            sb.append('\n');
        }
        return sb.toString();
    }

    static String name(String headerText) {
        int colon = headerText.indexOf(':');
        return colon < 0 ? "" : headerText.substring(0, colon).trim();
    }

    /** Splits a block of header text (from a template) into headers, keeping continuation lines. */
    static List<String> splitHeaders(String block) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (String line : block.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append(line).append('\n');
            } else {
                if (current != null) {
                    out.add(current.toString());
                }
                current = new StringBuilder(line).append('\n');
            }
        }
        if (current != null) {
            out.add(current.toString());
        }
        return out;
    }

    /** Exim's boundary: {@code <time>-eximdsn-<random>}. */
    static String boundary(Instant now, java.util.random.RandomGenerator random) {
        return now.getEpochSecond() + "-eximdsn-" + random.nextInt(Integer.MAX_VALUE);
    }

    static String contentTypeHeader(String boundary) {
        return "Content-Type: multipart/report; report-type=delivery-status; boundary=" + boundary + "\n";
    }

    // ----- the body -----

    /**
     * The multipart/report body: each part as a mime4j body part under a message whose
     * Content-Type (parsed by mime4j) gives the boundary, written with LF line ends: no
     * preamble, {@code --boundary}, the part's header, a blank line, its content and a line
     * end, and the closing {@code --boundary--}.
     */
    static byte[] body(String contentTypeHeader, List<Part> parts) throws IOException {
        try {
            MessageImpl message = new MessageImpl();
            HeaderImpl header = new HeaderImpl();
            header.addField(DefaultFieldParser.parse(chop(contentTypeHeader)));
            message.setHeader(header);
            MultipartImpl multipart = new MultipartImpl("report",
                    List.of(new NameValuePair("report-type", "delivery-status")));
            for (Part p : parts) {
                BodyPart part = new BodyPart();
                HeaderImpl h = new HeaderImpl();
                h.addField(DefaultFieldParser.parse("Content-type: " + p.contentType()));
                part.setHeader(h);
                part.setBody(BasicBodyFactory.INSTANCE.binaryBody(p.content()));
                multipart.addBodyPart(part);
            }
            message.setBody(multipart);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writeMultipart(message, out);
            return out.toByteArray();
        } catch (MimeException e) {
            throw new IOException("cannot build the report: " + e.getMessage(), e);
        }
    }

    private static void writeMultipart(MessageImpl message, OutputStream out) throws IOException {
        ContentTypeField type = (ContentTypeField) message.getHeader().getField("Content-Type");
        byte[] boundary = type.getBoundary().getBytes(StandardCharsets.US_ASCII);
        Multipart multipart = (Multipart) message.getBody();
        for (Entity part : multipart.getBodyParts()) {
            out.write('-');
            out.write('-');
            out.write(boundary);
            out.write('\n');
            for (Field f : part.getHeader().getFields()) {
                out.write((f.getName() + ": " + f.getBody() + "\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            out.write('\n');
            ((SingleBody) part.getBody()).writeTo(out);
            out.write('\n');
        }
        out.write('-');
        out.write('-');
        out.write(boundary);
        out.write("--\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static String chop(String headerText) {
        return headerText.endsWith("\n") ? headerText.substring(0, headerText.length() - 1) : headerText;
    }

    // ----- the copy of the original -----

    /**
     * The original as a transport would write it with a Return-path header: its headers
     * (deleted ones left out), {@code extraHeader} if not null, a blank line, and the body
     * from the -D file when {@code withBody}.
     */
    static byte[] returnedCopy(Spool spool, HeaderFile original, boolean withBody, String extraHeader)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder("Return-path: <").append(original.sender()).append(">\n");
        original.headers().stream().filter(h -> !h.deleted()).forEach(h -> head.append(h.text()));
        if (extraHeader != null) {
            head.append(extraHeader);
        }
        head.append('\n');
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (withBody) {
            MessageId id = original.id();
            try (InputStream in = DataFile.openBody(spool.dataFile(id), id)) {
                in.transferTo(out);
            }
        }
        return out.toByteArray();
    }

    /** The size of the original's -D file, as Exim's fstat sees it. */
    static long dataFileSize(Spool spool, HeaderFile original) throws IOException {
        return Files.size(spool.dataFile(original.id()));
    }

    // ----- the new message -----

    /** Expands an option, falling back to {@code fallback} when unset or the expansion fails. */
    static String expandOr(Expander expander, String option, String fallback) {
        if (option == null || option.isEmpty()) {
            return fallback;
        }
        try {
            return expander.expand(option);
        } catch (ExpansionException | RuntimeException e) {
            return fallback;
        }
    }

    /**
     * The new message: its headers (Received first, then {@code headers}, then Message-Id and
     * Date unless present; Bcc headers become recipients and are dropped, as Exim's -t does)
     * and an -H file from the MTA's own user with the null sender.
     */
    static GeneratedMessage message(MessageId id, Instant now, BounceSettings s, Expander expander,
            List<String> to, List<String> headers, byte[] body) {
        String date = DATE.format(ZonedDateTime.ofInstant(now, s.zone()));
        List<String> recipients = new ArrayList<>(to);
        List<HeaderLine> lines = new ArrayList<>();
        boolean hasMessageId = false;
        boolean hasDate = false;
        int maxLine = 0;
        for (String h : headers) {
            String name = name(h);
            if (name.equalsIgnoreCase("Bcc")) {
                for (String a : h.substring(h.indexOf(':') + 1).split(",")) {
                    if (!a.isBlank()) {
                        recipients.add(a.strip());
                    }
                }
                continue;
            }
            hasMessageId |= name.equalsIgnoreCase("Message-Id");
            hasDate |= name.equalsIgnoreCase("Date");
            lines.add(HeaderLine.typed(h));
            maxLine = Math.max(maxLine, longestLine(h));
        }
        String host = s.primaryHostname();
        StringBuilder received = new StringBuilder("Received: from ").append(s.originatorLogin()).append(" by ")
                .append(host).append(" with local (Exim 4.96)\n\tid ").append(id).append('\n');
        if (recipients.size() == 1) {
            received.append("\tfor ").append(recipients.get(0)).append(";\n");
        } else {
            received.setLength(received.length() - 1);
            received.append(";\n");
        }
        received.append('\t').append(date).append('\n');
        lines.add(0, HeaderLine.typed(received.toString()));
        if (!hasMessageId) {
            String domain = expandOr(expander, s.messageIdDomain(), host);
            lines.add(HeaderLine.typed("Message-Id: <E" + id + "@" + domain + ">\n"));
        }
        if (!hasDate) {
            lines.add(HeaderLine.typed("Date: " + date + "\n"));
        }
        int bodyLines = 0;
        int run = 0;
        for (byte b : body) {
            if (b == '\n') {
                bodyLines++;
                maxLine = Math.max(maxLine, run);
                run = 0;
            } else {
                run++;
            }
        }
        maxLine = Math.max(maxLine, run);
        long micros = now.getNano() / 1000;
        HeaderFile.Builder b = HeaderFile.builder(id)
                .originator(s.originatorLogin(), s.originatorUid(), s.originatorGid())
                .sender("")
                .receivedTime(now.getEpochSecond())
                .variable("received_time_usec", String.format(".%06d", micros))
                .variable("received_time_complete", now.getEpochSecond() + String.format(".%06d", micros))
                .variable("ident", s.originatorLogin())
                .variable("received_protocol", "local")
                .variable("body_linecount", Integer.toString(bodyLines))
                .variable("max_received_linelength", Integer.toString(maxLine))
                .flag("allow_unqualified_recipient")
                .flag("allow_unqualified_sender")
                // A new message, received like any other (Exim's child_open_exim): its first
                // delivery is a first_delivery (the smtp transport then pipelines QUIT).
                .flag("deliver_firsttime")
                .flag("localerror");
        recipients.forEach(r -> b.recipient(Recipient.of(r)));
        lines.forEach(b::header);
        return new GeneratedMessage(b.build(), body);
    }

    private static int longestLine(String text) {
        int max = 0;
        for (String l : text.split("\n")) {
            max = Math.max(max, l.length());
        }
        return max;
    }
}
