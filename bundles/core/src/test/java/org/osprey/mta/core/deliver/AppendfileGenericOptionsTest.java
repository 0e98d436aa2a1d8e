package org.osprey.mta.core.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.spool.MessageId;

/**
 * The generic options through the real appendfile transport, which knows nothing of them:
 * the mailbox bytes are Exim 4.96's (exim-reference, same options), but for the "From "
 * line's date and the headers Exim's reception adds (Received:, Message-Id:, Date:).
 */
class AppendfileGenericOptionsTest {
    @TempDir
    Path dir;

    private static String config(String options) {
        return """
                begin routers
                r1:
                  driver = accept
                  transport = t1

                begin transports
                t1:
                  driver = appendfile
                  file = DIR/box
                """ + options;
    }

    private static String mailbox(Path dir) throws Exception {
        String box = Files.readString(dir.resolve("box"), StandardCharsets.ISO_8859_1);
        return box.replaceFirst("^From (\\S+) .*\n", "From $1 DATE\n");
    }

    @Test
    void headersRewriteReturnPathAddAndTheFilter() throws Exception {
        String options = "  headers_rewrite = *@old.example $1@new.example f : a@b.example c@d.example\n"
                + "  return_path_add\n  transport_filter = /usr/bin/tr a-z A-Z\n";
        try (DeliveryFixture f = new DeliveryFixture(dir, config(options))) {
            MessageId id = f.submitBody("s@src.example", List.of("From: x@old.example\n",
                    "To: a@b.example, y@old.example\n", "Subject: hello\n"), "body line\n.dot\n", "rcpt@host.example");
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE), f.mainlog());
            assertEquals("From s@src.example DATE\nRETURN-PATH: <S@SRC.EXAMPLE>\nFROM: X@NEW.EXAMPLE\n"
                    + "TO: C@D.EXAMPLE, Y@OLD.EXAMPLE\nSUBJECT: HELLO\n\nBODY LINE\n.DOT\n\n", mailbox(dir));
        }
    }

    @Test
    void theCheckStringAppliesToTheFilteredOutputFromItsSecondLine() throws Exception {
        String options = "  body_only\n  transport_filter = /bin/cat\n  check_string = \"From \"\n"
                + "  escape_string = \">From \"\n";
        try (DeliveryFixture f = new DeliveryFixture(dir, config(options))) {
            MessageId id = f.submitBody("s@src.example", List.of("Subject: hello\n"), "From me\nbody\nFrom you\n",
                    "rcpt@host.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertEquals("From s@src.example DATE\nFrom me\nbody\n>From you\n\n", mailbox(dir));
        }
    }

    @Test
    void bodyOnlyWithoutAFilterEscapesTheFirstLine() throws Exception {
        String options = "  body_only\n  check_string = \"From \"\n  escape_string = \">From \"\n";
        try (DeliveryFixture f = new DeliveryFixture(dir, config(options))) {
            MessageId id = f.submitBody("s@src.example", List.of("Subject: hello\n"), "From me\nbody\nFrom you\n",
                    "rcpt@host.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertEquals("From s@src.example DATE\n>From me\nbody\n>From you\n\n", mailbox(dir));
        }
    }

    @Test
    void returnPathIsTheSenderOfTheFromLine() throws Exception {
        String options = "  return_path = bounces-$local_part@other.example\n  return_path_add\n";
        try (DeliveryFixture f = new DeliveryFixture(dir, config(options))) {
            MessageId id = f.submitBody("s@src.example", List.of("Subject: hello\n"), "body line\n", "rp@host.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertEquals("From bounces-rp@other.example DATE\nReturn-path: <bounces-rp@other.example>\n"
                    + "Subject: hello\n\nbody line\n\n", mailbox(dir));
        }
    }

    @Test
    void aFailingFilterDefersWithEximsLineAndLeavesNoMessageInTheMailbox() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, config("  transport_filter = /bin/false\n"))) {
            MessageId id = f.submit("s@src.example", "false@host.example");
            assertEquals(DeliveryStatus.DEFERRED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            assertEquals(id + " == false@host.example R=r1 T=t1 defer (-24): transport filter process failed (1) "
                    + "while writing to " + dir.resolve("box"), f.mainlogLines().get(0));
            assertTrue(!Files.exists(dir.resolve("box")) || Files.size(dir.resolve("box")) == 0);
        }
    }

    @Test
    void aFilterThatCannotRunAndOneThatTimesOut() throws Exception {
        String text = """
                begin routers
                r_noexec:
                  driver = accept
                  local_parts = noexec
                  transport = t_noexec
                r_sleep:
                  driver = accept
                  transport = t_sleep

                begin transports
                t_noexec:
                  driver = appendfile
                  file = DIR/box
                  transport_filter = /nonexistent/filter arg
                t_sleep:
                  driver = appendfile
                  file = DIR/box
                  transport_filter = /bin/sleep 5
                  transport_filter_timeout = 1s
                """;
        try (DeliveryFixture f = new DeliveryFixture(dir, text)) {
            MessageId id = f.submit("s@src.example", "noexec@host.example", "sleep@host.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            // Exim 4.96's lines.
            assertEquals(List.of(id + " == noexec@host.example R=r_noexec T=t_noexec defer (-24): transport filter "
                    + "process failed (127) while writing to " + dir.resolve("box") + ": unable to execute command",
                    id + " == sleep@host.example R=r_sleep T=t_sleep defer (110): Connection timed out: error while "
                    + "writing to " + dir.resolve("box")), f.mainlogLines());
        }
    }
}
