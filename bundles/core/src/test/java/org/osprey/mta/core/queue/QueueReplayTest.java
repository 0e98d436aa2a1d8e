package org.osprey.mta.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osprey.mta.core.queue.RecordedSpool.BIG;
import static org.osprey.mta.core.queue.RecordedSpool.BOUNCE;
import static org.osprey.mta.core.queue.RecordedSpool.SMALL;
import static org.osprey.mta.core.queue.RecordedSpool.expected;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.queue.QueueLister.Recipients;
import org.osprey.mta.core.spool.MessageId;

/**
 * Replays, on a copy of the spool Exim 4.96 wrote, the session recorded against the real Exim
 * (src/test/resources/queue/README.md), command by command, comparing standard output, exit
 * status and, at the end, the main log.
 */
class QueueReplayTest {
    @TempDir
    Path dir;

    @Test
    void theRecordedSessionGivesEximsOutputAndLog() throws IOException {
        RecordedSpool s = new RecordedSpool(dir, SMALL, BOUNCE, BIG);
        // The message log Exim had written for the small message at reception.
        Files.createDirectories(dir.resolve("msglog"));
        Files.writeString(dir.resolve("msglog").resolve(SMALL), expected("Mvl.out"));
        QueueLister lister = s.lister();
        MessageCommands m = s.commands(true);

        lister.list(Recipients.ALL, List.of());
        assertEquals(expected("bp.out"), s.take());
        lister.count();
        assertEquals(expected("bpc.out"), s.take());
        lister.list(Recipients.ALL, List.of(SMALL));
        assertEquals(expected("bp-id.out"), s.take());
        lister.list(Recipients.ALL, List.of("1xUw0t-0002PI-1X"));
        assertEquals(expected("bp-missing.out"), s.take());

        step(s, 0, "Mf", m.run(MessageAction.FREEZE, List.of(SMALL)));
        step(s, 1, "Mf-again", m.run(MessageAction.FREEZE, List.of(SMALL)));
        lister.list(Recipients.ALL, List.of());
        assertEquals(expected("bp-frozen.out"), s.take());
        step(s, 0, "Mt", m.run(MessageAction.THAW, List.of(SMALL)));
        step(s, 1, "Mt-again", m.run(MessageAction.THAW, List.of(SMALL)));
        step(s, 1, "Mf-missing", m.run(MessageAction.FREEZE, List.of("1xUw0t-0002PI-1X")));
        // Frozen then thawed: -frozen gone, -manual_thaw in Exim's place, the rest unchanged.
        step(s, 0, "Mvh", m.run(MessageAction.SHOW_HEADER, List.of(SMALL)));
        step(s, 0, "Mvb", m.run(MessageAction.SHOW_BODY, List.of(SMALL)));
        step(s, 0, "Mvl", m.run(MessageAction.SHOW_LOG, List.of(SMALL)));
        step(s, 1, "Mvh-missing", m.run(MessageAction.SHOW_HEADER, List.of("1xUw0t-0002PI-1X")));
        step(s, 1, "Mvb-missing", m.run(MessageAction.SHOW_BODY, List.of("1xUw0t-0002PI-1X")));
        step(s, 1, "Mvl-missing", m.run(MessageAction.SHOW_LOG, List.of("1xUw0t-0002PI-1X")));

        step(s, 0, "Mmd", m.run(MessageAction.MARK_DELIVERED, List.of(BIG, "b@y.example")));
        step(s, 1, "Mmd-notrcpt", m.run(MessageAction.MARK_DELIVERED, List.of(BIG, "zz@y.example")));
        step(s, 0, "Mar", m.run(MessageAction.ADD_RECIPIENT, List.of(BIG, "new1@y.example", "new2@y.example")));
        step(s, 0, "Mmd2", m.run(MessageAction.MARK_DELIVERED, List.of(BIG, "new1@y.example")));
        lister.list(Recipients.ALL, List.of());
        assertEquals(expected("bp2.out"), s.take());
        lister.list(Recipients.UNDELIVERED, List.of());
        assertEquals(expected("bpu.out"), s.take());
        lister.list(Recipients.WITH_GENERATED, List.of());
        assertEquals(expected("bpa.out"), s.take());
        // -bpr: Exim's order is the directory's; the blocks are the same.
        assertEquals(blocks(expected("bpr.out")), blocks(expected("bp2.out")));

        assertEquals(0, m.run(MessageAction.SHOW_HEADER, List.of(BIG)));
        assertEquals(withTreeSorted(expected("Mvh2.out")), withTreeSorted(s.take()));

        step(s, 0, "Mes", m.run(MessageAction.EDIT_SENDER, List.of(BIG, "new@sender.example")));
        step(s, 0, "Mrm", m.run(MessageAction.REMOVE, List.of(BOUNCE)));
        assertFalse(Files.exists(dir.resolve("input").resolve(BOUNCE + "-H")));
        assertFalse(Files.exists(dir.resolve("input").resolve(BOUNCE + "-D")));
        step(s, 1, "Mrm-again", m.run(MessageAction.REMOVE, List.of(BOUNCE)));
        step(s, 1, "Mrm-two", m.run(MessageAction.REMOVE, List.of(BOUNCE, SMALL)));
        assertFalse(Files.exists(dir.resolve("msglog").resolve(SMALL)));
        lister.list(Recipients.ALL, List.of());
        assertEquals(expected("bp3.out"), s.take());
        assertEquals(List.of(MessageId.parse(BIG)), s.spool.list());

        List<String> recorded = new ArrayList<>();
        for (String line : expected("mainlog").split("\n")) {
            String rest = line.substring(20);
            if (!rest.contains(" <= ")) {
                recorded.add(rest);
            }
            if (rest.equals(SMALL + " Completed")) {
                break;
            }
        }
        assertEquals(recorded, s.log);
    }

    private static void step(RecordedSpool s, int status, String name, int actual) {
        assertEquals(expected(name + ".out"), s.take(), name);
        assertEquals(status, actual, name);
    }

    private static TreeSet<String> blocks(String listing) {
        return new TreeSet<>(Arrays.asList(listing.split("\n\n")));
    }

    /**
     * The -H text with the non-recipients tree's lines reduced to their sorted addresses: Exim
     * writes the tree in its insertion shape, Osprey's spool writes it balanced; Exim reads both.
     */
    private static String withTreeSorted(String h) {
        List<String> lines = new ArrayList<>(Arrays.asList(h.split("\n", -1)));
        TreeSet<String> tree = new TreeSet<>();
        int first = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.matches("[YN][YN] .*")) {
                tree.add(l.substring(3));
                first = first < 0 ? i : first;
                lines.remove(i--);
            }
        }
        assertTrue(first > 0, h);
        lines.add(first, String.join(",", tree));
        return String.join("\n", lines);
    }
}
