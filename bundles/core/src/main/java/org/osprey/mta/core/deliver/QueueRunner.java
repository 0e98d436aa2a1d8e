package org.osprey.mta.core.deliver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.osprey.mta.core.log.LogFile;
import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.core.spool.Recipient;
import org.osprey.mta.core.spool.SpoolFormatException;

/**
 * One queue run (Exim's queue_run): every message on the spool, in random order unless
 * {@code queue_run_in_order}, is given a delivery attempt, except those the run's
 * options leave out: frozen ones (unless thawing), ones already tried ({@code -qi}),
 * ones without a matching undelivered recipient ({@code -R}) or sender ({@code -S}),
 * and ids outside the start and stop ids. A message locked by another process is being
 * delivered already and is passed over.
 */
public final class QueueRunner {

    /**
     * What a run does.
     *
     * @param force ignore retry times ({@code -qf}, {@code -Rf})
     * @param thaw also deliver frozen messages ({@code -qff}, {@code -Rff})
     * @param firstOnly only messages never tried ({@code -qi})
     * @param recipient {@code -R}: a string an undelivered recipient contains (case-insensitive), or null
     * @param recipientRegex whether {@code recipient} is a regular expression ({@code -Rr})
     * @param sender {@code -S}: a string the sender contains, or null
     * @param senderRegex whether {@code sender} is a regular expression ({@code -Sr})
     * @param startId the first message id to consider, or null
     * @param stopId the last message id to consider, or null
     */
    public record Selection(boolean force, boolean thaw, boolean firstOnly, String recipient,
            boolean recipientRegex, String sender, boolean senderRegex, String startId, String stopId) {
        public static final Selection ALL = new Selection(false, false, false, null, false, null, false, null, null);

        /** Exim's log detail for the run: {@code pid=N -qff -R string}. */
        String detail(long pid) {
            StringBuilder b = new StringBuilder("pid=").append(pid);
            String flags = (firstOnly ? "i" : "") + (force ? "f" : "") + (thaw ? "f" : "");
            if (!flags.isEmpty()) {
                b.append(" -q").append(flags);
            }
            if (recipient != null) {
                b.append(" -R").append(recipientRegex ? "r" : "").append(' ').append(recipient);
            }
            if (sender != null) {
                b.append(" -S").append(senderRegex ? "r" : "").append(' ').append(sender);
            }
            return b.toString();
        }
    }

    private final DeliveryEngine engine;
    private final boolean inOrder;
    private final Random random;

    public QueueRunner(DeliveryEngine engine, boolean inOrder, Random random) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.inOrder = inOrder;
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Runs the queue once; returns how many messages were given a delivery attempt.
     *
     * @throws IllegalArgumentException if a -R or -S regular expression does not compile
     */
    public int run(Selection selection) throws IOException {
        Predicate<String> recipient = selector(selection.recipient(), selection.recipientRegex());
        Predicate<String> sender = selector(selection.sender(), selection.senderRegex());
        long pid = ProcessHandle.current().pid();
        String detail = selection.detail(pid);
        engine.log.write(Set.of(LogFile.MAIN), null, "Start queue run: " + detail);
        List<MessageId> ids = new ArrayList<>(engine.spool.list());
        if (!inOrder) {
            Collections.shuffle(ids, random);
        }
        DeliveryRequest request = DeliveryRequest.queueRun(selection.force(), selection.thaw());
        int attempted = 0;
        for (MessageId id : ids) {
            if (selection.startId() != null && id.toString().compareTo(selection.startId()) < 0
                    || selection.stopId() != null && id.toString().compareTo(selection.stopId()) > 0) {
                continue;
            }
            if (!wanted(id, selection, recipient, sender)) {
                continue;
            }
            DeliveryStatus status = engine.deliver(id, request);
            if (status != DeliveryStatus.LOCKED && status != DeliveryStatus.NOT_ATTEMPTED) {
                attempted++;
            }
        }
        engine.releaseHints();
        engine.log.write(Set.of(LogFile.MAIN), null, "End queue run: " + detail);
        return attempted;
    }

    /**
     * The header-file tests Exim makes before it starts a delivery process; the -H file is
     * read only when a test needs it (frozen messages are the delivery's to judge).
     */
    private boolean wanted(MessageId id, Selection s, Predicate<String> recipient, Predicate<String> sender)
            throws IOException {
        if (!s.firstOnly() && recipient == null && sender == null) {
            return true;
        }
        HeaderFile h;
        try {
            h = engine.spool.read(id);
        } catch (SpoolFormatException e) {
            return true; // the delivery attempt logs what is wrong with it
        } catch (java.nio.file.NoSuchFileException e) {
            return false; // delivered meanwhile by another process
        }
        if (s.firstOnly() && !h.deliverFirstTime()) {
            return false;
        }
        if (sender != null && !sender.test(h.sender())) {
            return false;
        }
        return recipient == null || h.undelivered().stream().map(Recipient::address).anyMatch(recipient);
    }

    /** -R and -S: a case-insensitive substring, or (with r) a regular expression; null for none. */
    private static Predicate<String> selector(String text, boolean regex) {
        if (text == null) {
            return null;
        }
        if (!regex) {
            String lower = text.toLowerCase(Locale.ROOT);
            return subject -> subject.toLowerCase(Locale.ROOT).contains(lower);
        }
        try {
            Pattern pattern = Pattern.compile(text);
            return subject -> pattern.matcher(subject).find();
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regular expression error in " + text + ": " + e.getDescription(), e);
        }
    }
}
