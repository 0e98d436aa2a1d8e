package org.osprey.mta.core.queue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.osprey.mta.core.spool.DataFileWriter;
import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.HeaderLine;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.core.spool.Recipient;
import org.osprey.mta.core.spool.Spool;
import org.osprey.mta.core.spool.SpoolFormatException;

/**
 * Exim's {@code -bp} family (queue.c, queue_list): one block per message, the time on the queue,
 * the size, the id, the sender, a frozen marker, then the recipients with {@code D} for those
 * delivered (from the -H file and any -J journal), and a blank line. {@code -bpc} prints the
 * count. It reads only: it takes no lock and writes nothing, and a message that leaves the
 * queue while it is being listed is skipped, as Exim skips it.
 */
public final class QueueLister {

    /** What each block shows of the recipients: -bp, -bpu, -bpa. */
    public enum Recipients {
        /** {@code -bp}: every recipient, delivered ones marked {@code D}. */
        ALL,
        /** {@code -bpu}: only the undelivered recipients. */
        UNDELIVERED,
        /** {@code -bpa}: as -bp, then {@code +D} for delivered addresses that are not recipients. */
        WITH_GENERATED
    }

    private final Spool spool;
    private final Clock clock;
    private final PrintStream out;

    public QueueLister(Spool spool, Clock clock, PrintStream out) {
        this.spool = spool;
        this.clock = clock;
        this.out = out;
    }

    /** {@code -bpc}: the number of messages on the queue. */
    public void count() throws IOException {
        out.print(spool.list().size() + "\n");
        out.flush();
    }

    /**
     * Lists the queue, or only the messages named in {@code ids} (in the order given, each one
     * reported even when it is missing or not an id, as Exim does).
     *
     * <p>{@code -bpr} ("unsorted") asks Exim for the spool directory's own order; this lister
     * lists in id order then too, which is one of the orders Exim may print.
     */
    public void list(Recipients mode, List<String> ids) throws IOException {
        boolean named = !ids.isEmpty();
        List<String> names = new ArrayList<>(ids);
        if (!named) {
            for (MessageId id : spool.list()) {
                names.add(id.toString());
            }
        }
        for (String name : names) {
            printBlock(name, mode, named);
        }
        out.flush();
    }

    private void printBlock(String name, Recipients mode, boolean named) throws IOException {
        HeaderFile h;
        String error;
        try {
            if (!MessageId.isValid(name)) {
                // Exim reads "<arg>-H" and fails to find it; so does this.
                throw new java.nio.file.NoSuchFileException(name);
            }
            h = spool.read(MessageId.parse(name));
            error = null;
        } catch (SpoolFormatException e) {
            h = null;
            Path file = spool.headerFile(MessageId.parse(name));
            error = Files.exists(file) ? "*** spool format error: size=" + Files.size(file) + " ***"
                    : "*** spool format error ***";
        } catch (IOException e) {
            if (SystemErrors.missing(e) && !named) {
                return;
            }
            h = null;
            error = "*** spool read error: " + SystemErrors.text(e) + " ***";
        }
        StringBuilder sb = new StringBuilder();
        if (h == null) {
            sb.append(formatSize(0)).append(' ').append(name).append("\n    ").append(error).append("\n\n");
            out.print(sb);
            return;
        }
        MessageId id = h.id();
        long size = 0;
        Path data = spool.dataFile(id);
        try {
            size = headerSize(h) + Files.size(data) - DataFileWriter.DATA_START + 1;
        } catch (IOException e) {
            size = 0;
        }
        sb.append(formatAge(clock.millis() / 1000 - h.receivedTime()));
        sb.append(formatSize(size)).append(' ').append(id);
        sb.append(" <").append(h.sender()).append('>');
        if (h.has("sender_set_untrusted")) {
            sb.append(" (").append(h.originatorLogin()).append(')');
        }
        if (h.has("frozen")) {
            sb.append(" *** frozen ***");
        }
        sb.append('\n');
        Set<String> primary = new HashSet<>();
        for (Recipient r : h.recipients()) {
            boolean delivered = h.nonRecipients().contains(r.address());
            if (!delivered || mode != Recipients.UNDELIVERED) {
                sb.append("        ").append(delivered ? 'D' : ' ').append(' ').append(r.address()).append('\n');
            }
            primary.add(r.address());
        }
        if (mode == Recipients.WITH_GENERATED) {
            for (String address : h.nonRecipients()) {
                if (!primary.contains(address)) {
                    sb.append("       +D ").append(address).append('\n');
                }
            }
        }
        sb.append('\n');
        out.print(sb);
    }

    /** Exim's message_size as spool_read_header counts it: the headers that are sent. */
    static long headerSize(HeaderFile h) {
        long n = 0;
        for (HeaderLine line : h.headers()) {
            if (line.type() != '*') {
                n += line.text().length();
            }
        }
        return n;
    }

    /** The age column: {@code %2dm}, or hours past 90 minutes, or days past 72 hours. */
    static String formatAge(long seconds) {
        long i = seconds / 60;
        if (i > 90) {
            i = (i + 30) / 60;
            return i > 72 ? String.format(Locale.ROOT, "%2dd ", (i + 12) / 24) : String.format(Locale.ROOT, "%2dh ", i);
        }
        return String.format(Locale.ROOT, "%2dm ", i);
    }

    /** Exim's string_format_size: five columns, K and M with one decimal below ten. */
    public static String formatSize(long size) {
        if (size == 0) {
            return "     ";
        }
        if (size < 1024) {
            return String.format(Locale.ROOT, "%5d", size);
        }
        if (size < 10 * 1024) {
            return oneDecimal(size / 1024.0) + "K";
        }
        if (size < 1024 * 1024) {
            return String.format(Locale.ROOT, "%4dK", (size + 512) / 1024);
        }
        if (size < 10 * 1024 * 1024) {
            return oneDecimal(size / (1024.0 * 1024.0)) + "M";
        }
        return String.format(Locale.ROOT, "%4dM", (size + 512 * 1024) / (1024 * 1024));
    }

    /** C's {@code %4.1f}: the exact binary value rounded half to even, as glibc rounds it. */
    private static String oneDecimal(double v) {
        String s = new java.math.BigDecimal(v).setScale(1, java.math.RoundingMode.HALF_EVEN).toPlainString();
        return " ".repeat(Math.max(0, 4 - s.length())) + s;
    }
}
