package org.osprey.mta.core.log;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osprey.mta.core.log.LogEvent.Completed;
import org.osprey.mta.core.log.LogEvent.Connection;
import org.osprey.mta.core.log.LogEvent.Deferred;
import org.osprey.mta.core.log.LogEvent.Delivered;
import org.osprey.mta.core.log.LogEvent.DeliveryKind;
import org.osprey.mta.core.log.LogEvent.Failed;
import org.osprey.mta.core.log.LogEvent.Panic;
import org.osprey.mta.core.log.LogEvent.QueueRun;
import org.osprey.mta.core.log.LogEvent.Received;
import org.osprey.mta.core.log.LogEvent.Rejected;

/**
 * The logs Exim 4.96 wrote for one SMTP session (src/test/resources/log/exim-session.smtp,
 * configuration exim-NAME.conf) and a queue run, under three log_selector settings, and the
 * Osprey events that stand for the same happenings. Times, sizes and pids vary from run to
 * run, so comparisons go through {@link #normalise}.
 */
final class RecordedEximLines {
    static final List<String> RUNS = List.of("default", "all", "mix");
    private static final Pattern STAMP = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{3})? (\\[\\d+\\] )?");
    private static final Pattern ID = Pattern.compile("([0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}) <= (\\S+)");

    private RecordedEximLines() {
    }

    static List<String> lines(String resource) {
        try (InputStream in = RecordedEximLines.class.getResourceAsStream("/log/" + resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log_selector line Exim ran with. */
    static LogSelector selector(String run) {
        String first = lines("exim-" + run + ".conf").get(0);
        return LogSelector.parse(first.substring(first.indexOf('=') + 1).trim());
    }

    /**
     * A line with its timestamp and pid taken off, and times, sizes and queue-run pids made
     * constant; log_arguments lines (cwd=...) dropped by returning null.
     */
    static String normalise(String line) {
        String s = STAMP.matcher(line).replaceFirst("");
        if (s.startsWith("cwd=")) {
            return null;
        }
        return s.replaceAll("\\b(QT|DT|RT)=[0-9.]+s", "$1=T").replaceAll(" S=\\d+", " S=N")
                .replaceAll("queue run: pid=\\d+", "queue run: pid=P");
    }

    /** The events for a run, with its message ids as Exim chose them. */
    static List<LogEvent> events(String run) {
        List<String> main = lines("exim-mainlog-" + run);
        List<String> ids = new ArrayList<>();
        String bounce = null;
        for (String line : main) {
            Matcher m = ID.matcher(line);
            if (m.find()) {
                if (m.group(2).equals("<>")) {
                    bounce = m.group(1);
                } else {
                    ids.add(m.group(1));
                }
            }
        }
        String first = ids.get(0);
        String second = ids.get(1);
        String third = ids.get(2);
        Duration t = Duration.ofMillis(1);
        Peer client = new Peer("client.example", "client.example", "192.0.2.1", 4321, "192.0.2.25", 25);
        Peer bad = Peer.of("192.0.2.99", 5555).withInterface("192.0.2.25", 25);
        List<LogEvent> e = new ArrayList<>();
        e.add(Connection.started(null, "root"));
        e.add(Connection.started(null, "root"));
        e.add(Connection.closedByQuit(null, "root"));
        e.add(new Rejected(null, client, "root", "alice@sender.example", "rejected RCPT <rejectme@test.example>",
                "rejected here", null));
        e.add(new Rejected(null, bad, "root", null, "rejected connection in \"connect\" ACL", "go away",
                Selector.CONNECTION_REJECT));
        e.add(received(first, "alice@sender.example", client, "Hello \"world\"", t,
                List.of("bob@test.example", "carol@test.example")));
        e.add(received(second, "alice@sender.example", client, "second", t,
                List.of("failme@test.example", "deferme@test.example", "bob@test.example")));
        e.add(received(third, "dave@sender.example", client, "batch", t,
                List.of("x@batch.example", "y@batch.example", "z@batch.example")));
        e.add(new QueueRun(true, 1, "-qf"));
        e.add(new QueueRun(false, 1, "-qf"));
        for (String rcpt : List.of("bob", "carol")) {
            e.add(local(DeliveryKind.DELIVERED, first, rcpt, "test.example", "alice@sender.example", "local",
                    "local_file", t));
        }
        e.add(new Completed(first, t));
        e.add(new Deferred(second, LogAddress.of("deferme@test.example"), "defer_r", null, null, -1, null, null,
                "try later", t, false));
        e.add(new Failed(second, LogAddress.of("failme@test.example"), "alice@sender.example", null, "fail_r", null,
                null, null, null, "no such user", t));
        e.add(local(DeliveryKind.DELIVERED, second, "bob", "test.example", "alice@sender.example", "local",
                "local_file", t));
        e.add(new Panic(null, "exim user lost privilege for using -C option"));
        e.add(new Panic(null, "exim user lost privilege for using -C option"));
        e.add(Received.builder(bounce, "", 1408).reference(second).ident("Debian-exim").protocol("local")
                .receiveTime(t).messageIdHeader("E" + bounce + "@test.example", true)
                .subject("Mail delivery failed: returning message to sender")
                .recipients(List.of("alice@sender.example")).build());
        e.add(local(DeliveryKind.DELIVERED, bounce, "alice", "sender.example", "", "local", "local_file", t));
        e.add(new Completed(bounce, t));
        e.add(local(DeliveryKind.DELIVERED, third, "x", "batch.example", "dave@sender.example", "batch",
                "batch_file", t));
        e.add(local(DeliveryKind.ANOTHER, third, "y", "batch.example", "dave@sender.example", "batch",
                "batch_file", t));
        e.add(local(DeliveryKind.ANOTHER, third, "z", "batch.example", "dave@sender.example", "batch",
                "batch_file", t));
        e.add(new Completed(third, t));
        return e;
    }

    private static Received received(String id, String sender, Peer peer, String subject, Duration t,
            List<String> recipients) {
        return Received.builder(id, sender, 250).peer(peer).ident("root").protocol("esmtp").pipelining("L.-")
                .receiveTime(t).subject(subject).recipients(recipients).build();
    }

    private static Delivered local(DeliveryKind kind, String id, String localPart, String domain, String sender,
            String router, String transport, Duration t) {
        return Delivered.builder(kind, id, new LogAddress(localPart, List.of(), localPart + "@" + domain, false),
                transport).sender(sender).returnPath(sender).router(router).size(300).queueTime(t, t)
                .deliverTime(t).build();
    }
}
