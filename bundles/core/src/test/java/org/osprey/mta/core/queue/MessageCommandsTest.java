package org.osprey.mta.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osprey.mta.core.queue.RecordedSpool.BIG;
import static org.osprey.mta.core.queue.RecordedSpool.SMALL;
import static org.osprey.mta.core.queue.RecordedSpool.expected;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.core.spool.MessageLock;
import org.osprey.mta.core.spool.Spool;

/** The message commands' recorded error cases, the lock, the caller's rights and the spool layouts. */
class MessageCommandsTest {
    @TempDir
    Path dir;

    private static void check(RecordedSpool s, String name, int status, int actual) {
        assertEquals(expected(name + ".out"), s.take(), name);
        assertEquals(status, actual, name);
    }

    @Test
    void aMessageBeingDeliveredIsNeitherChangedNorRemoved() throws IOException {
        RecordedSpool s = new RecordedSpool(dir, BIG);
        byte[] before = Files.readAllBytes(s.spool.headerFile(MessageId.parse(BIG)));
        MessageCommands m = s.commands(true);
        Optional<MessageLock> delivery = s.spool.lock(MessageId.parse(BIG));
        assertTrue(delivery.isPresent());
        try (MessageLock held = delivery.get()) {
            check(s, "Mf-locked", 1, m.run(MessageAction.FREEZE, List.of(BIG)));
            check(s, "Mrm-locked", 1, m.run(MessageAction.REMOVE, List.of(BIG)));
            check(s, "Mmd-locked", 1, m.run(MessageAction.MARK_DELIVERED, List.of(BIG, "a@y.example")));
            check(s, "Mar-locked", 1, m.run(MessageAction.ADD_RECIPIENT, List.of(BIG, "z@y.example")));
            // Showing takes no lock.
            assertEquals(0, m.run(MessageAction.SHOW_HEADER, List.of(BIG)));
            assertEquals(new String(before, java.nio.charset.StandardCharsets.ISO_8859_1), s.take());
        }
        assertTrue(Files.exists(s.spool.dataFile(MessageId.parse(BIG))));
        assertEquals(new String(before, java.nio.charset.StandardCharsets.ISO_8859_1),
                Files.readString(s.spool.headerFile(MessageId.parse(BIG)), java.nio.charset.StandardCharsets.ISO_8859_1));
        String locked = BIG + " Spool file for " + BIG + " is locked (another process is handling this message)";
        assertEquals(List.of(locked, locked, locked, locked), s.log);
        // Released: the freeze goes through.
        assertEquals(0, m.run(MessageAction.FREEZE, List.of(BIG)));
    }

    @Test
    void recordedErrorsForBadAddressesAndArguments() throws IOException {
        RecordedSpool s = new RecordedSpool(dir, BIG);
        MessageCommands m = s.commands(true);
        check(s, "Mar-unq", 1, m.run(MessageAction.ADD_RECIPIENT, List.of(BIG, "foo")));
        check(s, "Mar-bad", 1, m.run(MessageAction.ADD_RECIPIENT, List.of(BIG, "bad@@x")));
        check(s, "Mar-none", 1, m.run(MessageAction.ADD_RECIPIENT, List.of(BIG)));
        check(s, "Mes-empty", 1, m.run(MessageAction.EDIT_SENDER, List.of(BIG, "")));
        check(s, "Mes-two", 1, m.run(MessageAction.EDIT_SENDER, List.of(BIG, "a@b.example", "c@d.example")));
        check(s, "Mvh-two", 1, m.run(MessageAction.SHOW_HEADER, List.of(BIG, BIG)));
        assertEquals(List.of(), s.log);
        check(s, "Mar-angle", 0, m.run(MessageAction.ADD_RECIPIENT, List.of(BIG, "<ang@y.example>")));
        check(s, "Mar-name", 0, m.run(MessageAction.ADD_RECIPIENT, List.of(BIG, "Name <named@y.example>")));
        check(s, "Mmad", 0, m.run(MessageAction.MARK_ALL_DELIVERED, List.of(BIG)));
        check(s, "Mf-two", 1, m.run(MessageAction.FREEZE, List.of(BIG, SMALL)));
        HeaderFile h = s.spool.read(MessageId.parse(BIG));
        assertEquals(List.of(), h.undelivered());
        assertEquals("ang@y.example", h.recipients().get(3).address());
        assertEquals("named@y.example", h.recipients().get(4).address());
        assertEquals(List.of(
                BIG + " recipient <ang@y.example> added by root",
                BIG + " recipient <named@y.example> added by root",
                BIG + " address <a@y.example> marked delivered by root",
                BIG + " address <b@y.example> marked delivered by root",
                BIG + " address <c@y.example> marked delivered by root",
                BIG + " address <ang@y.example> marked delivered by root",
                BIG + " address <named@y.example> marked delivered by root",
                BIG + " frozen by root",
                SMALL + " Spool file " + SMALL + "-D not found"), s.log);
    }

    @Test
    void onlyAdministratorsActButASenderMayRemoveTheirOwnMessage() throws IOException {
        RecordedSpool s = new RecordedSpool(dir, BIG, SMALL);
        MessageCommands user = s.commands(false);
        assertEquals(1, user.run(MessageAction.FREEZE, List.of(BIG)));
        assertEquals("Permission denied\n", s.take());
        assertEquals(1, user.run(MessageAction.SHOW_BODY, List.of(BIG)));
        assertEquals("Permission denied\n", s.take());
        assertEquals(1, user.run(MessageAction.REMOVE, List.of(BIG)));
        assertEquals("Permission denied\n", s.take());
        // The recorded messages were sent by root (uid 0).
        MessageCommands owner = new MessageCommands(s.spool, new MessageCommands.Caller("root", 0, false),
                (id, text) -> s.log.add(id + " " + text), s.out, RecordedSpool.CLOCK, true);
        assertEquals(0, owner.run(MessageAction.REMOVE, List.of(SMALL)));
        assertEquals("Message " + SMALL + " has been removed\n", s.take());
        assertEquals(List.of(MessageId.parse(BIG)), s.spool.list());
        assertEquals(List.of(SMALL + " removed by root", SMALL + " Completed"), s.log);
    }

    @Test
    void worksInASplitSpoolAndRemovesLitterFromTheOtherLayout() throws IOException {
        Spool split = new Spool(dir, true);
        split.create();
        MessageId id = MessageId.parse(SMALL);
        Path sub = dir.resolve("input").resolve(id.subdirectory());
        Files.createDirectories(sub);
        Files.copy(RecordedSpool.resource("spool/" + SMALL + "-H"), sub.resolve(SMALL + "-H"));
        Files.copy(RecordedSpool.resource("spool/" + SMALL + "-D"), sub.resolve(SMALL + "-D"));
        Files.writeString(dir.resolve("input").resolve(SMALL + "-J"), "rcpt@y.example\n");
        Files.createDirectories(dir.resolve("msglog").resolve(id.subdirectory()));
        Files.writeString(dir.resolve("msglog").resolve(id.subdirectory()).resolve(SMALL), "log\n");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true);
        List<String> log = new java.util.ArrayList<>();
        MessageCommands m = new MessageCommands(split, new MessageCommands.Caller("root", 0, true),
                (i, t) -> log.add(t), out, RecordedSpool.CLOCK, true);
        assertEquals(0, m.run(MessageAction.SHOW_LOG, List.of(SMALL)));
        assertEquals(0, m.run(MessageAction.FREEZE, List.of(SMALL)));
        assertTrue(split.read(id).frozenAt().isPresent());
        assertEquals(0, m.run(MessageAction.REMOVE, List.of(SMALL)));
        assertEquals("log\nMessage " + SMALL + " is now frozen\nMessage " + SMALL + " has been removed\n",
                bytes.toString());
        assertFalse(Files.exists(dir.resolve("input").resolve(SMALL + "-J")));
        assertFalse(Files.exists(sub.resolve(SMALL + "-D")));
        assertFalse(Files.exists(dir.resolve("msglog").resolve(id.subdirectory()).resolve(SMALL)));
        assertEquals(List.of(), split.list());
        assertEquals(List.of("frozen by root", "removed by root", "Completed"), log);
    }

    @Test
    void theMessageLogOfAMessageWithoutOneIsExplainedWhenMessageLogsAreOff() throws IOException {
        RecordedSpool s = new RecordedSpool(dir, SMALL);
        MessageCommands m = new MessageCommands(s.spool, new MessageCommands.Caller("root", 0, true),
                (id, text) -> { }, s.out, RecordedSpool.CLOCK, false);
        assertEquals(1, m.run(MessageAction.SHOW_LOG, List.of(SMALL)));
        assertEquals("Failed to open msglog file for " + SMALL + ": No such file or directory\n"
                + "(No message logs are being created because the message_logs option is false.)\n", s.take());
    }

    /** Run as root on a spool the Exim user owns, the rewritten -H stays the Exim user's. */
    @Test
    void aRewrittenHeaderFileKeepsItsOwner() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        RecordedSpool s = new RecordedSpool(dir, SMALL);
        Path h = s.spool.headerFile(MessageId.parse(SMALL));
        var users = dir.getFileSystem().getUserPrincipalLookupService();
        java.nio.file.attribute.UserPrincipal nobody = users.lookupPrincipalByName("nobody");
        Files.setOwner(h, nobody);
        assertEquals(0, s.commands(true).run(MessageAction.FREEZE, List.of(SMALL)));
        assertEquals(nobody, Files.getOwner(h));
        assertTrue(s.spool.read(MessageId.parse(SMALL)).frozenAt().isPresent());
    }

    @Test
    void addressArguments() {
        assertEquals("a@b.example", AddressArgument.parse("Name <a@b.example>").address());
        assertEquals("a@b.example", AddressArgument.parse("<@relay.example:a@b.example>").address());
        assertFalse(AddressArgument.parse("foo").hasDomain());
        assertEquals("empty address", AddressArgument.parse("<>").error());
        assertEquals("domain missing or malformed", AddressArgument.parse("a@").error());
        assertEquals("domain missing or malformed", AddressArgument.parse("a@b..c").error());
        assertTrue(AddressArgument.parse("a@[192.0.2.1]").hasDomain());
    }
}
