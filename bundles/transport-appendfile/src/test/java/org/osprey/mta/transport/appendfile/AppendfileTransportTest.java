package org.osprey.mta.transport.appendfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osprey.mta.transport.appendfile.Fixture.assertDelivered;
import static org.osprey.mta.transport.appendfile.Fixture.deferred;
import static org.osprey.mta.transport.appendfile.Fixture.deliver;
import static org.osprey.mta.transport.appendfile.Fixture.deliverOne;
import static org.osprey.mta.transport.appendfile.Fixture.transport;
import static org.osprey.mta.transport.appendfile.Fixture.variables;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.testing.TestMessage;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportResult;

class AppendfileTransportTest {
    @TempDir
    Path dir;

    private static final String HEADERS = "From: sender@example.com\nSubject: test\n\n";

    @Test
    void aBatchIsDeliveredOnceAndEveryAddressIsDelivered() throws Exception {
        Path box = dir.resolve("shared");
        Transport t = transport("file", box.toString(), "batch_max", "10", "message_prefix", "", "message_suffix", "");
        List<Address> batch = List.of(Address.of("a", "example.com"), Address.of("b", "example.com"),
                Address.of("c", "example.org"));
        TransportResult result = deliver(t, TestMessage.simple("once\n"), variables(),
                batch.toArray(new Address[0]));
        assertEquals(batch, List.copyOf(result.outcomes().keySet()));
        result.outcomes().values().forEach(Fixture::assertDelivered);
        assertEquals(HEADERS + "once\n", Files.readString(box));
    }

    @Test
    void aFailedBatchDefersEveryAddressUnderItsOwnRetryKey() throws Exception {
        Path box = dir.resolve("shared");
        Transport t = transport("file", box.toString(), "batch_max", "10", "file_must_exist", "true");
        Address a = Address.of("a", "example.com");
        Address b = Address.of("b", "Example.COM");
        TransportResult result = deliver(t, TestMessage.simple("x\n"), variables(), a, b);
        assertEquals("T:a@example.com", deferred(result.outcome(a).orElseThrow()).retryKey());
        assertEquals("T:b@Example.COM", deferred(result.outcome(b).orElseThrow()).retryKey());
        assertEquals(deferred(result.outcome(a).orElseThrow()).message(),
                deferred(result.outcome(b).orElseThrow()).message());
    }

    @Test
    void aBatchMixingLocalPartsIsRefusedWhenTheFileUsesTheLocalPart() throws Exception {
        Transport t = transport("file", dir + "/$local_part_data", "batch_max", "10");
        TransportResult result = deliver(t, TestMessage.simple("x\n"), variables(),
                Address.of("a", "example.com"), Address.of("b", "example.com"));
        for (Outcome o : result.outcomes().values()) {
            assertEquals("batch of 2 addresses for the t transport mixes local parts, which its options use",
                    deferred(o).message());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing is written");
        }

        Transport sameUser = transport("file", dir + "/$local_part_data", "batch_max", "10");
        TransportResult ok = deliver(sameUser, TestMessage.simple("x\n"), variables(),
                Address.of("user", "example.com"), Address.of("user", "example.org"));
        ok.outcomes().values().forEach(Fixture::assertDelivered);
    }

    @Test
    void anExpansionFailureOfTheFileNameDefers() throws Exception {
        Outcome.Deferred d = deferred(deliverOne(transport("file", dir + "/$nosuch"), TestMessage.simple("x\n")));
        assertEquals("Expansion of \"" + dir + "/$nosuch\" (file or directory name for t transport) failed: "
                + "unknown variable name \"nosuch\"", d.message());
        assertEquals(ErrorClass.OTHER, d.errorClass());
        assertEquals("T:user@example.com", d.retryKey());

        Outcome forced = deliverOne(transport("file", "${fail}"), TestMessage.simple("x\n"));
        assertTrue(deferred(forced).message().startsWith("Expansion of \"${fail}\" (file or directory name for t"
                + " transport) failed"), "a forced failure defers too, as Exim's PANIC return does");
    }

    @Test
    void aRelativeNameDefers() throws Exception {
        Outcome.Deferred d = deferred(deliverOne(transport("file", "mail/$local_part"), TestMessage.simple("x\n")));
        assertEquals("appendfile: file or directory name \"mail/user\" is not absolute", d.message());
    }

    @Test
    void aPrefixThatDoesNotExpandDefersBeforeAnythingIsWritten() throws Exception {
        Path box = dir.resolve("box");
        Outcome.Deferred d = deferred(deliverOne(transport("file", box.toString(), "message_prefix", "$nosuch"),
                TestMessage.simple("x\n")));
        assertEquals("Expansion of \"$nosuch\" (prefix for t transport) failed", d.message());
        assertFalse(Files.exists(box));
    }

    @Test
    void withNeitherOptionTheRedirectedFileNameIsUsed() throws Exception {
        Transport t = transport();
        Path folder = dir.resolve("mail/saved");
        assertDelivered(deliverOne(t, TestMessage.simple("kept\n"), variables("address_file", folder.toString())));
        assertEquals("From sender@example.com " + Fixture.BSD_DATE + "\n" + HEADERS + "kept\n\n",
                Files.readString(folder));

        Outcome.Deferred d = deferred(deliverOne(t, TestMessage.simple("x\n")));
        assertEquals("Mandatory file or directory option missing from t transport", d.message());
    }

    @Test
    void aRedirectedNameEndingInSlashIsADirectory() throws Exception {
        Transport t = transport("message_prefix", "", "message_suffix", "");
        Path folder = dir.resolve("folder");
        assertDelivered(deliverOne(t, TestMessage.simple("x\n"), variables("address_file", folder + "/")));
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> all = files.toList();
            assertEquals(1, all.size());
            assertTrue(all.get(0).getFileName().toString().startsWith("q"), all.toString());
        }
    }

    @Test
    void theFileOptionCanUseTheRedirectedName() throws Exception {
        Transport t = transport("file", dir + "/folders/$address_file");
        assertDelivered(deliverOne(t, TestMessage.simple("x\n"), variables("address_file", "inbox")));
        assertTrue(Files.exists(dir.resolve("folders/inbox")));
    }

    @Test
    void createFileInhomeAllowsOnlyFilesDirectlyInTheHomeDirectory() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        Map<String, String> vars = variables("home", home.toString());
        Transport t = transport("file", "$home/$address_file", "create_file", "inhome", "use_lockfile", "false");

        assertDelivered(deliverOne(t, TestMessage.simple("x\n"), with(vars, "address_file", "inbox")));
        Outcome.Deferred d = deferred(deliverOne(t, TestMessage.simple("x\n"), with(vars, "address_file", "sub/box")));
        assertEquals("mailbox " + home + "/sub/box does not exist, but creation outside the home directory is not"
                + " permitted", d.message());
        assertFalse(Files.exists(home.resolve("sub")), "no directory is made for a file that may not be created");
    }

    @Test
    void createFileBelowhomeAllowsSubdirectoriesButNotEscapes() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        Map<String, String> vars = variables("home", home.toString());
        Transport t = transport("file", "$home/$address_file", "create_file", "belowhome", "use_lockfile", "false");
        assertDelivered(deliverOne(t, TestMessage.simple("x\n"), with(vars, "address_file", "sub/box")));
        deferred(deliverOne(t, TestMessage.simple("x\n"), with(vars, "address_file", "sub/../../escape")));
        assertFalse(Files.exists(dir.resolve("escape")));

        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Files.createSymbolicLink(home.resolve("link"), elsewhere);
        deferred(deliverOne(t, TestMessage.simple("x\n"), with(vars, "address_file", "link/box")));
        assertFalse(Files.exists(elsewhere.resolve("box")), "a symbolic link out of the home directory is caught");
    }

    @Test
    void createFileAsAPathChecksAgainstThatPath() throws Exception {
        Path root = Files.createDirectory(dir.resolve("root"));
        Transport t = transport("directory", "$address_file", "create_file", root.toString(),
                "maildir_format", "true");
        assertDelivered(deliverOne(t, TestMessage.simple("x\n"), variables("address_file", root + "/u/Maildir")));
        Outcome.Deferred d = deferred(deliverOne(t, TestMessage.simple("x\n"),
                variables("address_file", dir + "/other/Maildir")));
        assertEquals("tried to create file in " + dir + "/other/Maildir, but file creation outside the home"
                + " directory is not permitted", d.message());
    }

    @Test
    void quotaValuesAreReadAsEximReadsThem() throws Exception {
        assertEquals(new Quota(1024, false, 0, false, 0, false), quota("1K", "q"));
        assertEquals(new Quota(1024, false, 0, false, 0, false), quota("1k", "q"));
        assertEquals(new Quota(1572864, false, 0, false, 0, false), quota("1.5M", "q"));
        assertEquals(new Quota(2L * 1024 * 1024 * 1024, false, 0, false, 0, false), quota("2G", "q"));
        assertEquals(new Quota(10, true, 0, false, 0, false), quota("10/no_check", "q"));
        assertEquals(new Quota(5, false, 0, false, 0, false), quota(" 5 ", "q"));
        assertEquals(new Quota(0, false, 0, false, 0, false), quota("", "q"));
        assertEquals(new Quota(1000, false, 0, false, 0, false), quota("1e3", "q"));
        assertEquals(new Quota(16, false, 0, false, 0, false), quota("0x10", "q"));
        Problem p = assertThrows(Problem.class, () -> quota("5 M", "$q"));
        assertEquals("Malformed value \"5 M\" (expansion of \"$q\") in t transport", p.getMessage());
        assertEquals(new Quota(0, false, 0, false, 0, false), quota("M", "q"),
                "strtod reads nothing, then the M: zero");
        assertTrue(new Quota(100, false, 0, false, 0, false).exceeded(90, 11, true));
        assertFalse(new Quota(100, false, 0, false, 0, false).exceeded(90, 10, true));
        assertFalse(new Quota(100, false, 0, false, 0, false).exceeded(90, 11, false));
        assertFalse(new Quota(0, false, 0, false, 0, false).exceeded(Long.MAX_VALUE / 2, 1, true), "zero is no quota");
        assertFalse(new Quota(100, true, 0, false, 0, false).exceeded(1000, 1, true), "no_check");
    }

    /** A quota value read as at delivery, {@code template} being the option's text. */
    private static Quota quota(String expanded, String template) throws Problem {
        QuotaOptions options = new QuotaOptions(template, null, null, null, true, null, null, null, "false", null, null);
        return Quota.of(expanded, null, null, options, "t", false);
    }

    private static Map<String, String> with(Map<String, String> vars, String name, String value) {
        Map<String, String> copy = new java.util.HashMap<>(vars);
        copy.put(name, value);
        return copy;
    }
}
