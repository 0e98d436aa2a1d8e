package org.osprey.mta.transport.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osprey.mta.transport.pipe.Fixture.USER;
import static org.osprey.mta.transport.pipe.Fixture.deliver;
import static org.osprey.mta.transport.pipe.Fixture.deliverOne;
import static org.osprey.mta.transport.pipe.Fixture.transport;
import static org.osprey.mta.transport.pipe.Fixture.variables;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Header;
import org.osprey.mta.kernel.model.TransportFilterException;
import org.osprey.mta.kernel.testing.TestMessage;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * Real commands through the pipe transport. The expected messages are what Exim 4.96
 * (exim-reference, a -odi delivery through an accept router to a pipe transport) logged
 * for the same command; Exim's transport was named after the case there, "t" here.
 */
class PipeTransportTest {
    @TempDir
    Path dir;

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private String read(String name) throws Exception {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }

    private static String failed(Outcome o) {
        return assertInstanceOf(Outcome.Failed.class, o).message();
    }

    private static String deferred(Outcome o) {
        Outcome.Deferred d = assertInstanceOf(Outcome.Deferred.class, o);
        assertEquals("T:user@example.com", d.retryKey());
        assertEquals(ErrorClass.OTHER, d.errorClass());
        return d.message();
    }

    @Test
    void theMessageGoesToTheCommandAfterTheFromLineWithANewlineAfterIt() throws Exception {
        Outcome o = deliverOne(transport("command", "/bin/sh -c 'cat > " + file("out") + "'"));
        assertEquals(new Outcome.Delivered(""), o);
        // Exim wrote "From root@test.example Sun Nov 22 04:07:09 2026\n", the message, "\n".
        assertEquals("From sender@example.com " + Fixture.BSD_DATE + "\n"
                + "From: sender@example.com\nSubject: test\n\nbody\n\n", read("out"));
    }

    @Test
    void statusOneFailsNamingOnlyTheProgram() throws Exception {
        // Exim: "** one@localhost R=r_one T=one_t: Child process of one_t transport returned 1 from command: /bin/sh"
        assertEquals("Child process of t transport returned 1 from command: /bin/sh",
                failed(deliverOne(transport("command", "/bin/sh -c \"exit 1\""))));
    }

    @Test
    void statusSeventyFiveDefers() throws Exception {
        // Exim: "== tf@localhost R=r_tf T=tf_t defer (0): Child process of tf_t transport returned 75
        // (could mean temporary error) from command: /bin/sh"
        assertEquals("Child process of t transport returned 75 (could mean temporary error) from command: /bin/sh",
                deferred(deliverOne(transport("command", "/bin/sh -c 'exit 75'"))));
    }

    @Test
    void statusSeventyThreeDefersByDefaultAndNotWhenTempErrorsSaySo() throws Exception {
        assertEquals("Child process of t transport returned 73 (could mean can't create output file) from command: "
                + "/bin/sh", deferred(deliverOne(transport("command", "/bin/sh -c 'exit 73'"))));
        assertEquals("Child process of t transport returned 73 (could mean can't create output file) from command: "
                + "/bin/sh", failed(deliverOne(transport("command", "/bin/sh -c 'exit 73'", "temp_errors", "75"))));
    }

    @Test
    void anAsteriskMakesEveryStatusTemporary() throws Exception {
        // Exim: "== star@localhost R=r_star T=star_t defer (0): Child process of star_t transport returned 3 from command: /bin/sh"
        assertEquals("Child process of t transport returned 3 from command: /bin/sh",
                deferred(deliverOne(transport("command", "/bin/sh -c 'exit 3'", "temp_errors", "*"))));
    }

    @Test
    void ignoreStatusDelivers() throws Exception {
        // Exim: "=> ign <ign@localhost> R=r_ign T=ign_t"
        assertInstanceOf(Outcome.Delivered.class,
                deliverOne(transport("command", "/bin/sh -c 'exit 3'", "ignore_status", "true")));
    }

    @Test
    void statusesTellWhatTheyCouldMean() throws Exception {
        // Exim: "Child process of e130_t transport returned 130 (could mean shell command ended by signal 2
        // (Interrupt)) from command: /bin/sh"
        assertEquals("Child process of t transport returned 130 (could mean shell command ended by signal 2 "
                + "(Interrupt)) from command: /bin/sh", failed(deliverOne(transport("command", "/bin/sh -c 'exit 130'"))));
        // Exim: "Child process of ex64_t transport returned 64 (could mean usage or syntax error) from command: /bin/sh"
        assertEquals("Child process of t transport returned 64 (could mean usage or syntax error) from command: "
                + "/bin/sh", failed(deliverOne(transport("command", "/bin/sh -c 'exit 64'"))));
    }

    @Test
    void aCommandKilledByASignalFailsOrDefersWithFreezeSignal() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "signals are told apart through Perl");
        String command = "/bin/sh -c 'kill -9 \\$\\$'";
        // Exim: "** sig@localhost R=r_sig T=sig_t: Child process of sig_t transport (running command
        // "/bin/sh -c 'kill -9 \$\$'") was terminated by signal 9 (Killed)"; "==" and "defer (0)" with freeze_signal.
        assertEquals("Child process of t transport (running command \"" + command
                + "\") was terminated by signal 9 (Killed)", failed(deliverOne(transport("command", command))));
        assertEquals("Child process of t transport (running command \"" + command
                + "\") was terminated by signal 9 (Killed)",
                deferred(deliverOne(transport("command", command, "freeze_signal", "true"))));
        assertInstanceOf(Outcome.Delivered.class,
                deliverOne(transport("command", "/bin/sh -c 'kill -1 \\$\\$'", "ignore_status", "true")));
        assertEquals("Child process of t transport (running command \"/bin/sh -c 'kill -15 \\$\\$'\") was "
                + "terminated by signal 15 (Terminated)",
                failed(deliverOne(transport("command", "/bin/sh -c 'kill -15 \\$\\$'"))));
    }

    @Test
    void aCommandThatRunsTooLongIsKilledAndFails() throws Exception {
        long start = System.nanoTime();
        // Exim: "** tmo@localhost R=r_tmo T=tmo_t: pipe delivery process timed out"
        assertEquals("pipe delivery process timed out",
                failed(deliverOne(transport("command", "/bin/sleep 30", "timeout", "1s"))));
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "the command was not waited for");
        // Exim, with timeout_defer: "== tmod@localhost R=r_tmod T=tmod_t defer (0): pipe delivery process timed out"
        assertEquals("pipe delivery process timed out",
                deferred(deliverOne(transport("command", "/bin/sleep 30", "timeout", "1s", "timeout_defer", "true"))));
    }

    @Test
    void aBackgroundProcessHoldingTheOutputDoesNotHoldTheDelivery() throws Exception {
        long start = System.nanoTime();
        assertInstanceOf(Outcome.Delivered.class,
                deliverOne(transport("command", "/bin/sh -c 'sleep 20 & exit 0'", "timeout", "1s")));
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "the delivery waited for the background process");
    }

    @Test
    void aZeroTimeoutWaitsAsLongAsItTakes() throws Exception {
        assertInstanceOf(Outcome.Delivered.class,
                deliverOne(transport("command", "/bin/sh -c 'sleep 1; cat > /dev/null'", "timeout", "0s")));
    }

    @Test
    void aCommandThatDoesNotReadTimesOutWhileBeingWrittenTo() throws Exception {
        TestMessage big = TestMessage.simple("y\n".repeat(200_000));
        long start = System.nanoTime();
        assertEquals("pipe delivery process timed out (preceded by timeout while writing to pipe)",
                failed(deliverOne(transport("command", "/bin/sleep 30", "timeout", "1s"), big, variables())));
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "the blocked write was not ended");
    }

    @Test
    void aCommandThatStopsReadingEarlyIsJudgedByItsStatus() throws Exception {
        TestMessage big = TestMessage.simple("y\n".repeat(200_000));
        assertInstanceOf(Outcome.Delivered.class,
                deliverOne(transport("command", "/bin/true"), big, variables()));
    }

    @Test
    void outputWithReturnOutputFailsTheDelivery() throws Exception {
        // Exim: "** out@localhost R=r_out T=out_t: return message generated" (after logging the output)
        assertEquals("return message generated",
                failed(deliverOne(transport("command", "/bin/echo hello world", "return_output", "true"))));
    }

    @Test
    void outputIsNotReturnedToTheNullSender() throws Exception {
        TestMessage bounce = new TestMessage("", List.of(new Header("Subject", "x")), "body\n");
        assertInstanceOf(Outcome.Delivered.class, deliverOne(
                transport("command", "/bin/echo hello", "return_output", "true"), bounce, variables("return_path", "")));
    }

    @Test
    void outputWithoutReturnOutputOrOnSuccessWithReturnFailOutputChangesNothing() throws Exception {
        assertInstanceOf(Outcome.Delivered.class, deliverOne(transport("command", "/bin/echo hello")));
        assertInstanceOf(Outcome.Delivered.class,
                deliverOne(transport("command", "/bin/echo hello", "return_fail_output", "true")));
    }

    @Test
    void outputWithReturnOutputTurnsADeferralIntoAFailureKeepingItsMessage() throws Exception {
        assertEquals("Child process of t transport returned 75 (could mean temporary error) from command: /bin/sh",
                failed(deliverOne(transport("command", "/bin/sh -c 'echo busy; exit 75'", "return_output", "true"))));
    }

    @Test
    void tooMuchOutputKillsTheCommand() throws Exception {
        // Exim: "** bigout@localhost R=r_bigout T=bigout_t: Child process of bigout_t transport (running command
        // "/bin/sh -c 'yes 0123456789; exit 0'") was terminated by signal 9 (Killed)"
        String command = "/bin/sh -c 'yes 0123456789; exit 0'";
        assertEquals("Child process of t transport (running command \"" + command
                + "\") was terminated by signal 9 (Killed)",
                failed(deliverOne(transport("command", command, "max_output", "100", "return_output", "true"))));
        assertEquals("Child process of t transport (running command \"" + command
                + "\") was terminated by signal 9 (Killed)",
                deferred(deliverOne(transport("command", command, "max_output", "100", "freeze_signal", "true"))));
    }

    @Test
    void aMissingProgramFailsWithStatus127() throws Exception {
        // Exim: "** miss@localhost R=r_miss T=miss_t: Child process of miss_t transport returned 127 (could mean
        // unable to exec or command does not exist) from command: /nonexistent/cmd"
        assertEquals("Child process of t transport returned 127 (could mean unable to exec or command does not "
                + "exist) from command: /nonexistent/cmd",
                failed(deliverOne(transport("command", "/nonexistent/cmd a b", "return_output", "true"))));
        assertEquals("pipe process failed to exec \"/nonexistent/cmd a b\"",
                deferred(deliverOne(transport("command", "/nonexistent/cmd a b", "freeze_exec_fail", "true"))));
    }

    @Test
    void aRelativeCommandIsLookedForInThePath() throws Exception {
        // Exim: "** rel@localhost R=r_rel T=rel_t: "nosuchcmd" command not found for rel_t transport"
        assertEquals("\"nosuchcmd\" command not found for t transport",
                failed(deliverOne(transport("command", "nosuchcmd"))));
        assertInstanceOf(Outcome.Delivered.class, deliverOne(transport("command", "true")));
        assertEquals("\"true\" command not found for t transport",
                failed(deliverOne(transport("command", "true", "path", dir.toString()))));
    }

    @Test
    void restrictToPathRefusesASlash() throws Exception {
        // Exim: "** restr@localhost R=r_restr T=restr_t: "/" found in "/bin/true" (command for restr_t transport)
        // - failed for security reasons"
        assertEquals("\"/\" found in \"/bin/true\" (command for t transport) - failed for security reasons",
                failed(deliverOne(transport("command", "/bin/true", "restrict_to_path", "true"))));
        assertInstanceOf(Outcome.Delivered.class,
                deliverOne(transport("command", "true", "restrict_to_path", "true")));
        assertInstanceOf(Outcome.Delivered.class, deliverOne(
                transport("command", "/bin/true", "restrict_to_path", "true", "allow_commands", "/bin/true")));
    }

    @Test
    void allowCommandsRefusesOtherCommands() throws Exception {
        // Exim: "** allow@localhost R=r_allow T=allow_t: "/bin/true" command not permitted by allow_t transport"
        assertEquals("\"/bin/true\" command not permitted by t transport",
                failed(deliverOne(transport("command", "/bin/true", "allow_commands", "/bin/cat"))));
        assertInstanceOf(Outcome.Delivered.class,
                deliverOne(transport("command", "/bin/true", "allow_commands", "/bin/cat : /bin/true")));
    }

    @Test
    void theCommandGetsEximsEnvironmentAndNothingElse() throws Exception {
        deliverOne(transport("command", "/bin/sh -c '/usr/bin/env | sort > " + file("env") + "'",
                "environment", "EXTRA=one : OTHER=two=2"), TestMessage.simple("body\n"),
                variables("local_part_prefix", "pre-", "home", dir.toString()));
        // Exim 4.96 gave its command DOMAIN, HOME, LOCAL_PART, LOCAL_PART_PREFIX, LOCAL_PART_SUFFIX, LOGNAME,
        // MESSAGE_ID, PATH, QUALIFY_DOMAIN, RECIPIENT, SENDER, SHELL, USER (and /bin/sh added PWD).
        assertEquals("DOMAIN=example.com\nEXTRA=one\nHOME=" + dir + "\nLOCAL_PART=user\nLOCAL_PART_PREFIX=pre-\n"
                + "LOCAL_PART_SUFFIX=\nLOGNAME=user\nMESSAGE_ID=1tAbCd-0004Xy-9Z\nOTHER=two=2\nPATH=/bin:/usr/bin\n"
                + "PWD=" + dir + "\nQUALIFY_DOMAIN=qualify.example\nRECIPIENT=pre-user@example.com\n"
                + "SENDER=sender@example.com\nSHELL=/bin/sh\nUSER=user\n", read("env"));
    }

    @Test
    void theTimezoneMainOptionGivesTheCommandTz() throws Exception {
        // pipe.c: TZ=UTC under timestamps_utc (timezone = utc), else TZ=<timezone>; nothing when unset.
        for (String[] c : new String[][] {{"Europe/Berlin", "TZ=Europe/Berlin\n"}, {"utc", "TZ=UTC\n"}}) {
            Transport t = transport("command", "/bin/sh -c '/usr/bin/env | grep ^TZ= > " + file("tz") + "'");
            TransportResult r = t.deliver(new TestDelivery(TestMessage.simple("body\n"), List.of(USER), "t",
                    new org.osprey.mta.kernel.testing.TestExpander(variables()), Map.of("timezone", c[0])));
            assertInstanceOf(Outcome.Delivered.class, r.outcomes().values().iterator().next());
            assertEquals(c[1], read("tz"));
        }
        deliverOne(transport("command", "/bin/sh -c '/usr/bin/env | grep -c ^TZ= > " + file("tz") + "'"));
        assertEquals("0\n", read("tz"));
    }

    @Test
    void eachWordIsExpandedOnItsOwnAfterSplitting() throws Exception {
        String command = "/bin/sh -c 'printf \"%s|\" \"\\$@\" > " + file("args") + "' zero \"a b\" $local_part "
                + "'$domain' \"tab\\there\" $spaced";
        deliverOne(transport("command", command), TestMessage.simple("body\n"), variables("spaced", "x y"));
        assertEquals("a b|user|example.com|tab\there|x y|", read("args"));
    }

    @Test
    void pipeAddressesBecomeOneArgumentEach() throws Exception {
        Address other = Address.of("other", "example.com");
        TransportResult r = deliver(transport("command", "/bin/sh -c 'printf \"%s|\" \"\\$@\" > " + file("args")
                + "' zero $pipe_addresses end", "batch_max", "10"), TestMessage.simple("body\n"), variables(), USER,
                other);
        assertEquals(2, r.outcomes().size());
        assertTrue(r.outcomes().values().stream().allMatch(o -> o instanceof Outcome.Delivered));
        assertEquals("user@example.com|other@example.com|end|", read("args"));
    }

    @Test
    void aTransportFilterFailureIsWordedAsPipeCDoes() throws Exception {
        assertEquals("Transport filter process failed (1)", deferred(deliverOne(transport("command", "/bin/cat"),
                TestMessage.simple("body\n").failingAfter(0, TransportFilterException.failed(1)), variables())));
        assertEquals("Transport filter process failed (127): unable to execute command", deferred(deliverOne(
                transport("command", "/bin/cat"), TestMessage.simple("body\n").failingAfter(0,
                        TransportFilterException.failed(TransportFilterException.EXEC_FAILED)), variables())));
        // A filter's timeout is the command's: a failure unless timeout_defer.
        assertEquals("transport filter timeout while writing to pipe", failed(deliverOne(transport("command",
                "/bin/cat"), TestMessage.simple("body\n").failingAfter(0, TransportFilterException.timedOut()),
                variables())));
    }

    @Test
    void aConfiguredCommandThatFailsToExpandDefers() throws Exception {
        assertEquals("Expansion of \"${fail}\" from command \"/bin/echo ${fail}\" in t transport failed: "
                + "forced failure", deferred(deliverOne(transport("command", "/bin/echo ${fail}"))));
    }

    @Test
    void aCommandFromARedirectionIsRunAsWrittenWithoutExpansion() throws Exception {
        Address parent = Address.of("user", "example.com");
        Address pipe = parent.child("| /bin/sh -c 'printf \"%s|\" \"$@\" > " + file("args") + "' zero '$domain'",
                "example.com");
        Outcome o = deliverOne(transport("command", "/bin/false"), TestMessage.simple("body\n"), variables(), pipe);
        assertInstanceOf(Outcome.Delivered.class, o);
        assertEquals("$domain|", read("args"));
    }

    @Test
    void aCommandFromARedirectionIsJudgedLikeAnyOther() throws Exception {
        // Exim, for data = "|/bin/sh -c 'exit 1'" in a redirect router: "** |/bin/sh -c 'exit 1' <red@localhost>
        // R=r_red T=pt: Child process of pt transport returned 1 from command: /bin/sh"
        Address pipe = USER.child("|/bin/sh -c 'exit 1'", "example.com");
        assertEquals("Child process of t transport returned 1 from command: /bin/sh",
                failed(deliverOne(transport(), TestMessage.simple("body\n"), variables(), pipe)));
    }

    @Test
    void restrictToPathAppliesToACommandFromARedirectionToo() throws Exception {
        // Exim, for data = "|/bin/true": "** |/bin/true <red2@localhost> R=r_red2 T=pt_restr: "/" found in
        // "/bin/true" (command for pt_restr transport) - failed for security reasons"
        Address pipe = USER.child("|/bin/true", "example.com");
        assertEquals("\"/\" found in \"/bin/true\" (command for t transport) - failed for security reasons",
                failed(deliverOne(transport("restrict_to_path", "true"), TestMessage.simple("body\n"), variables(),
                        pipe)));
    }

    @Test
    void forceCommandRunsTheConfiguredCommandWithTheRedirectedOneAsArguments() throws Exception {
        Address pipe = USER.child("|/usr/bin/procmail -d $local_part", "example.com");
        deliverOne(transport("command", "/bin/sh -c 'printf \"%s|\" \"\\$@\" > " + file("args") + "' zero "
                + "$address_pipe", "force_command", "true"), TestMessage.simple("body\n"), variables(), pipe);
        assertEquals("/usr/bin/procmail|-d|user|", read("args"));
    }

    @Test
    void noCommandDefers() throws Exception {
        assertEquals("no command specified for t transport", deferred(deliverOne(transport())));
    }

    @Test
    void useShellHandsTheWholeCommandToTheShell() throws Exception {
        // Exim: "** shell@localhost R=r_shell T=shell_t: Child process of shell_t transport returned 66 (could mean
        // input data missing) from command: /bin/sh"
        assertEquals("Child process of t transport returned 66 (could mean input data missing) from command: /bin/sh",
                failed(deliverOne(transport("command", "exit 66", "use_shell", "true"))));
        deliverOne(transport("command", "echo $local_part $pipe_addresses > " + file("shell"), "use_shell", "true"));
        assertEquals("user user@example.com\n", read("shell"));
    }

    @Test
    void batchedSmtpWrapsTheMessageInAnEnvelopeAndStuffsDots() throws Exception {
        TestMessage m = new TestMessage("sender@example.com", List.of(new Header("Subject", "t")), ".dot\nbody\n");
        deliverOne(transport("command", "/bin/sh -c 'cat > " + file("bsmtp") + "'", "use_bsmtp", "true"), m,
                variables());
        // As Exim wrote it: no From line, no blank line after the message.
        assertEquals("MAIL FROM:<sender@example.com>\nRCPT TO:<user@example.com>\nDATA\nSubject: t\n\n..dot\nbody\n.\n",
                read("bsmtp"));
    }

    @Test
    void crlfAndTheCheckStringApplyToTheMessage() throws Exception {
        TestMessage m = new TestMessage("sender@example.com", List.of(new Header("Subject", "t")), "From here\n");
        deliverOne(transport("command", "/bin/sh -c 'cat > " + file("crlf") + "'", "use_crlf", "true",
                "check_string", "From ", "escape_string", ">From ", "message_prefix", "", "message_suffix", ""), m,
                variables());
        assertEquals("Subject: t\r\n\r\n>From here\r\n", read("crlf"));
    }

    @Test
    void theUmaskIsSet() throws Exception {
        deliverOne(transport("command", "/bin/sh -c 'umask > " + file("default") + "'"));
        deliverOne(transport("command", "/bin/sh -c 'umask > " + file("set") + "'", "umask", "077"));
        assertEquals("0022\n", read("default"));
        assertEquals("0077\n", read("set"));
    }

    @Test
    void permitCoredumpLiftsTheCoreLimit() throws Exception {
        deliverOne(transport("command", "/bin/sh -c 'ulimit -Hc > " + file("hard") + "'"));
        Assumptions.assumeTrue(read("hard").equals("unlimited\n"), "the hard core limit cannot be raised here");
        deliverOne(transport("command", "/bin/sh -c 'ulimit -c > " + file("core") + "'", "permit_coredump", "true"));
        assertEquals("unlimited\n", read("core"));
    }

    @Test
    void aBatchMixingLocalPartsTheCommandUsesIsRefused() throws Exception {
        TransportResult r = deliver(transport("command", "/bin/echo $local_part", "batch_max", "10"),
                TestMessage.simple("body\n"), variables(), USER, Address.of("other", "example.com"));
        assertTrue(r.outcomes().values().stream().allMatch(o -> o instanceof Outcome.Deferred));
    }
}
