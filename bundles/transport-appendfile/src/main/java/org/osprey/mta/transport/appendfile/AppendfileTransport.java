package org.osprey.mta.transport.appendfile;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.WriteOptions;
import org.osprey.mta.kernel.transport.Delivery;
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
 * <p>Not done: Exim's taint checks (the kernel does not mark tainted strings), the owner
 * and group checks of an existing mailbox ({@code check_owner}, {@code check_group}; the
 * JVM delivers as one user), freezing the message where Exim asks for it (the message is
 * deferred instead), and the time-since-read detail of quota errors.
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
        Quota quota = quota(expander);

        String addressFile = variable(expander, "address_file");
        String template;
        boolean isDirectory = false;
        if (!addressFile.isEmpty() && settings.file() == null && settings.directory() == null) {
            template = "$address_file";
            isDirectory = addressFile.endsWith("/") || settings.maildir();
        } else if (settings.file() != null) {
            template = settings.file();
        } else if (settings.directory() != null) {
            template = settings.directory();
            isDirectory = true;
        } else {
            throw Problem.defer("Mandatory file or directory option missing from " + name + " transport");
        }
        if (settings.maildir() && !isDirectory) {
            throw Problem.defer("maildir_format requires \"directory\" to be specified for the " + name
                    + " transport");
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
        WriteOptions writeOptions = new WriteOptions(WriteOptions.Part.ALL, settings.useCrlf(), false,
                settings.checkString(), settings.escapeString());
        Job job = new Job(settings, path, !addressFile.isEmpty(), delivery.message(), writeOptions, prefix, suffix,
                quota, variable(expander, "home"), hostname(expander));
        if (isDirectory) {
            MessageFiles.deliver(job);
        } else {
            MailboxFile.deliver(job);
        }
    }

    private Quota quota(Expander expander) throws Problem {
        if (settings.quota() == null) {
            return Quota.NONE;
        }
        String expanded;
        try {
            expanded = expander.expand(settings.quota());
        } catch (ExpansionException e) {
            throw Problem.defer("Expansion of \"" + settings.quota() + "\" in " + settings.name()
                    + " transport failed: " + e.getMessage());
        }
        return Quota.parse(expanded, settings.quota(), settings.name());
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
