package org.osprey.mta.core.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.hints.HintsStore;
import org.osprey.mta.core.receive.ProcessIds;
import org.osprey.mta.core.route.Passwd;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.kernel.transport.Credentials;

/**
 * The generic transport options the engine applies for every transport. The expected
 * message bytes and log lines were recorded from Exim 4.96 (exim-reference) with appendfile
 * transports carrying the same generic options: the mailbox without its "From " line and
 * the final blank line appendfile adds is what a transport is given to write.
 */
class GenericTransportOptionsTest {
    private static final List<String> HEADERS = List.of("From: x@old.example\n", "To: a@b.example, y@old.example\n",
            "Subject: hello\n");
    private static final String BODY = "body line\n.dot\n";

    @TempDir
    Path dir;

    private static String config(String transportOptions) {
        return """
                begin routers
                r1:
                  driver = accept
                  transport = t1

                begin transports
                t1:
                  driver = testlocal
                """ + transportOptions;
    }

    @Test
    void headersRewriteAndTheFilterShapeWhatTheTransportWrites() throws Exception {
        // Exim 4.96: the mailbox of an appendfile transport with these options.
        String options = "  headers_rewrite = *@old.example $1@new.example f : a@b.example c@d.example\n"
                + "  return_path_add\n  transport_filter = /usr/bin/tr a-z A-Z\n";
        try (DeliveryFixture f = new DeliveryFixture(dir, config(options))) {
            MessageId id = f.submitBody("s@src.example", HEADERS, BODY, "rcpt@host.example");
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            assertEquals("RETURN-PATH: <S@SRC.EXAMPLE>\nFROM: X@NEW.EXAMPLE\nTO: C@D.EXAMPLE, Y@OLD.EXAMPLE\n"
                    + "SUBJECT: HELLO\n\nBODY LINE\n.DOT\n", f.transports.calls.get(0).message());
        }
    }

    @Test
    void theFilterComesBeforeSmtpDotStuffingAndLineEndings() throws Exception {
        String options = "  smtp_data\n  transport_filter = /usr/bin/tr a-z A-Z\n";
        try (DeliveryFixture f = new DeliveryFixture(dir, config(options))) {
            MessageId id = f.submitBody("s@src.example", List.of("Subject: hello\n"), BODY, "rcpt@host.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertEquals("SUBJECT: HELLO\r\n\r\nBODY LINE\r\n..DOT\r\n", f.transports.calls.get(0).message());
        }
    }

    @Test
    void bodyOnlyAndHeadersOnly() throws Exception {
        // Exim 4.96: body_only writes no blank line; headers_only writes the headers and the blank line.
        String text = """
                begin routers
                body:
                  driver = accept
                  local_parts = body
                  transport = t_body
                headers:
                  driver = accept
                  transport = t_headers

                begin transports
                t_body:
                  driver = testlocal
                  body_only
                  transport_filter = /usr/bin/tr a-z A-Z
                t_headers:
                  driver = testlocal
                  headers_only
                """;
        try (DeliveryFixture f = new DeliveryFixture(dir, text)) {
            MessageId id = f.submitBody("s@src.example", List.of("Subject: hello\n"), "body line\n", "body@host.example",
                    "headers@host.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertEquals("BODY LINE\n", f.transports.calls.get(0).message());
            assertEquals("Subject: hello\n\n", f.transports.calls.get(1).message());
        }
    }

    @Test
    void aFailingFilterDefersWithEximsErrnoAndText() throws Exception {
        String text = """
                begin routers
                r_false:
                  driver = accept
                  local_parts = false
                  transport = t_false
                r_noexec:
                  driver = accept
                  local_parts = noexec
                  transport = t_noexec
                r_sleep:
                  driver = accept
                  transport = t_sleep

                begin transports
                t_false:
                  driver = testlocal
                  transport_filter = /bin/false
                t_noexec:
                  driver = testlocal
                  transport_filter = /nonexistent/filter arg
                t_sleep:
                  driver = testlocal
                  transport_filter = /bin/sleep 5
                  transport_filter_timeout = 1s
                """;
        try (DeliveryFixture f = new DeliveryFixture(dir, text)) {
            MessageId id = f.submit("s@src.example", "false@host.example", "noexec@host.example",
                    "sleep@host.example");
            long start = System.nanoTime();
            assertEquals(DeliveryStatus.DEFERRED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            assertTrue(System.nanoTime() - start < 4_000_000_000L, "the timeout killed the filter");
            // Exim's appendfile adds " while writing to <file>"; the errno is the engine's.
            assertEquals(List.of(
                    id + " == false@host.example R=r_false T=t_false defer (-24): transport filter process failed (1)",
                    id + " == noexec@host.example R=r_noexec T=t_noexec defer (-24): transport filter process failed "
                            + "(127): unable to execute command",
                    id + " == sleep@host.example R=r_sleep T=t_sleep defer (110): Connection timed out"),
                    f.mainlogLines());
            assertTrue(f.transports.calls.isEmpty());
        }
    }

    @Test
    void filterArgumentsAreExpandedAndPipeAddressesBecomesOneArgumentEach() throws Exception {
        String options = "  batch_max = 5\n  transport_filter = /bin/sh -c 'cat; echo \"\\$@\"' sh '$sender_address'"
                + " $pipe_addresses\n";
        try (DeliveryFixture f = new DeliveryFixture(dir, config(options))) {
            MessageId id = f.submitBody("s@src.example", List.of("Subject: hello\n"), "body\n", "a@host.example",
                    "b@host.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertEquals("Subject: hello\n\nbody\ns@src.example a@host.example b@host.example\n",
                    f.transports.calls.get(0).message());
        }
    }

    @Test
    void messageSizeLimitFailsTheAddressWithEximsText() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, config("  message_size_limit = 100\n"))) {
            MessageId id = f.submit("s@src.example", "size@host.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertEquals(id + " ** size@host.example R=r1 T=t1: message is too big (transport limit = 100)",
                    f.mainlogLines().get(0));
            assertFalse(f.onQueue(id));
        }
        try (DeliveryFixture f = new DeliveryFixture(Files.createDirectories(dir.resolve("big")),
                config("  message_size_limit = 1K\n"))) {
            MessageId id = f.submit("s@src.example", "size@host.example");
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            assertEquals(1, f.transports.calls.size());
        }
        try (DeliveryFixture f = new DeliveryFixture(Files.createDirectories(dir.resolve("bad")),
                config("  message_size_limit = abc\n"))) {
            MessageId id = f.submit("s@src.example", "sz@host.example");
            assertEquals(DeliveryStatus.DEFERRED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            // Exim 4.96's line, errno included.
            assertEquals(List.of(id + " == sz@host.example R=r1 T=t1 defer (-1): invalid message_size_limit in t1 "
                    + "transport: integer expected but \"abc\" found"), f.mainlogLines());
        }
    }

    @Test
    void returnPathChangesTheEnvelopeSenderOfThisDelivery() throws Exception {
        String text = """
                begin routers
                r_rp:
                  driver = accept
                  local_parts = rp
                  transport = t_rp
                r_forced:
                  driver = accept
                  local_parts = forced
                  transport = t_forced
                r_bad:
                  driver = accept
                  transport = t_bad

                begin transports
                t_rp:
                  driver = testlocal
                  return_path = bounces-$local_part@other.example
                  return_path_add
                t_forced:
                  driver = testlocal
                  return_path = ${if eq{1}{2}{x}fail}
                  return_path_add
                t_bad:
                  driver = testlocal
                  return_path = ${lookup{x}nosuchlookup{y}}
                """;
        try (DeliveryFixture f = new DeliveryFixture(dir, text)) {
            MessageId id = f.submit("s@src.example", "rp@host.example", "forced@host.example", "bad@host.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertEquals("bounces-rp@other.example", f.transports.calls.get(0).sender());
            assertTrue(f.transports.calls.get(0).message().startsWith("Return-path: <bounces-rp@other.example>\n"));
            // A forced failure keeps the sender.
            assertEquals("s@src.example", f.transports.calls.get(1).sender());
            assertTrue(f.transports.calls.get(1).message().startsWith("Return-path: <s@src.example>\n"));
            String failure = "Failed to expand return path \"${lookup{x}nosuchlookup{y}}\" in t_bad transport: "
                    + "unknown lookup type \"nosuchlookup\"";
            List<String> lines = f.mainlogLines();
            assertTrue(lines.contains(id + " " + failure), lines.toString());
            assertTrue(lines.contains(id + " == bad@host.example R=r_bad T=t_bad defer (-27): " + failure),
                    lines.toString());
        }
    }

    @Test
    void theShadowTransportGetsTheDeliveredAddressesAndOnlyAddsStToTheLogLine() throws Exception {
        String text = """
                begin routers
                r_shadow:
                  driver = accept
                  local_parts = shadow
                  transport = t_shadow
                r_bad:
                  driver = accept
                  local_parts = shadowbad
                  transport = t_shadowbad
                r_cond:
                  driver = accept
                  local_parts = shadowcond
                  transport = t_shadowcond
                r_defer:
                  driver = accept
                  transport = t_defer

                begin transports
                t_shadow:
                  driver = testlocal
                  shadow_transport = t_copy
                t_shadowbad:
                  driver = testlocal
                  shadow_transport = t_broken
                t_shadowcond:
                  driver = testlocal
                  shadow_transport = t_copy
                  shadow_condition = ${if eq{$local_part}{nobody}}
                t_defer:
                  driver = testlocal
                  outcome = defer not now
                  shadow_transport = t_copy
                t_copy:
                  driver = testlocal
                  headers_add = X-Shadow: $local_part
                t_broken:
                  driver = testlocal
                  outcome = defer failed to create directories
                """;
        try (DeliveryFixture f = new DeliveryFixture(dir, text)) {
            MessageId id = f.submit("s@src.example", "shadow@host.example", "shadowbad@host.example",
                    "shadowcond@host.example", "later@host.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            List<String> lines = f.mainlogLines();
            assertEquals(id + " => shadow <shadow@host.example> R=r_shadow T=t_shadow ST=t_copy", lines.get(0));
            assertEquals(id + " => shadowbad <shadowbad@host.example> R=r_bad T=t_shadowbad ST=t_broken "
                    + "(failed to create directories)", lines.get(1));
            assertEquals(id + " => shadowcond <shadowcond@host.example> R=r_cond T=t_shadowcond", lines.get(2));
            assertTrue(lines.get(3).startsWith(id + " == later@host.example R=r_defer T=t_defer defer"), lines.get(3));
            List<String> transports = f.transports.calls.stream().map(RecordingTransports.Call::transport).toList();
            assertEquals(List.of("t_shadow", "t_copy", "t_shadowbad", "t_broken", "t_shadowcond", "t_defer"),
                    transports);
            assertTrue(f.transports.calls.get(1).message().contains("X-Shadow: shadow\n"),
                    "the shadow transport's own options apply");
        }
    }

    @Test
    void theUserGroupAndDirectoriesFollowEximsPrecedence() throws Exception {
        Path passwd = dir.resolve("passwd");
        Path group = dir.resolve("group");
        Files.writeString(passwd, "alice:x:1001:1001::/home/alice:/bin/sh\nbob:x:1002:1002::/home/bob:/bin/sh\n");
        Files.writeString(group, "alice:x:1001:\nbob:x:1002:\nstaff:x:50:alice,bob\nmail:x:8:\n");
        String text = """
                begin routers
                r_local:
                  driver = accept
                  local_parts = alice
                  check_local_user
                  transport = t_plain
                r_override:
                  driver = accept
                  local_parts = bob
                  check_local_user
                  user = ${if eq{1}{1}{alice}}
                  initgroups
                  transport_current_directory = /tmp
                  transport = t_plain
                r_transport:
                  driver = accept
                  local_parts = carol
                  transport_home_directory = /home/router/$local_part
                  transport = t_user
                r_none:
                  driver = accept
                  transport = t_plain

                begin transports
                t_plain:
                  driver = testlocal
                  headers_add = X-Home: $home
                t_user:
                  driver = testlocal
                  user = ${if eq{1}{1}{bob}}
                  group = 8
                  home_directory = /var/spool/$local_part
                """;
        try (DeliveryFixture f = new DeliveryFixture(dir, text, Passwd.fromFiles(passwd, group))) {
            MessageId id = f.submit("s@src.example", "alice@host.example", "bob@host.example", "carol@host.example",
                    "dave@host.example");
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            RecordingTransports.Call alice = f.transports.calls.get(0);
            assertEquals(Optional.of(new Credentials("alice", 1001, 1001, List.of())), alice.credentials());
            assertEquals(Optional.of("/home/alice"), alice.home());
            assertEquals(Optional.of("/home/alice"), alice.currentDirectory(), "the home when nothing else is set");
            assertTrue(alice.message().contains("X-Home: /home/alice\n"), alice.message());
            RecordingTransports.Call bob = f.transports.calls.get(1);
            // The router's user beats check_local_user's, with its own group (rf_get_ugid); initgroups adds staff.
            assertEquals(Optional.of(new Credentials("alice", 1001, 1001, List.of(1001, 50))), bob.credentials());
            assertEquals(Optional.of("/home/bob"), bob.home());
            assertEquals(Optional.of("/tmp"), bob.currentDirectory());
            RecordingTransports.Call carol = f.transports.calls.get(2);
            assertEquals(Optional.of(new Credentials("bob", 1002, 8, List.of())), carol.credentials());
            assertEquals(Optional.of("/var/spool/carol"), carol.home(), "the transport's home beats the router's");
            RecordingTransports.Call dave = f.transports.calls.get(3);
            assertEquals(Optional.empty(), dave.credentials(), "nothing set: the MTA's own user");
            assertEquals(Optional.empty(), dave.home());
            assertEquals(Optional.of("/"), dave.currentDirectory());
        }
    }

    @Test
    void asRootALocalDeliveryWithNoUserRunsAsTheEximUser() throws Exception {
        Assumptions.assumeTrue(ProcessIds.uid(-1) == 0, "only the root MTA changes user");
        Path passwd = dir.resolve("passwd");
        Path group = dir.resolve("group");
        Files.writeString(passwd, "mailer:x:1005:1006::/var/mail:/bin/false\n");
        Files.writeString(group, "mailer:x:1006:\n");
        String text = "exim_user = 1005\nexim_group = 1006\n" + config("");
        try (DeliveryFixture f = new DeliveryFixture(dir, text, Passwd.fromFiles(passwd, group))) {
            MessageId id = f.submit("s@src.example", "u@host.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertEquals(Optional.of(new Credentials("mailer", 1005, 1006, List.of())),
                    f.transports.calls.get(0).credentials());
        }
    }

    @Test
    void userErrorsDeferWithEximsTexts() throws Exception {
        String text = """
                begin routers
                r_nogroup:
                  driver = accept
                  local_parts = nogroup
                  transport = t_nogroup
                r_root:
                  driver = accept
                  local_parts = root
                  transport = t_root
                r_relative:
                  driver = accept
                  transport = t_relative

                begin transports
                t_nogroup:
                  driver = testlocal
                  user = 1234
                t_root:
                  driver = testlocal
                  user = 0
                  group = 0
                t_relative:
                  driver = testlocal
                  home_directory = relative/$local_part
                """;
        // The root and relative lines are Exim 4.96's; it refuses a fixed user without a group in appendfile's
        // configuration already, and checks it at delivery time (deliver.c, findugid) for the others.
        try (DeliveryFixture f = new DeliveryFixture(dir, text)) {
            MessageId id = f.submit("s@src.example", "nogroup@host.example", "root@host.example",
                    "rel@host.example");
            assertEquals(DeliveryStatus.DEFERRED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            assertEquals(List.of(
                    id + " User set without group for t_nogroup transport",
                    id + " == nogroup@host.example R=r_nogroup T=t_nogroup defer (-28): User set without group for "
                            + "t_nogroup transport",
                    id + " User 0 set for t_root transport is on the fixed_never_users list",
                    id + " == root@host.example R=r_root T=t_root defer (-29): User 0 set for t_root transport is on "
                            + "the fixed_never_users list",
                    id + " home directory path \"relative/rel\" is not absolute for t_relative transport",
                    id + " == rel@host.example R=r_relative T=t_relative defer (-21): home directory path "
                            + "\"relative/rel\" is not absolute for t_relative transport"),
                    f.mainlogLines());
            assertTrue(f.transports.calls.isEmpty());
        }
    }

    @Test
    void maxParallelDefersWhatWouldGoBeyondTheLimit() throws Exception {
        String text = """
                remote_max_parallel = 4
                begin routers
                r1:
                  driver = accept
                  transport = t1

                begin transports
                t1:
                  driver = testremote
                  max_rcpt = 1
                  sleep = 300
                  max_parallel = ${if eq{1}{1}{1}}
                """;
        try (DeliveryFixture f = new DeliveryFixture(dir, text)) {
            MessageId id = f.submit("s@src.example", "a@one.example", "b@two.example");
            assertEquals(DeliveryStatus.DEFERRED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            assertEquals(1, f.transports.calls.size());
            assertTrue(f.mainlogLines().contains(id + " == b@two.example R=r1 T=t1 defer (-57): concurrency limit "
                    + "reached for transport"), f.mainlogLines().toString());
            assertTrue(f.hints.get(HintsStore.MISC, "tpt-serialize-t1").isEmpty(), "the place is given back");
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
        }
    }

    @Test
    void retryUseLocalPartOfTheTransportNamesTheLocalRetryRecord() throws Exception {
        // Exim 4.96 (exim_dumpdb): T:user@host.example by default, the domain alone when it is false.
        String options = "  outcome = defer not now\n  retry_use_local_part = false\n";
        try (DeliveryFixture f = new DeliveryFixture(dir, config(options) + "\nbegin retry\n* * F,1h,10m\n")) {
            MessageId id = f.submit("s@src.example", "user@host.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertTrue(f.hints.get(HintsStore.RETRY, "T:host.example").isPresent());
            assertTrue(f.hints.get(HintsStore.RETRY, "T:user@host.example").isEmpty());
        }
    }
}
