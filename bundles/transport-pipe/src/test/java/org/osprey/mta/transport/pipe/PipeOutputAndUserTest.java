package org.osprey.mta.transport.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osprey.mta.transport.pipe.Fixture.USER;
import static org.osprey.mta.transport.pipe.Fixture.config;
import static org.osprey.mta.transport.pipe.Fixture.variables;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.testing.TestMessage;
import org.osprey.mta.kernel.transport.Credentials;
import org.osprey.mta.kernel.transport.Delivery;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * The command's output (logged, returned with the bounce), freezing, and the user, home and
 * directory the command runs with. Expected texts are Exim 4.96's (exim-reference, -odi
 * deliveries to pipe transports, the bounces read back from a file).
 */
class PipeOutputAndUserTest {
    private static final Credentials NOBODY = new Credentials("nobody", 65534, 65534, List.of());

    @TempDir
    Path dir;

    /** A delivery with what the engine lends a local transport: a user, directories and the main log. */
    private static class UserDelivery implements Delivery {
        final Message message = TestMessage.simple("body\n");
        final List<Address> addresses;
        final Expander expander;
        final List<String> log = new ArrayList<>();
        Credentials credentials;
        String home;
        String current;

        UserDelivery(Map<String, String> vars, Address... addresses) {
            this.addresses = addresses.length == 0 ? List.of(USER) : List.of(addresses);
            this.expander = new TestExpander(vars);
        }

        UserDelivery() {
            this(variables());
        }

        @Override
        public Message message() {
            return message;
        }

        @Override
        public List<Address> addresses() {
            return addresses;
        }

        @Override
        public List<Host> hosts() {
            return List.of();
        }

        @Override
        public String transportName() {
            return "t";
        }

        @Override
        public Expander expander() {
            return expander;
        }

        @Override
        public ListMatcher lists() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Credentials> credentials() {
            return Optional.ofNullable(credentials);
        }

        @Override
        public Optional<String> homeDirectory() {
            return Optional.ofNullable(home);
        }

        @Override
        public Optional<String> currentDirectory() {
            return Optional.ofNullable(current);
        }

        @Override
        public void log(String text) {
            log.add(text);
        }
    }

    private static PipeTransport transport(RunAs jvm, String... settings) throws Exception {
        return new PipeTransport(Settings.from("t", config(settings).options()), jvm);
    }

    private static PipeTransport transport(String... settings) throws Exception {
        return transport(RunAs.jvm(), settings);
    }

    private static boolean root() {
        return RunAs.jvm().uid() == 0 && Files.isExecutable(Path.of(RunAs.SETPRIV));
    }

    @Test
    void returnOutputFailsAndReturnsTheOutputWithoutLoggingIt() throws Exception {
        UserDelivery d = new UserDelivery();
        TransportResult r = transport("command", "/bin/sh -c 'echo hello world; echo second line'",
                "return_output", "true").deliver(d);
        // Exim: "** pipe1@test.example R=p1 T=pipe1_t: return message generated", and the bounce's
        // "------ pipe1@test.example ------" section held "hello world\nsecond line\n".
        assertEquals(new Outcome.Failed("return message generated"), r.outcomes().get(USER));
        assertEquals(Optional.of("hello world\nsecond line\n"), r.returnedText(USER));
        assertEquals(List.of(), d.log);
        assertEquals(Optional.empty(), r.freezeReason());
    }

    @Test
    void returnFailOutputReturnsOnlyWhenTheDeliveryFails() throws Exception {
        TransportResult failed = transport("command", "/bin/sh -c 'echo failing out; exit 3'",
                "return_fail_output", "true").deliver(new UserDelivery());
        assertEquals(new Outcome.Failed("Child process of t transport returned 3 from command: /bin/sh"),
                failed.outcomes().get(USER));
        assertEquals(Optional.of("failing out\n"), failed.returnedText(USER));
        TransportResult delivered = transport("command", "/bin/echo fine", "return_fail_output", "true")
                .deliver(new UserDelivery());
        assertEquals(new Outcome.Delivered(""), delivered.outcomes().get(USER));
        assertEquals(Optional.empty(), delivered.returnedText(USER));
    }

    @Test
    void theSenderIsToldOnlyThatALocalDeliveryFailedWhenTheCommandRan() throws Exception {
        // Exim 4.96 (exim-reference: a pipe running /bin/false and one with return_output
        // running /bin/echo hello, -odi, the bounce delivered to a file):
        //   "  quiet@test.example\n  piped@test.example\n    local delivery failed\n"
        // pipe.c's user_message for a command that ran and failed; nothing for return_output.
        TransportResult failed = transport("command", "/bin/false").deliver(new UserDelivery());
        assertEquals(new Outcome.Failed("Child process of t transport returned 1 from command: /bin/false"),
                failed.outcomes().get(USER));
        assertEquals(Optional.of("local delivery failed"), failed.userMessage(USER));
        TransportResult deferred = transport("command", "/bin/sh -c 'exit 75'").deliver(new UserDelivery());
        assertInstanceOf(Outcome.Deferred.class, deferred.outcomes().get(USER));
        assertEquals(Optional.of("local delivery failed"), deferred.userMessage(USER));
        TransportResult output = transport("command", "/bin/echo hello", "return_output", "true")
                .deliver(new UserDelivery());
        assertEquals(Optional.of(""), output.userMessage(USER));
        TransportResult delivered = transport("command", "/bin/echo fine").deliver(new UserDelivery());
        assertEquals(Optional.empty(), delivered.userMessage(USER));
    }

    @Test
    void aFailureBeforeTheCommandRanShowsTheSenderNothing() throws Exception {
        // pipe.c returns early, before its user_message line: the bounce shows no text.
        TransportResult r = transport("command", "/bin/echo $nosuchvariable").deliver(new UserDelivery());
        assertInstanceOf(Outcome.Deferred.class, r.outcomes().get(USER));
        assertEquals(Optional.of(""), r.userMessage(USER));
    }

    @Test
    void nothingIsReturnedWhenThereIsNoOneToTell() throws Exception {
        UserDelivery d = new UserDelivery() {
            final Message bounce = new TestMessage("", List.of(), "body\n");

            @Override
            public Message message() {
                return bounce;
            }
        };
        TransportResult r = transport("command", "/bin/echo hi", "return_output", "true").deliver(d);
        assertEquals(new Outcome.Delivered(""), r.outcomes().get(USER));
        assertEquals(Optional.empty(), r.returnedText(USER));
    }

    @Test
    void logOutputLogsTheFirstLineWithoutTrailingSpaceAndDelivers() throws Exception {
        UserDelivery d = new UserDelivery();
        TransportResult r = transport("command", "/bin/sh -c 'echo \"first log line  \"; echo two'",
                "log_output", "true").deliver(d);
        // Exim: "<pipe3@test.example>: pipe3_t transport output: first log line", then "=>".
        assertEquals(List.of("<user@example.com>: t transport output: first log line"), d.log);
        assertEquals(new Outcome.Delivered(""), r.outcomes().get(USER));
        assertEquals(Optional.empty(), r.returnedText(USER));
    }

    @Test
    void logFailOutputAndLogDeferOutputLogOnlyThoseOutcomes() throws Exception {
        UserDelivery ok = new UserDelivery();
        transport("command", "/bin/echo fine", "log_fail_output", "true", "log_defer_output", "true").deliver(ok);
        assertEquals(List.of(), ok.log);
        UserDelivery deferred = new UserDelivery();
        transport("command", "/bin/sh -c 'printf \"a\\tb\\n\"; exit 75'", "log_defer_output", "true")
                .deliver(deferred);
        assertEquals(List.of("<user@example.com>: t transport output: a\\tb"), deferred.log);
    }

    @Test
    void freezeExecFailAndFreezeSignalAskForTheMessageToBeFrozen() throws Exception {
        // Exim: "== pipe4@test.example R=p4 T=pipe4_t defer (0): pipe process failed to exec
        // "/nonexistent/prog"", then "Frozen".
        TransportResult r = transport("command", "/nonexistent/prog", "freeze_exec_fail", "true")
                .deliver(new UserDelivery());
        assertInstanceOf(Outcome.Deferred.class, r.outcomes().get(USER));
        assertEquals(Optional.of("pipe process failed to exec \"/nonexistent/prog\""), r.freezeReason());
        TransportResult plain = transport("command", "/nonexistent/prog").deliver(new UserDelivery());
        assertEquals(Optional.empty(), plain.freezeReason());
    }

    @Test
    void tooMuchOutputIsReturnedWithEximsNote() throws Exception {
        String command = "/bin/sh -c 'yes 0123456789'";
        TransportResult r = transport("command", command, "max_output", "100", "return_output", "true")
                .deliver(new UserDelivery());
        String text = r.returnedText(USER).orElseThrow();
        assertTrue(text.startsWith("0123456789\n0123456789\n"), text);
        assertTrue(text.endsWith("\n\n*** Too much output - remainder discarded ***\n"), text);
    }

    @Test
    void asRootTheCommandRunsAsTheDeliveryUser() throws Exception {
        Assumptions.assumeTrue(root(), "needs root and setpriv");
        UserDelivery d = new UserDelivery();
        d.credentials = NOBODY;
        TransportResult r = transport("command", "/bin/sh -c 'id -u; id -g; id -G; umask'", "return_output", "true")
                .deliver(d);
        assertEquals(Optional.of("65534\n65534\n65534\n0022\n"), r.returnedText(USER));
    }

    @Test
    void asRootTheUserWritesWithItsOwnIdsAndTheConfiguredUmask() throws Exception {
        Assumptions.assumeTrue(root(), "needs root and setpriv");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        UserDelivery d = new UserDelivery();
        d.credentials = new Credentials("nobody", 65534, 65534, List.of(65534, 100));
        d.current = dir.toString();
        Outcome o = transport("command", "/bin/sh -c 'id -u > out; id -G >> out'", "umask", "077").deliver(d)
                .outcomes().get(USER);
        assertEquals(new Outcome.Delivered(""), o);
        Path out = dir.resolve("out");
        assertEquals("65534\n65534 100\n", Files.readString(out));
        assertEquals(65534, Files.getAttribute(out, "unix:uid"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    }

    @Test
    void theCommandRunsInTheCurrentDirectoryElseHomeWithHomeInItsEnvironment() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        Path current = Files.createDirectory(dir.resolve("current"));
        UserDelivery d = new UserDelivery();
        d.home = home.toString();
        TransportResult r = transport("command", "/bin/sh -c 'pwd; echo \\$HOME'", "return_output", "true")
                .deliver(d);
        assertEquals(Optional.of(home + "\n" + home + "\n"), r.returnedText(USER));
        d.current = current.toString();
        r = transport("command", "/bin/sh -c 'pwd; echo \\$HOME'", "return_output", "true").deliver(d);
        assertEquals(Optional.of(current + "\n" + home + "\n"), r.returnedText(USER));
    }

    @Test
    void aMissingCurrentDirectoryDefers() throws Exception {
        UserDelivery d = new UserDelivery();
        d.current = dir.resolve("missing").toString();
        Outcome o = transport("command", "/bin/true").deliver(d).outcomes().get(USER);
        assertEquals("failed to chdir to " + d.current, assertInstanceOf(Outcome.Deferred.class, o).message());
    }

    @Test
    void aJvmThatIsNotRootCannotRunTheCommandAsAnotherUser() throws Exception {
        UserDelivery d = new UserDelivery();
        d.credentials = NOBODY;
        TransportResult r = transport(new RunAs(999, 999), "command", "/bin/true").deliver(d);
        // Exim, running as uid 999 with user = nobody: "unable to set gid=65534 or uid=65534 (euid=999): local
        // delivery to sender <sender@test.example> transport=tofile", "... transport process returned non-zero
        // status 0x0100: exit code 1", the address deferred, and the message frozen.
        assertEquals(List.of("unable to set gid=65534 or uid=65534 (euid=999): local delivery to user "
                + "<user@example.com> transport=t"), d.log);
        assertEquals("pipe transport process returned non-zero status 0x0100: exit code 1",
                assertInstanceOf(Outcome.Deferred.class, r.outcomes().get(USER)).message());
        assertTrue(r.freezeReason().isPresent());
    }

    @Test
    void aJvmThatIsNotRootRunsTheCommandForItsOwnUser() throws Exception {
        UserDelivery d = new UserDelivery();
        d.credentials = new Credentials("me", 999, 998, List.of());
        Outcome o = transport(new RunAs(999, 998), "command", "/bin/true").deliver(d).outcomes().get(USER);
        assertEquals(new Outcome.Delivered(""), o);
    }

    @Test
    void setprivIsGivenTheIdsAndGroups() throws Exception {
        RunAs root = new RunAs(0, 0);
        assertEquals(List.of(RunAs.SETPRIV, "--reuid=65534", "--regid=65534", "--clear-groups", "--"),
                root.prefix(Optional.of(NOBODY)));
        assertEquals(List.of(RunAs.SETPRIV, "--reuid=1", "--regid=2", "--groups=2,3", "--"),
                root.prefix(Optional.of(new Credentials("x", 1, 2, List.of(2, 3)))));
        assertEquals(List.of(), root.prefix(Optional.empty()));
    }

    @Test
    void theFirstLineIsLoggedWithEximsEscapes() {
        assertEquals("a\\tb\\001c\\303\\251", new CommandOutput("a\tb\001c\u00c3\u00a9 \t\nrest".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1)).firstLine());
    }
}
