package org.osprey.mta.core.bounce;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.Spool;
import org.osprey.mta.kernel.expand.Expander;

/**
 * Builds the bounce for a message's failed addresses as Exim 4.96 does (deliver.c): a new
 * message from {@code <>} to the errors address (a router's errors_to, else the envelope
 * sender), with X-Failed-Recipients, Auto-Submitted, From ({@code dsn_from}), To, References,
 * and a multipart/report; report-type=delivery-status body in three parts: the text for
 * people (Exim's words, or {@code bounce_message_file}'s sections, with
 * {@code bounce_message_text}), the message/delivery-status fields (Reporting-MTA,
 * Original-Envelope-ID, then per address Original-Recipient, Action: failed, Final-Recipient,
 * Status: 5.0.0, Remote-MTA, Diagnostic-Code), and the original: message/rfc822, or
 * text/rfc822-headers when the sender asked RET=HDRS, when {@code bounce_return_body} is false,
 * or when the -D file is over {@code bounce_return_size_limit} (rounded up to 8 KiB as Exim's
 * buffer does) or a line was over {@code bounce_return_linesize_limit}; a cut-down copy says so
 * in an X-Exim-DSN-Information header. With {@code bounce_return_message} false no copy is
 * included (as the Exim manual says; 4.96's own code ignores the option for delivery bounces).
 *
 * <p>It never bounces a bounce: {@link #submissionText} refuses a message with the null
 * sender, which {@link BouncePolicy} says to freeze. Addresses with different errors addresses
 * need one bounce each: {@link #groups} splits them as Exim does. It only composes: the caller
 * submits the text through the local reception, as deliver.c hands it to its child_open_exim
 * process (which adds Received:, Message-Id: and Date: and writes the -H file), and then marks
 * the addresses done.
 */
public final class BounceMessage {

    private final Spool spool;
    private final HeaderFile original;
    private final BounceSettings settings;
    private final Expander expander;
    private final List<ReportedAddress> failed = new ArrayList<>();
    /** What a transport returned for each failed address (null for none), in step with {@link #failed}. */
    private final List<String> returned = new ArrayList<>();
    private final List<String> copies = new ArrayList<>();
    private RandomGenerator random = new SecureRandom();

    private BounceMessage(Spool spool, HeaderFile original, BounceSettings settings, Expander expander) {
        this.spool = Objects.requireNonNull(spool, "spool");
        this.original = Objects.requireNonNull(original, "original");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.expander = Objects.requireNonNull(expander, "expander");
    }

    /**
     * A bounce for {@code original} (read from {@code spool}, whose -D file gives the body to
     * return). {@code expander} is bound to the original message (its headers and variables):
     * it expands dsn_from, smtp_active_hostname and the template file.
     */
    public static BounceMessage of(Spool spool, HeaderFile original, BounceSettings settings, Expander expander) {
        return new BounceMessage(spool, original, settings, expander);
    }

    /**
     * The failed addresses grouped by where their bounce goes (errors_to, else the sender), in
     * order of first appearance: one bounce per group.
     */
    public static Map<String, List<ReportedAddress>> groups(String sender, List<ReportedAddress> failed) {
        Map<String, List<ReportedAddress>> out = new LinkedHashMap<>();
        for (ReportedAddress a : failed) {
            String to = a.errorsTo() != null ? a.errorsTo() : sender;
            out.computeIfAbsent(to, k -> new ArrayList<>()).add(a);
        }
        return out;
    }

    /** Adds a failed address, in the order they are to be listed. */
    public BounceMessage failed(ReportedAddress address) {
        return failed(address, null);
    }

    /**
     * Adds a failed address with the text its transport returned (a pipe's output under
     * {@code return_output}; Exim's return file), or null for none. Consecutive addresses
     * with the same text object, a batch delivered together, are listed over one copy of it.
     */
    public BounceMessage failed(ReportedAddress address, String returnedText) {
        failed.add(Objects.requireNonNull(address));
        returned.add(returnedText);
        return this;
    }

    public BounceMessage failed(List<ReportedAddress> addresses) {
        addresses.forEach(this::failed);
        return this;
    }

    /** A quiet copy (errors_copy's address for this bounce's recipient): a Bcc recipient. */
    public BounceMessage copyTo(String address) {
        copies.add(Objects.requireNonNull(address));
        return this;
    }

    /** The random source for the boundary (tests fix it). */
    public BounceMessage random(RandomGenerator r) {
        this.random = Objects.requireNonNull(r);
        return this;
    }

    /**
     * The bounce as Exim's deliver.c writes it to the child process that receives it
     * ({@code -t}, from {@code <>}): headers (Bcc: for the copies), blank line, body; the
     * reception adds Received:, Message-Id: and Date:. {@code now} is in the boundary.
     *
     * @throws IllegalStateException if the original is itself a bounce, if there are no
     *         failed addresses, or if they do not all go to one errors address
     * @throws IOException if the -D file cannot be read
     */
    public byte[] submissionText(Instant now) throws IOException {
        Composed c = compose(now);
        return DsnReport.submissionText(c.headers(), c.body());
    }

    /** A bounce's parts before it becomes a message: its headers and its body. */
    private record Composed(List<String> headers, byte[] body) {
    }

    private Composed compose(Instant now) throws IOException {
        if (BouncePolicy.onFailure(original) == BouncePolicy.Action.FREEZE) {
            throw new IllegalStateException("never bounce a bounce: " + original.id() + " is to be frozen");
        }
        if (failed.isEmpty()) {
            throw new IllegalStateException("no failed addresses");
        }
        Map<String, List<ReportedAddress>> groups = groups(original.sender(), failed);
        if (groups.size() != 1) {
            throw new IllegalStateException("addresses for several errors addresses: " + groups.keySet());
        }
        String to = groups.keySet().iterator().next();
        boolean toSender = to.equalsIgnoreCase(original.sender());
        Expander x = expander.with(Map.of("bounce_recipient", to,
                "bounce_return_size_limit", Integer.toString(settings.returnSizeLimit())));
        TemplateFile template = TemplateFile.open(settings.bounceMessageFile(), x);

        List<String> headers = new ArrayList<>();
        // Exim leaves hidden addresses out of X-Failed-Recipients.
        List<ReportedAddress> named = failed.stream().filter(a -> !a.hidden() || a.topAddress() == null).toList();
        for (int i = 0; i < named.size(); i += 50) {
            StringBuilder sb = new StringBuilder("X-Failed-Recipients: ");
            List<ReportedAddress> chunk = named.subList(i, Math.min(named.size(), i + 50));
            for (int j = 0; j < chunk.size(); j++) {
                sb.append(j == 0 ? "" : ",\n  ").append(DsnReport.printing(chunk.get(j).address()));
            }
            headers.add(sb.append('\n').toString());
        }
        if (settings.errorsReplyTo() != null) {
            headers.add("Reply-To: " + settings.errorsReplyTo() + "\n");
        }
        headers.add("Auto-Submitted: auto-replied\n");
        headers.add("From: " + DsnReport.expandOr(x, settings.dsnFrom(), settings.dsnFrom()) + "\n");
        headers.add("To: " + to + "\n");
        String references = DsnReport.references(original);
        if (references != null) {
            headers.add(references);
        }
        String boundary = DsnReport.boundary(now, random);
        headers.add(DsnReport.contentTypeHeader(boundary));
        headers.add("MIME-Version: 1.0\n");
        copies.forEach(c -> headers.add("Bcc: " + c + "\n"));
        String subject = template.next();
        if (subject != null) {
            headers.addAll(DsnReport.splitHeaders(subject));
        } else {
            headers.add("Subject: Mail delivery failed" + (toSender ? ": returning message to sender" : "") + "\n");
        }

        List<DsnReport.Part> parts = new ArrayList<>();
        parts.add(DsnReport.Part.text("text/plain; charset=us-ascii", humanText(template, toSender)));
        parts.add(DsnReport.Part.text("message/delivery-status", statusFields(x)));
        if (settings.returnMessage()) {
            parts.add(returnedPart());
        }
        byte[] body = DsnReport.body(DsnReport.contentTypeHeader(boundary), parts);
        return new Composed(headers, body);
    }

    private String humanText(TemplateFile template, boolean toSender) {
        StringBuilder sb = new StringBuilder();
        String intro = template.next();
        if (intro != null) {
            sb.append(intro);
        } else {
            sb.append("This message was created automatically by mail delivery software.\n");
            if (settings.bounceMessageText() != null) {
                sb.append(settings.bounceMessageText());
            }
            if (toSender) {
                sb.append("\nA message that you sent could not be delivered to one or more of its\n"
                        + "recipients. This is a permanent error. The following address(es) failed:\n");
            } else {
                sb.append("\nA message sent by\n\n  <").append(original.sender()).append(">\n\n"
                        + "could not be delivered to one or more of its recipients. The following\n"
                        + "address(es) failed:\n");
            }
        }
        sb.append('\n');
        for (ReportedAddress a : failed) {
            sb.append(DsnReport.addressInformation(a, "  ", "\n    ", ""))
                    .append(DsnReport.addressError(a, "")).append('\n');
        }
        String generated = template.next();
        if (returned.stream().anyMatch(Objects::nonNull)) {
            sb.append('\n');
            appendReturnedTexts(sb, generated);
        }
        return sb.toString();
    }

    /**
     * deliver.c's section for the transports' return files: the template's text or Exim's
     * line, then for each text the addresses it came from and the text itself.
     */
    private void appendReturnedTexts(StringBuilder sb, String generated) {
        // Exim counts the addresses with a return file, a batch's addresses each.
        long addresses = returned.stream().filter(Objects::nonNull).count();
        sb.append(generated != null ? generated
                : "The following text was generated during the delivery attempt" + (addresses > 1 ? "s" : "")
                        + ":\n");
        for (int i = 0; i < failed.size(); i++) {
            String text = returned.get(i);
            if (text == null) {
                continue;
            }
            sb.append('\n');
            // Identity, not equality: one batch's addresses share their transport's text.
            while (true) {
                sb.append(DsnReport.addressInformation(failed.get(i), "------ ", "\n       ", " ------\n"));
                if (i + 1 >= failed.size() || returned.get(i + 1) != text) {
                    break;
                }
                i++;
            }
            sb.append('\n').append(text);
        }
    }

    private String statusFields(Expander x) {
        String host = DsnReport.expandOr(x, settings.smtpActiveHostname(), settings.primaryHostname());
        StringBuilder sb = new StringBuilder(DsnReport.reportingFields(host, original.value("dsn_envid").orElse(null)));
        // Exim lists them in the reverse of the order they failed in.
        for (int i = failed.size() - 1; i >= 0; i--) {
            sb.append(DsnReport.recipientFields(failed.get(i), "failed", "5.0.0"));
        }
        sb.setLength(sb.length() - 1); // the writer ends the part
        return sb.toString();
    }

    private DsnReport.Part returnedPart() throws IOException {
        String ret = original.value("dsn_ret").orElse("");
        boolean headersOnly;
        String note = null;
        if (ret.equals("2")) {
            headersOnly = true;
        } else if (!settings.returnBody()) {
            headersOnly = true;
            if (ret.equals("1")) {
                note = DsnReport.LIMIT_HEADER;
            }
        } else if (overLimits()) {
            headersOnly = true;
            note = DsnReport.LIMIT_HEADER;
        } else {
            headersOnly = false;
        }
        byte[] copy = DsnReport.returnedCopy(spool, original, !headersOnly, note);
        return new DsnReport.Part(headersOnly ? "text/rfc822-headers" : "message/rfc822", copy);
    }

    private boolean overLimits() throws IOException {
        long longest = original.value("max_received_linelength").map(v -> Long.parseLong(v.trim())).orElse(0L);
        if (longest > settings.returnLinesizeLimit()) {
            return true;
        }
        int limit = settings.returnSizeLimit();
        if (limit <= 0) {
            return false;
        }
        long max = ((long) limit / DsnReport.BUFFER_SIZE + 1) * DsnReport.BUFFER_SIZE;
        return DsnReport.dataFileSize(spool, original) > max;
    }
}
