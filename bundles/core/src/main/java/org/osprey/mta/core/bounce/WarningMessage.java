package org.osprey.mta.core.bounce;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.HeaderLine;
import org.osprey.mta.core.spool.Spool;
import org.osprey.mta.kernel.expand.Expander;

/**
 * Builds a delay warning as Exim 4.96 does: "Warning: message ID delayed 60 minutes", a
 * multipart/report with the text for people (Exim's words or {@code warn_message_file}'s
 * sections), the message/delivery-status fields (Action: delayed, Status: 4.0.0) and the
 * original's headers (text/rfc822-headers, always headers only). {@link #due} says whether one
 * is due by {@code delay_warning}'s times and how many warnings that makes; the caller checks
 * {@code delay_warning_condition}, the DSN NOTIFY flags and {@link BouncePolicy#mayWarn}, submits
 * the warning through the local reception, and then writes the new count to the -H file. It never warns about a bounce.
 */
public final class WarningMessage {

    /**
     * A warning that is due.
     *
     * @param count the number of warnings there should have been by now: the -H file's new count
     * @param delay the delay to report (one of delay_warning's times, or beyond the last one a
     *        multiple of its last interval)
     * @param text the delay as Exim words it: minutes under two hours on the queue, else hours
     */
    public record Due(int count, Duration delay, String text) {
    }

    private final Spool spool;
    private final HeaderFile original;
    private final BounceSettings settings;
    private final Expander expander;
    private final List<ReportedAddress> delayed = new ArrayList<>();
    private RandomGenerator random = new SecureRandom();

    private WarningMessage(Spool spool, HeaderFile original, BounceSettings settings, Expander expander) {
        this.spool = Objects.requireNonNull(spool, "spool");
        this.original = Objects.requireNonNull(original, "original");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.expander = Objects.requireNonNull(expander, "expander");
    }

    /** A warning for {@code original}; {@code expander} is bound to it, as for a bounce. */
    public static WarningMessage of(Spool spool, HeaderFile original, BounceSettings settings, Expander expander) {
        return new WarningMessage(spool, original, settings, expander);
    }

    /**
     * Whether a warning is due after {@code queueTime} on the queue with {@code sent} warnings
     * sent already, by the {@code delay_warning} times (Exim's arithmetic: the number of times
     * passed, and beyond the last, one more per last interval). Empty if none is due or the
     * list is empty or starts at zero (warnings off).
     */
    public static Optional<Due> due(List<Duration> delayWarning, Duration queueTime, int sent) {
        if (delayWarning.isEmpty() || delayWarning.get(0).isZero()) {
            return Optional.empty();
        }
        long q = queueTime.getSeconds();
        int n = delayWarning.size();
        int count = 0;
        while (count < n && q >= delayWarning.get(count).getSeconds()) {
            count++;
        }
        if (count == 0) {
            return Optional.empty();
        }
        long show = delayWarning.get(count - 1).getSeconds();
        if (count >= n) {
            long lastGap = show - (n > 1 ? delayWarning.get(n - 2).getSeconds() : 0);
            if (lastGap > 0) {
                long extra = (q - show) / lastGap;
                show += lastGap * extra;
                count += (int) extra;
            }
        }
        if (sent >= count) {
            return Optional.empty();
        }
        String text = q < 120 * 60 ? show / 60 + " minutes" : show / 3600 + " hours";
        return Optional.of(new Due(count, Duration.ofSeconds(show), text));
    }

    /** Adds a delayed address, with its delay reason as {@link ReportedAddress#error()}. */
    public WarningMessage delayed(ReportedAddress address) {
        delayed.add(Objects.requireNonNull(address));
        return this;
    }

    public WarningMessage delayed(List<ReportedAddress> addresses) {
        addresses.forEach(this::delayed);
        return this;
    }

    /** The random source for the boundary (tests fix it). */
    public WarningMessage random(RandomGenerator r) {
        this.random = Objects.requireNonNull(r);
        return this;
    }

    /**
     * The warning as Exim's deliver.c writes it to the child process that receives it
     * ({@code -t}, from {@code <>}): headers, blank line, body; the reception adds
     * Received:, Message-Id: and Date:. It reports {@code delay} ({@link Due#text()}, e.g.
     * "60 minutes") and goes to every delayed address's errors_to (the sender for those
     * without one), in one message; {@code now} is in the boundary.
     *
     * @throws IllegalStateException for a bounce (null sender) or no delayed addresses
     * @throws IOException if the -D file cannot be read
     */
    public byte[] submissionText(Instant now, String delay) throws IOException {
        Composed c = compose(now, delay);
        return DsnReport.submissionText(c.headers(), c.body());
    }

    /** A warning's parts before it becomes a message: its headers and its body. */
    private record Composed(List<String> headers, byte[] body) {
    }

    private Composed compose(Instant now, String delay) throws IOException {
        if (!BouncePolicy.mayWarn(original)) {
            throw new IllegalStateException("no delay warning for a bounce: " + original.id());
        }
        if (delayed.isEmpty()) {
            throw new IllegalStateException("no delayed addresses");
        }
        // Every errors address (else the sender) of the delayed addresses, once each, as Exim does.
        List<String> recipients = new ArrayList<>();
        for (ReportedAddress a : delayed) {
            String r = a.errorsTo() != null ? a.errorsTo() : original.sender();
            if (!recipients.contains(r)) {
                recipients.add(r);
            }
        }
        String to = String.join(",", recipients);
        Expander x = expander.with(Map.of("warn_message_delay", delay, "warn_message_recipients", to));
        TemplateFile template = TemplateFile.open(settings.warnMessageFile(), x);

        List<String> headers = new ArrayList<>();
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
        String subject = template.next();
        if (subject != null) {
            headers.addAll(DsnReport.splitHeaders(subject));
        } else {
            headers.add("Subject: Warning: message " + original.id() + " delayed " + delay + "\n");
        }

        List<DsnReport.Part> parts = new ArrayList<>();
        parts.add(DsnReport.Part.text("text/plain; charset=us-ascii", humanText(template, to, delay)));
        parts.add(DsnReport.Part.text("message/delivery-status", statusFields(x)));
        parts.add(new DsnReport.Part("text/rfc822-headers", DsnReport.returnedCopy(spool, original, false, null)));
        byte[] body = DsnReport.body(DsnReport.contentTypeHeader(boundary), parts);
        return new Composed(headers, body);
    }

    private String humanText(TemplateFile template, String to, String delay) {
        StringBuilder sb = new StringBuilder();
        String intro = template.next();
        if (intro != null) {
            sb.append(intro);
        } else {
            sb.append("This message was created automatically by mail delivery software.\n");
            if (to.equals(original.sender())) {
                sb.append("A message that you sent has not yet been delivered to one or more of its\n"
                        + "recipients after more than ");
            } else {
                sb.append("A message sent by\n\n  <").append(original.sender()).append(">\n\n"
                        + "has not yet been delivered to one or more of its recipients after more than \n");
            }
            sb.append(delay).append(" on the queue on ").append(settings.primaryHostname()).append(".\n\n")
                    .append("The message identifier is:     ").append(original.id()).append('\n');
            for (HeaderLine h : original.headers()) {
                String t = h.text();
                if (t.regionMatches(true, 0, "Subject:", 0, 8)) {
                    sb.append("The subject of the message is: ").append(t, Math.min(9, t.length()), t.length());
                } else if (t.regionMatches(true, 0, "Date:", 0, 5)) {
                    sb.append("The date of the message is:    ").append(t, Math.min(6, t.length()), t.length());
                }
            }
            sb.append('\n');
            boolean one = delayed.size() == 1;
            sb.append("The address").append(one ? "" : "es").append(" to which the message has not yet been delivered ")
                    .append(one ? "is" : "are").append(":\n");
        }
        sb.append('\n');
        for (ReportedAddress a : delayed) {
            sb.append(DsnReport.addressInformation(a, "  ", "\n    ", ""))
                    .append(DsnReport.addressError(a, "Delay reason: ")).append('\n');
        }
        sb.append('\n');
        String fin = template.present() ? template.next() : null;
        if (fin != null) {
            sb.append(fin);
        } else if (!template.present()) {
            sb.append("No action is required on your part. Delivery attempts will continue for\n"
                    + "some time, and this warning may be repeated at intervals if the message\n"
                    + "remains undelivered. Eventually the mail delivery software will give up,\n"
                    + "and when that happens, the message will be returned to you.\n");
        }
        return sb.toString();
    }

    private String statusFields(Expander x) {
        String host = DsnReport.expandOr(x, settings.smtpActiveHostname(), settings.primaryHostname());
        StringBuilder sb = new StringBuilder(DsnReport.reportingFields(host, original.value("dsn_envid").orElse(null)));
        for (ReportedAddress a : delayed) {
            sb.append(DsnReport.recipientFields(a, "delayed", "4.0.0"));
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }
}
