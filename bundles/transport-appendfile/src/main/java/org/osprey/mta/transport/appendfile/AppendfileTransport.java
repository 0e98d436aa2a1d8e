package org.osprey.mta.transport.appendfile;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.WriteOptions;
import org.osprey.mta.kernel.transport.Delivery;
import org.osprey.mta.kernel.transport.MessageSubmitter;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * A configured appendfile transport. One call delivers the message once, for the whole
 * batch: every address gets the outcome of that one attempt, as Exim copies the first
 * address's status to the rest.
 *
 * <p>What it decides before touching any file, in Exim's order: the quota (expanded
 * first, as Exim's setup entry does); which name to use (the {@code file} or
 * {@code directory} option, or for a file address from a redirection with neither set,
 * {@code $address_file}, a directory when it ends in {@code /} or
 * {@code maildir_format} is set); the expanded name, which must be absolute;
 * {@code /dev/null}, which is delivered to at once; then the prefix and suffix.
 *
 * <p>Outcomes. Success is {@link Outcome.Delivered} with no confirmation text. Almost
 * every failure defers, with Exim's message and the retry key Exim uses for a local
 * transport's deferral, {@code T:local_part@domain} (retry_use_local_part being true for
 * local transports); disk full and quota errors are {@link
 * org.osprey.mta.kernel.transport.ErrorClass#QUOTA}, the rest {@code OTHER}. Exim's
 * expansion failures and configuration slips found at delivery ("PANIC" there: deferred
 * and written to the panic log) are deferrals here. The one permanent failure is Exim's:
 * a file named by a redirection that cannot be created for EPERM, ENOENT or EACCES.
 *
 * <p>The delivery acts as the user of {@link Delivery#credentials()} ({@link UserAccess}).
 * With {@code use_bsmtp} the message is written as a batched SMTP transaction: MAIL,
 * one RCPT per address of the batch, DATA, the dot-stuffed message and a dot line. When a
 * delivery takes the mailbox over {@code quota_warn_threshold}, the expanded
 * {@code quota_warn_message} is submitted as a new message, with the Auto-Submitted: and
 * From: headers Exim's deliver.c gives it.
 *
 * <p>{@code mailbox_size} and {@code mailbox_filecount}, expanded and read as the quota is,
 * replace the computed size and file count; {@code notify_comsat} tells the biff service
 * of a delivery to a mailbox file ({@link Comsat}).
 *
 * <p>Not done: Exim's taint checks (the kernel does not mark tainted strings), freezing
 * the message where Exim asks for it (the message is deferred instead); the time since
 * the mailbox was last read, which Exim gives a quota error for the retry rules'
 * {@code quota_<time>} (the kernel's deferral has no field for it); and handing a mailbox
 * to the transport {@code file_format} names (a driver cannot call another transport: see
 * {@link FileFormat}).
 */
final class AppendfileTransport implements Transport {
    private final Settings settings;

    AppendfileTransport(Settings settings) {
        this.settings = settings;
    }

    Settings settings() {
        return settings;
    }

    @Override
    public TransportResult deliver(Delivery delivery) {
        List<Address> batch = delivery.addresses();
        Problem problem = null;
        try {
            checkBatch(batch);
            attempt(delivery);
        } catch (Problem p) {
            problem = p;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = Problem.defer("delivery by the " + settings.name() + " transport was interrupted");
        }
        TransportResult.Builder result = TransportResult.builder();
        for (Address address : batch) {
            result.outcome(address, problem == null ? new Outcome.Delivered("") : problem.outcome(retryKey(address)));
        }
        return result.build();
    }

    /** Exim's DEFAULT_DSN_FROM, the From: of the quota warning. */
    private static final String DSN_FROM = "Mail Delivery System <Mailer-Daemon@$qualify_domain>";

    /** Exim's key for a local transport's deferral of an address. */
    static String retryKey(Address address) {
        return "T:" + address.text();
    }

    /**
     * The engine batches as Exim's do_local_deliveries does: several addresses only up to
     * batch_max, and only with one local part (one domain) when the options use
     * {@code $local_part} ({@code $domain}). A batch that breaks this would put every
     * message into the first address's mailbox, so it is refused.
     */
    private void checkBatch(List<Address> batch) throws Problem {
        if (batch.size() <= 1) {
            return;
        }
        Address first = batch.get(0);
        for (Address other : batch) {
            boolean localPartDiffers = settings.dependsOnLocalPart() && !other.localPart().equals(first.localPart());
            boolean domainDiffers = settings.dependsOnDomain() && !other.domain().equalsIgnoreCase(first.domain());
            if (localPartDiffers || domainDiffers) {
                throw Problem.defer("batch of " + batch.size() + " addresses for the " + settings.name()
                        + " transport mixes " + (localPartDiffers ? "local parts" : "domains")
                        + ", which its options use");
            }
        }
    }

    private void attempt(Delivery delivery) throws Problem, InterruptedException {
        Expander expander = delivery.expander();
        String name = settings.name();
        boolean useSizeFile = useSizeFile(expander);
        QuotaOptions q = settings.quota();
        Quota quota = Quota.of(quotaValue(expander, q.quota()), quotaValue(expander, q.filecount()),
                quotaValue(expander, q.warnThreshold()), q, name, useSizeFile);
        long givenSize = Quota.given(quotaValue(expander, q.mailboxSize()), q.mailboxSize(), name, false);
        long givenFiles = Quota.given(quotaValue(expander, q.mailboxFilecount()), q.mailboxFilecount(), name, true);
        Settings.Forms forms = settings.forms();

        String addressFile = variable(expander, "address_file");
        String template;
        boolean isDirectory = false;
        if (!addressFile.isEmpty() && settings.file() == null && settings.directory() == null) {
            template = "$address_file";
            isDirectory = addressFile.endsWith("/") || settings.maildir() || forms.mailstore();
        } else if (settings.file() != null) {
            template = settings.file();
        } else if (settings.directory() != null) {
            template = settings.directory();
            isDirectory = true;
        } else {
            throw Problem.defer("Mandatory file or directory option missing from " + name + " transport");
        }
        if ((settings.maildir() || forms.mailstore()) && !isDirectory) {
            throw Problem.defer("mail" + (settings.maildir() ? "dir" : "store") + "_format requires \"directory\" "
                    + "to be specified for the " + name + " transport");
        }
        String path;
        try {
            path = expander.expand(template);
        } catch (ExpansionException e) {
            throw Problem.defer("Expansion of \"" + template + "\" (file or directory name for " + name
                    + " transport) failed: " + e.getMessage());
        }
        if (!path.startsWith("/")) {
            throw Problem.defer("appendfile: file or directory name \"" + path + "\" is not absolute");
        }
        if (!isDirectory && path.equals("/dev/null")) {
            return;
        }
        byte[] prefix = affix(expander, settings.prefix(), "prefix");
        byte[] suffix = affix(expander, settings.suffix(), "suffix");
        String eol = settings.useCrlf() ? "\r\n" : "\n";
        byte[] envelope = settings.bsmtp() ? envelope(delivery, eol, !addressFile.isEmpty()) : new byte[0];
        byte[] trailer = settings.bsmtp() ? ("." + eol).getBytes(StandardCharsets.US_ASCII) : new byte[0];
        WriteOptions writeOptions = new WriteOptions(WriteOptions.Part.ALL, settings.useCrlf(), settings.bsmtp(),
                settings.checkString(), settings.escapeString());
        UserAccess access = UserAccess.of(delivery.credentials());
        Job job = new Job(settings, path, !addressFile.isEmpty(), delivery.message(), writeOptions, prefix, envelope,
                suffix, trailer, forms.mailstore() && isDirectory ? storeEnvelope(delivery) : new byte[0], quota,
                givenSize, givenFiles, useSizeFile, expander, variable(expander, "home"),
                hostname(expander), access);
        Job.Written written = isDirectory ? MessageFiles.deliver(job) : MailboxFile.deliver(job);
        if (!written.quotaDisabled() && quota.crossesThreshold(written.mailboxSize(), written.written())) {
            warn(delivery);
        }
        String localPart = variable(expander, "local_part");
        if (forms.notifyComsat() && !isDirectory && !localPart.isEmpty()) {
            Comsat.notify(localPart, written.offset());
        }
    }

    /**
     * Exim's batched SMTP envelope: the return path, then each address of the batch (a file
     * address from a redirection by its parent), as written without the router's affixes
     * (rcpt_include_affixes is a generic option the driver does not see).
     */
    private static byte[] envelope(Delivery delivery, String eol, boolean fileAddress) {
        String returnPath = variable(delivery.expander(), "return_path");
        if (returnPath.isEmpty()) {
            returnPath = delivery.message().sender();
        }
        StringBuilder b = new StringBuilder("MAIL FROM:<").append(returnPath).append('>').append(eol);
        for (Address a : delivery.addresses()) {
            Address shown = fileAddress ? a.parent().orElse(a) : a;
            String text = shown.domain().isEmpty() ? shown.localPart() : shown.localPart() + "@" + shown.domain();
            b.append("RCPT TO:<").append(text).append('>').append(eol);
        }
        b.append("DATA").append(eol);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The mailstore envelope file, as Exim writes it: the expanded {@code mailstore_prefix}
     * (a newline added when it lacks one; nothing for a forced failure), the sender, one
     * {@code local_part@domain} line per address of the batch, and the expanded
     * {@code mailstore_suffix}.
     */
    private byte[] storeEnvelope(Delivery delivery) throws Problem {
        StringBuilder b = new StringBuilder();
        storeAffix(b, delivery.expander(), settings.forms().mailstorePrefix(), "prefix");
        b.append(delivery.message().sender()).append('\n');
        for (Address a : delivery.addresses()) {
            b.append(a.localPart()).append('@').append(a.domain()).append('\n');
        }
        storeAffix(b, delivery.expander(), settings.forms().mailstoreSuffix(), "suffix");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void storeAffix(StringBuilder b, Expander expander, String template, String which) throws Problem {
        if (template == null) {
            return;
        }
        String text;
        try {
            text = expander.expand(template);
        } catch (ExpansionException e) {
            if (e.isForcedFailure()) {
                return;
            }
            throw Problem.defer("Expansion of \"" + template + "\" (mailstore " + which + " for " + settings.name()
                    + " transport) failed: " + e.getMessage());
        }
        b.append(text);
        if (text.isEmpty() || !text.endsWith("\n")) {
            b.append('\n');
        }
    }

    /**
     * The quota warning, as Exim's deliver.c sends it: the expanded quota_warn_message after
     * an Auto-Submitted: header and, when the message has no From: of its own, Exim's
     * dsn_from; submitted as a new message. A failed expansion is logged; a refused
     * submission is logged by the engine; neither changes the delivery's outcome.
     */
    private void warn(Delivery delivery) {
        String template = settings.quota().warnMessage();
        if (template == null) {
            return;
        }
        Expander expander = delivery.expander();
        String text;
        try {
            text = expander.expand(template);
        } catch (ExpansionException e) {
            delivery.log("Failed to expand \"" + template + "\" (warning message for " + settings.name()
                    + " transport): " + e.getMessage());
            return;
        }
        StringBuilder message = new StringBuilder();
        Optional<String> replyTo = delivery.mainOption("errors_reply_to");
        if (replyTo.isPresent() && !containsHeader("Reply-To", text)) {
            message.append("Reply-To: ").append(replyTo.get()).append('\n');
        }
        message.append("Auto-Submitted: auto-replied\n");
        if (!containsHeader("From", text)) {
            // moan_write_from: the main option dsn_from, expanded; its default when that fails.
            String dsnFrom = delivery.mainOption("dsn_from").orElse(DSN_FROM);
            String from;
            try {
                from = expander.expand(dsnFrom);
            } catch (ExpansionException e) {
                delivery.log("Failed to expand dsn_from (using default): " + e.getMessage());
                try {
                    from = expander.expand(DSN_FROM);
                } catch (ExpansionException again) {
                    from = DSN_FROM;
                }
            }
            message.append("From: ").append(from).append('\n');
        }
        message.append(text);
        try {
            delivery.submitter().submit(new ByteArrayInputStream(message.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (MessageSubmitter.Refused e) {
            // Exim does not look at the child's status either
        }
    }

    /** Exim's contains_header: a line of {@code text} starting with the name, optional blanks, and a colon. */
    static boolean containsHeader(String name, String text) {
        for (String line : text.split("\n")) {
            if (line.regionMatches(true, 0, name, 0, name.length())
                    && line.substring(name.length()).stripLeading().startsWith(":")) {
                return true;
            }
        }
        return false;
    }

    /** An expanded quota option, or null when unset; Exim's message when the expansion fails. */
    private String quotaValue(Expander expander, String template) throws Problem {
        if (template == null) {
            return null;
        }
        try {
            return expander.expand(template);
        } catch (ExpansionException e) {
            throw Problem.defer("Expansion of \"" + template + "\" in " + settings.name()
                    + " transport failed: " + e.getMessage());
        }
    }

    /** maildir_use_size_file, expanded when it is an expansion, as Exim's expand_check_condition reads it. */
    private boolean useSizeFile(Expander expander) throws Problem {
        String value = settings.quota().useSizeFile();
        if (value.equals("true") || value.equals("false")) {
            return value.equals("true");
        }
        String expanded;
        try {
            expanded = expander.expand(value);
        } catch (ExpansionException e) {
            throw Problem.defer("failed to expand `maildir_use_size_file` in transport " + settings.name()
                    + ": " + e.getMessage());
        }
        return !expanded.isEmpty() && !expanded.equals("0") && !expanded.equalsIgnoreCase("no")
                && !expanded.equalsIgnoreCase("false");
    }

    private byte[] affix(Expander expander, String template, String which) throws Problem {
        if (template == null || template.isEmpty()) {
            return new byte[0];
        }
        try {
            return expander.expand(template).getBytes(StandardCharsets.UTF_8);
        } catch (ExpansionException e) {
            throw Problem.defer("Expansion of \"" + template + "\" (" + which + " for " + settings.name()
                    + " transport) failed");
        }
    }

    /** A variable's value, "" when it is unset or the expansion cannot give it. */
    private static String variable(Expander expander, String name) {
        try {
            String value = expander.expand("$" + name);
            return value == null ? "" : value;
        } catch (ExpansionException | RuntimeException e) {
            return "";
        }
    }

    private static String hostname(Expander expander) {
        String name = variable(expander, "primary_hostname");
        if (!name.isEmpty()) {
            return name;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
