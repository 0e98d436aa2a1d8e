package org.osprey.mta.core.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HeaderFileTest {

    static Path resources() throws URISyntaxException {
        return Path.of(HeaderFileTest.class.getResource("/spool").toURI());
    }

    static Stream<Path> eximHeaderFiles() throws IOException, URISyntaxException {
        try (Stream<Path> s = Files.list(resources())) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith("-H")).sorted().toList();
            if (files.size() < 5) {
                throw new IllegalStateException("the Exim-written -H files are missing");
            }
            return files.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("eximHeaderFiles")
    void readsAndReproducesExim496FilesByteForByte(Path file) throws IOException {
        byte[] original = Files.readAllBytes(file);
        HeaderFile h = HeaderFileReader.read(file);
        assertEquals(file.getFileName().toString(), h.id() + "-H");
        assertArrayEquals(original, HeaderFileWriter.toBytes(h), () -> new String(HeaderFileWriter.toBytes(h),
                StandardCharsets.ISO_8859_1));
        // and the same again from a copy rebuilt field by field
        HeaderFile copy = h.toBuilder().build();
        assertArrayEquals(original, HeaderFileWriter.toBytes(copy));
    }

    @ParameterizedTest
    @MethodSource("eximHeaderFiles")
    void readsTheMatchingDataFile(Path file) throws IOException {
        HeaderFile h = HeaderFileReader.read(file);
        Path data = file.resolveSibling(h.id() + "-D");
        try (InputStream body = DataFile.openBody(data, h.id())) {
            byte[] bytes = body.readAllBytes();
            long lines = 0;
            for (byte b : bytes) {
                if (b == '\n') {
                    lines++;
                }
            }
            assertEquals(h.bodyLinecount().orElseThrow(), lines);
        }
    }

    @Test
    void readsTheFieldsOfAnSmtpMessageWithDsn() throws Exception {
        HeaderFile h = HeaderFileReader.read(resources().resolve("1xUvkS-0006Qv-0K-H"));
        assertEquals("root", h.originatorLogin());
        assertEquals(0, h.originatorUid());
        assertEquals("s3@x.example", h.sender());
        assertEquals(1795308484L, h.receivedTime());
        assertEquals(0, h.warningCount());
        SpoolVariable host = h.variable("host_address").orElseThrow();
        assertTrue(host.tainted());
        assertEquals("[192.0.2.1]:5555", host.value());
        assertEquals("esmtp", h.receivedProtocol().orElseThrow());
        assertEquals("env123", h.value("dsn_envid").orElseThrow());
        assertEquals("2", h.value("dsn_ret").orElseThrow());
        assertTrue(h.deliverFirstTime());
        assertEquals(List.of(new AclVariable('m', "_flavour", "vanilla", false, null)), h.aclVariables());
        assertEquals(5, h.recipients().size());
        assertEquals(new Recipient("a@here.example", "rfc822;a@orig.example", 0x14, null, -1), h.recipients().get(0));
        assertEquals(new Recipient("b@later.example", null, 0x02, null, -1), h.recipients().get(1));
        assertEquals(Recipient.of("c@here.example"), h.recipients().get(2));
        assertTrue(h.nonRecipients().isEmpty());
        assertEquals('P', h.headers().get(0).type());
        assertEquals(new HeaderLine(' ', "X-Long: one\n two\n"), h.headers().get(h.headers().size() - 1));
        assertEquals("one\n two", h.headers().get(h.headers().size() - 1).toHeader().value());
    }

    @Test
    void readsMultiLineAclVariablesAndDeletedHeaders() throws Exception {
        HeaderFile smtp = HeaderFileReader.read(resources().resolve("1xUvjV-0005vs-2T-H"));
        assertEquals(new AclVariable('c', "_conn", "multi\nline", false, null), smtp.aclVariables().get(0));
        assertTrue(smtp.variable("helo_name").orElseThrow().tainted());
        HeaderFile rewritten = HeaderFileReader.read(resources().resolve("1xUvkW-0006To-3A-H"));
        assertTrue(rewritten.headers().stream().anyMatch(l -> l.deleted() && l.text().startsWith("From:")));
        HeaderFile bounce = HeaderFileReader.read(resources().resolve("1xUvjV-0005w7-2b-H"));
        assertEquals("", bounce.sender());
    }

    /** Every field the model has, set to something unusual, written and read back. */
    @Test
    void roundTripsEveryField() throws Exception {
        MessageId id = MessageId.parse("1xUvjV-0005vd-2L");
        HeaderFile h = HeaderFile.builder(id)
                .originator("some user", 1001, 1002)
                .sender("weird sender@x.example")
                .receivedTime(1795308425L).warningCount(3)
                .variable("received_time_usec", ".725032")
                .variable(new SpoolVariable("helo_name", "[tainted] helo", true, null))
                .variable(new SpoolVariable("host_address", "[2001:db8::1]:25", true, null))
                .variable(new SpoolVariable("host_name", "quoted.example", true, "dnsdb"))
                .variable("interface_address", "[192.0.2.2]:587")
                .variable("received_protocol", "esmtpsa")
                .variable("body_linecount", "12")
                .variable("body_zerocount", "2")
                .variable("auth_id", "alice")
                .flag("deliver_firsttime")
                .variable("frozen", "1795308500")
                .flag("N").flag("host_lookup_failed").flag("local").flag("localerror").flag("manual_thaw")
                .flag("sender_set_untrusted")
                .flag("tls_certificate_verified")
                .variable("tls_cipher", "TLS1.3:TLS_AES_256_GCM_SHA384:256")
                .variable("tls_peerdn", "CN=client")
                .variable("tls_resumption", "A")
                .variable("dsn_envid", "xyz")
                .variable("dsn_ret", "1")
                .variable("x_osprey_future", "kept")
                .acl(new AclVariable('m', "_b", "two\nlines\n", false, null))
                .acl(new AclVariable('c', "0", "", true, "lsearch"))
                .acl(new AclVariable('m', "_a", "first", false, null))
                .nonRecipient("b@y.example").nonRecipient("a@y.example").nonRecipient("c@y.example")
                .nonRecipient("d@y.example")
                .recipient("a@y.example").recipient("b@y.example").recipient("c@y.example").recipient("d@y.example")
                .recipient(new Recipient("with space@y.example", "rfc822;o@y", 0x0c, "errs@y.example", 2))
                .recipient(new Recipient("e@y.example", null, 0, "errs@y.example", -1))
                .recipient(new Recipient("f@y.example", null, 0, null, 0))
                .recipient("g@y.example")
                .header(HeaderLine.typed("Received: by x\n\tid 1;\n"))
                .header(new HeaderLine('*', "From: old@x\n"))
                .header(HeaderLine.typed("From: new@x\n"))
                .header(HeaderLine.typed("Subject: caf\u00e9 \u00ff\n"))
                .header(HeaderLine.typed("X-Long: " + "y".repeat(1200) + "\n"))
                .build();
        byte[] bytes = HeaderFileWriter.toBytes(h);
        HeaderFile back = HeaderFileReader.parse(bytes, "test");
        assertArrayEquals(bytes, HeaderFileWriter.toBytes(back));
        assertEquals(h.originatorLogin(), back.originatorLogin());
        assertEquals(1001, back.originatorUid());
        assertEquals(1002, back.originatorGid());
        assertEquals(h.sender(), back.sender());
        assertEquals(3, back.warningCount());
        assertEquals(h.variables(), back.variables());
        assertEquals(h.aclVariables(), back.aclVariables());
        assertEquals(h.nonRecipients(), back.nonRecipients());
        assertEquals(h.recipients(), back.recipients());
        assertEquals(h.headers(), back.headers());
        assertEquals(1795308500L, back.frozenAt().orElseThrow());
        assertEquals(List.of("with space@y.example", "e@y.example", "f@y.example", "g@y.example"),
                back.undelivered().stream().map(Recipient::address).toList());
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("--(dnsdb)host_name quoted.example\n"), text);
        assertTrue(text.contains("--(lsearch)aclc 0 0\n\n-aclm _a 5\nfirst\n-aclm _b 10\ntwo\nlines\n\n-body_linecount"), text);
        assertTrue(text.contains("with space@y.example rfc822;o@y 10,12 errs@y.example 14,2#3\n"), text);
        assertTrue(text.contains("e@y.example  0,0 errs@y.example 14,-1#3\n"), text);
        assertTrue(text.contains("f@y.example  0,0  0,0#3\n"), text);
        assertTrue(text.contains("YY c@y.example\nYN b@y.example\nNN a@y.example\nNN d@y.example\n"), text);
        assertTrue(text.contains("1209  X-Long: y"), text);
        assertTrue(text.contains("-x_osprey_future kept\nYY c@y.example\n"), text);
        assertTrue(text.contains("NN d@y.example\n8\na@y.example\n"), text);
    }

    @Test
    void readsOlderRecipientForms() throws Exception {
        String file = "1xUvjV-0005vd-2L-H\nu 1 2\n<>\n1 0\nXX\n3\nplain@x 5\nexim3@x 0,7,0\n"
                + "NN addr@x\n\n";
        HeaderFile h = HeaderFileReader.parse(file.getBytes(StandardCharsets.ISO_8859_1), "t");
        assertEquals(new Recipient("plain@x", null, 0, null, 5), h.recipients().get(0));
        assertEquals(new Recipient("exim3@x", null, 0, null, 7), h.recipients().get(1));
        assertEquals(Recipient.of("NN addr@x"), h.recipients().get(2));
    }

    @Test
    void readsPre461AclVariablesAndWritesThemInTodaysForm() throws Exception {
        String file = "1xUvjV-0005vd-2L-H\nu 1 2\n<>\n1 0\n-acl 3 4\nab\nc\n-acl 12 0\n\nXX\n1\na@x\n\n";
        HeaderFile h = HeaderFileReader.parse(file.getBytes(StandardCharsets.ISO_8859_1), "t");
        assertEquals(List.of(new AclVariable('c', "3", "ab\nc", false, null), new AclVariable('m', "2", "", false, null)),
                h.aclVariables());
        assertTrue(new String(HeaderFileWriter.toBytes(h), StandardCharsets.ISO_8859_1)
                .contains("\n-aclc 3 4\nab\nc\n-aclm 2 0\n\nXX\n"));
    }

    @Test
    void readsTreesOfAnyShape() throws Exception {
        // Exim's AVL shape (left-leaning here) and a degenerate chain 3000 deep.
        StringBuilder chain = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            chain.append(i < 2999 ? "NY " : "NN ").append(String.format("r%04d@x", i)).append('\n');
        }
        for (String tree : List.of("YY m@x\nYN f@x\nNN a@x\nNN z@x\n", chain.toString())) {
            String file = "1xUvjV-0005vd-2L-H\nu 1 2\n<>\n1 0\n" + tree + "1\nm@x\n\n";
            HeaderFile h = HeaderFileReader.parse(file.getBytes(StandardCharsets.ISO_8859_1), "t");
            assertEquals(tree.split("\n").length, h.nonRecipients().size());
            assertEquals(tree.contains("m@x") ? List.of() : List.of(Recipient.of("m@x")), h.undelivered());
            assertEquals(h.nonRecipients(), HeaderFileReader.parse(HeaderFileWriter.toBytes(h), "t").nonRecipients());
        }
        String truncated = "1xUvjV-0005vd-2L-H\nu 1 2\n<>\n1 0\nYY m@x\nNN a@x\n1\nm@x\n\n";
        assertThrows(SpoolFormatException.class,
                () -> HeaderFileReader.parse(truncated.getBytes(StandardCharsets.ISO_8859_1), "t"));
    }

    @Test
    void refusesMoreRecipientsThanEximReads() {
        HeaderFile.Builder b = HeaderFile.builder(MessageId.parse("1xUvjV-0005vd-2L")).originator("u", 1, 2);
        for (int i = 0; i <= HeaderFileWriter.MAX_RECIPIENTS; i++) {
            b.recipient("r" + i + "@x");
        }
        HeaderFile h = b.build();
        assertThrows(IllegalArgumentException.class, () -> HeaderFileWriter.toBytes(h));
    }

    @Test
    void writesAtMost63CharactersOfTheLogin() throws Exception {
        HeaderFile h = HeaderFile.builder(MessageId.parse("1xUvjV-0005vd-2L")).originator("x".repeat(70), 1, 2).build();
        assertEquals("x".repeat(63), HeaderFileReader.parse(HeaderFileWriter.toBytes(h), "t").originatorLogin());
    }

    @Test
    void refusesTornOrForeignFiles() throws Exception {
        byte[] good = Files.readAllBytes(resources().resolve("1xUvjV-0005vd-2L-H"));
        for (int cut : new int[] {0, 5, 19, 40, 200, good.length - 1}) {
            byte[] torn = java.util.Arrays.copyOf(good, cut);
            assertThrows(SpoolFormatException.class, () -> HeaderFileReader.parse(torn, "torn"), "cut at " + cut);
        }
        assertThrows(SpoolFormatException.class,
                () -> HeaderFileReader.parse("garbage\n".getBytes(StandardCharsets.ISO_8859_1), "x"));
        String noBlank = "1xUvjV-0005vd-2L-H\nu 1 2\n<>\n1 0\nXX\n1\na@x\n010  Subject: x\n";
        assertThrows(SpoolFormatException.class,
                () -> HeaderFileReader.parse(noBlank.getBytes(StandardCharsets.ISO_8859_1), "x"));
    }

    @Test
    void refusesTextThatIsNotBytes() {
        HeaderFile h = HeaderFile.builder(MessageId.parse("1xUvjV-0005vd-2L")).originator("u", 1, 2)
                .header(HeaderLine.typed("Subject: \u20ac\n")).build();
        assertThrows(IllegalArgumentException.class, () -> HeaderFileWriter.toBytes(h));
        assertFalse(HeaderLine.typed("X-A: b\n").deleted());
        assertEquals('I', HeaderLine.typed("Message-ID: <a@b>\n").type());
    }
}
