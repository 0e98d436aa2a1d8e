package org.osprey.mta.transport.pipe;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.TransportFilterException;
import org.osprey.mta.kernel.option.EximList;
import org.osprey.mta.kernel.transport.Delivery;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * A configured pipe transport (Exim's pipe_transport_entry). One call runs the command
 * once for the whole batch, and every address gets the outcome of that one run.
 *
 * <p>The command is the {@code command} option, or for an address a redirection made
 * from {@code |command} (a local part starting with "|" on an address that has a parent)
 * that command, not expanded, unless {@code force_command} is set. As in Exim,
 * {@code allow_commands} and {@code restrict_to_path} apply to both.
 *
 * <p>What is written to the command: the expanded {@code message_prefix}, with
 * {@code use_bsmtp} the MAIL, RCPT and DATA lines, the message (the engine applies the
 * generic header options), the expanded {@code message_suffix}, and with BSMTP the final dot.
 *
 * <p>Outcomes, in Exim's words: a status of 0 delivers; a status in {@code temp_errors}
 * defers; any other status fails, unless {@code ignore_status}; status 127 (the program
 * could not be run) defers and freezes the message instead with {@code freeze_exec_fail}; a
 * timeout fails, or defers with {@code timeout_defer}; a command killed by a signal (by this
 * transport when it writes more than {@code max_output}) fails, unless {@code ignore_status},
 * or defers and freezes with {@code freeze_signal} (see {@link Child} for how a signal is told
 * from a status).
 *
 * <p>What the command wrote, as Exim's deliver.c treats its return file: its first line is
 * logged under {@code log_output} (or {@code log_fail_output}, {@code log_defer_output} for
 * those outcomes); under {@code return_output} it fails the delivery ("return message
 * generated") and goes back to the sender with the bounce, under {@code return_fail_output}
 * only with a failure; either only when there is a sender or an errors address.
 *
 * <p>The command runs as the delivery's user ({@link RunAs}), with {@code $home} as HOME, in
 * the delivery's current directory, else the home directory, else "/".
 *
 * <p>Not done: the bland "local delivery failed" Exim shows the sender instead of the
 * logged message (the kernel's Outcome has one message).
 */
final class PipeTransport implements Transport {
    private final Settings settings;
    private final RunAs jvm;

    PipeTransport(Settings settings) {
        this(settings, RunAs.jvm());
    }

    /** With the JVM's user given, for tests of what a JVM that is not root may do. */
    PipeTransport(Settings settings, RunAs jvm) {
        this.settings = settings;
        this.jvm = jvm;
    }

    @Override
    public TransportResult deliver(Delivery delivery) {
        List<Address> batch = delivery.addresses();
        Failure failure = null;
        byte[] output = new byte[0];
        try {
            checkBatch(batch);
            Run run = run(delivery);
            failure = run.failure;
            output = run.output;
        } catch (Failure f) {
            failure = f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = Failure.defer("delivery by the " + settings.name() + " transport was interrupted");
        }
        TransportResult.Builder result = TransportResult.builder();
        if (output.length > 0) {
            CommandOutput text = new CommandOutput(output);
            if (settings.logOutput() || failure != null && (failure.permanent() && settings.logFailOutput()
                    || !failure.permanent() && settings.logDeferOutput())) {
                delivery.log("<" + batch.get(0).text() + ">: " + settings.name() + " transport output: "
                        + text.firstLine());
            }
            if (someoneToTell(batch.get(0), delivery.message().sender())
                    && (settings.returnOutput() || settings.returnFailOutput() && failure != null
                            && failure.permanent())) {
                failure = afterOutput(failure);
                // One text for the batch: the bounce lists its addresses over one copy, as Exim's does.
                String returned = text.text();
                batch.forEach(a -> result.returnedText(a, returned));
            }
        }
        for (Address address : batch) {
            result.outcome(address, failure == null ? new Outcome.Delivered("") : failure.outcome(retryKey(address)));
            if (failure != null) {
                result.userMessage(address, failure.userMessage());
            }
        }
        if (failure != null && failure.freezes()) {
            result.freeze(failure.getMessage());
        }
        return result.build();
    }

    /** Exim's key for a local transport's deferral of an address. */
    static String retryKey(Address address) {
        return "T:" + address.text();
    }

    /** Output is returned only when there is a sender or an errors address to return it to. */
    private static boolean someoneToTell(Address first, String sender) {
        return !sender.isEmpty() || first.errorsTo().isPresent();
    }

    /**
     * Exim's deliver.c after a local delivery whose output is returned: with return_output
     * the delivery fails (keeping any message it had), with return_fail_output a failure
     * stays one. A deferral that freezes the message stays a deferral: Exim would fail the
     * address and then, for the freeze, keep it deferred all the same.
     */
    private Failure afterOutput(Failure failure) {
        if (failure != null && failure.freezes()) {
            return failure;
        }
        if (settings.returnOutput()) {
            return Failure.fail(failure == null ? "return message generated" : failure.getMessage());
        }
        return failure;
    }

    /**
     * The engine batches up to batch_max addresses with one domain; Exim batches only
     * addresses with one local part (domain) when the options use {@code $local_part}
     * ({@code $domain}). A batch that breaks this would run the command for the first
     * address only, so it is refused.
     */
    private void checkBatch(List<Address> batch) throws Failure {
        if (batch.size() <= 1) {
            return;
        }
        Address first = batch.get(0);
        for (Address other : batch) {
            boolean localPartDiffers = settings.dependsOnLocalPart() && !other.localPart().equals(first.localPart());
            boolean domainDiffers = settings.dependsOnDomain() && !other.domain().equalsIgnoreCase(first.domain());
            if (localPartDiffers || domainDiffers) {
                throw Failure.defer("batch of " + batch.size() + " addresses for the " + settings.name()
                        + " transport mixes " + (localPartDiffers ? "local parts" : "domains")
                        + ", which its options use");
            }
        }
    }

    /** What one run of the command came to: a failure or null, and its output. */
    private record Run(Failure failure, byte[] output) {
    }

    private Run run(Delivery delivery) throws Failure, InterruptedException {
        String name = settings.name();
        Expander expander = delivery.expander();
        CommandLine.Source source = source(delivery.addresses().get(0));
        if (source.text() == null || source.text().isEmpty()) {
            throw Failure.defer("no command specified for " + name + " transport");
        }
        CommandLine command = CommandLine.make(source, delivery.addresses(), settings, expander);
        Map<String, String> environment = environment(delivery, expander);
        byte[] prefix = affix(expander, settings.prefix(), "prefix");
        byte[] suffix = affix(expander, settings.suffix(), "suffix");
        List<String> runAs = runAs(delivery);
        File directory = directory(delivery, expander);

        Child child;
        try {
            child = Child.start(runAs, command.argv(), environment, settings.umask(), settings.permitCoredump(),
                    directory, settings.maxOutput());
        } catch (IOException e) {
            throw Failure.defer("Failed to create child process for " + name + " transport: " + e.getMessage());
        }
        try (child) {
            Duration timeout = settings.timeout();
            MessageFeed feed = new MessageFeed(child, delivery, settings, prefix, suffix);
            boolean writtenInTime;
            try {
                writtenInTime = feed.write(timeout);
            } catch (TransportFilterException e) {
                child.kill();
                child.output(Duration.ofSeconds(1));
                // Exim's texts for the transport filter (pipe.c): its timeout counts as the command's.
                if (e.isTimedOut()) {
                    throw Failure.of(!settings.timeoutDefer(), "transport filter timeout while writing to pipe")
                            .ofTheCommand();
                }
                throw Failure.defer("Transport filter process failed (" + e.status() + ")"
                        + (e.status() == TransportFilterException.EXEC_FAILED ? ": unable to execute command" : ""));
            } catch (IOException e) {
                child.kill();
                child.output(Duration.ofSeconds(1));
                throw Failure.defer("Error " + e.getMessage());
            }
            // A write that timed out killed the command, which Exim would have waited for a
            // second more and then killed.
            Failure earlier = writtenInTime ? null
                    : Failure.of(!settings.timeoutDefer(), "timeout while writing to pipe");
            Child.End end = writtenInTime ? child.waitFor(timeout) : null;
            byte[] output = child.output(timeout.isZero() ? Duration.ofDays(1) : timeout);
            Failure failure = classify(end, command, earlier, source.text());
            return new Run(failure == null ? null : failure.ofTheCommand(), output);
        }
    }

    /** The command to run: the address's own for a "|command" from a redirection, unless force_command. */
    private CommandLine.Source source(Address first) {
        String localPart = first.localPart();
        if (first.parent().isPresent() && localPart.startsWith("|")) {
            String pipe = localPart.substring(1);
            if (settings.forceCommand()) {
                return new CommandLine.Source(settings.command(), true, false, pipe);
            }
            return new CommandLine.Source(pipe.stripLeading(), false, true, null);
        }
        return new CommandLine.Source(settings.command(), true, false, null);
    }

    /**
     * Exim's reading of the child's end: a timeout, a signal, or a status, with the
     * message of an earlier write timeout appended as "(preceded by ...)".
     */
    private Failure classify(Child.End end, CommandLine command, Failure earlier, String cmd) {
        String name = settings.name();
        String preceded = earlier == null ? "" : " (preceded by " + earlier.getMessage() + ")";
        if (end == null) {
            return Failure.of(!settings.timeoutDefer(), "pipe delivery process timed out" + preceded);
        }
        if (end.signal() != 0) {
            String message = "Child process of " + name + " transport (running command \"" + cmd
                    + "\") was terminated by signal " + end.signal() + " (" + Signals.name(end.signal()) + ")"
                    + preceded;
            if (settings.freezeSignal()) {
                return Failure.deferAndFreeze(message);
            }
            return settings.ignoreStatus() ? earlier : Failure.fail(message);
        }
        int status = end.status();
        if (status == 0) {
            return earlier;
        }
        if (settings.freezeExecFail() && status == Child.EXEC_FAILED) {
            return Failure.deferAndFreeze("pipe process failed to exec \"" + cmd + "\"" + preceded);
        }
        if (settings.ignoreStatus()) {
            return earlier;
        }
        StringBuilder message = new StringBuilder("Child process of ").append(name).append(" transport returned ")
                .append(status);
        String meaning = status > 128 ? "(could mean shell command ended by signal " + (status - 128) + " ("
                + Signals.name(status - 128) + "))" : Signals.exitMeaning(status);
        if (!meaning.isEmpty()) {
            message.append(' ').append(meaning);
        }
        // Exim's loop over the arguments stops after the first (it divides the size of a
        // pointer by the size of a pointer), so only the program is shown.
        message.append(" from command:");
        String program = command.argv().get(0);
        boolean quote = program.indexOf(' ') >= 0 || program.indexOf('\t') >= 0;
        message.append(' ').append(quote ? "\"" + program + "\"" : program).append(preceded);
        return Failure.of(!settings.isTemporary(status), message.toString());
    }

    /** Exim's environment for the command, then the {@code environment} option's items. */
    private Map<String, String> environment(Delivery delivery, Expander expander) throws Failure {
        String localPart = variable(expander, "local_part");
        String prefix = variable(expander, "local_part_prefix");
        String suffix = variable(expander, "local_part_suffix");
        String domain = variable(expander, "domain");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LOCAL_PART", localPart);
        env.put("LOGNAME", localPart);
        env.put("USER", localPart);
        env.put("LOCAL_PART_PREFIX", prefix);
        env.put("LOCAL_PART_SUFFIX", suffix);
        env.put("DOMAIN", domain);
        env.put("HOME", home(delivery, expander).orElse(""));
        env.put("MESSAGE_ID", delivery.message().id());
        String path;
        try {
            path = expander.expand(settings.path());
        } catch (ExpansionException e) {
            path = "";
        }
        env.put("PATH", path);
        env.put("RECIPIENT", prefix + localPart + suffix + "@" + domain);
        env.put("QUALIFY_DOMAIN", variable(expander, "qualify_domain"));
        env.put("SENDER", delivery.message().sender());
        env.put("SHELL", "/bin/sh");
        if (!delivery.hosts().isEmpty()) {
            env.put("HOST", delivery.hosts().get(0).name());
        }
        // Exim's timestamps_utc (timezone = utc) gives TZ=UTC, any other timezone TZ=<it>.
        delivery.mainOption("timezone").filter(tz -> !tz.isEmpty())
                .ifPresent(tz -> env.put("TZ", tz.equalsIgnoreCase("utc") ? "UTC" : tz));
        if (settings.environment() != null) {
            String list;
            try {
                list = expander.expand(settings.environment());
            } catch (ExpansionException e) {
                throw Failure.defer("failed to expand string \"" + settings.environment() + "\" for "
                        + settings.name() + " transport: " + e.getMessage());
            }
            for (String item : EximList.nonEmptyItems(list)) {
                if (env.size() > 48) {
                    throw Failure.defer("too many environment settings for " + settings.name() + " transport");
                }
                int eq = item.indexOf('=');
                env.put(eq < 0 ? item : item.substring(0, eq), eq < 0 ? "" : item.substring(eq + 1));
            }
        }
        return env;
    }

    private byte[] affix(Expander expander, String template, String which) throws Failure {
        if (template == null || template.isEmpty()) {
            return new byte[0];
        }
        try {
            return expander.expand(template).getBytes(StandardCharsets.UTF_8);
        } catch (ExpansionException e) {
            throw Failure.defer("Expansion of \"" + template + "\" (" + which + " for " + settings.name()
                    + " transport) failed: " + e.getMessage());
        }
    }

    /**
     * The words that run the command as the delivery's user. When the JVM may not become that
     * user, Exim's delivery process dies in exim_setugid after logging why, and its parent
     * logs the status and freezes the message: so does this transport, deferring the addresses.
     */
    private List<String> runAs(Delivery delivery) throws Failure {
        try {
            return jvm.prefix(delivery.credentials());
        } catch (RunAs.Refused e) {
            Address first = delivery.addresses().get(0);
            delivery.log(e.getMessage() + ": local delivery to " + first.localPart() + " <" + first.text()
                    + "> transport=" + settings.name());
            throw Failure.deferAndFreeze("pipe transport process returned non-zero status 0x0100: exit code 1");
        }
    }

    /** Exim's working directory: current_directory, else the home directory, else "/". */
    private static File directory(Delivery delivery, Expander expander) throws Failure {
        String path = delivery.currentDirectory().or(() -> home(delivery, expander)).orElse("/");
        File dir = new File(path);
        if (!dir.isDirectory()) {
            throw Failure.defer("failed to chdir to " + path);
        }
        return dir;
    }

    /** $home for the delivery: the engine's home directory, else the variable; empty for none. */
    private static Optional<String> home(Delivery delivery, Expander expander) {
        return delivery.homeDirectory().or(() -> Optional.of(variable(expander, "home")).filter(h -> !h.isEmpty()));
    }

    /** A variable's value, "" when it is unset or the expansion cannot give it. */
    static String variable(Expander expander, String name) {
        try {
            String value = expander.expand("$" + name);
            return value == null ? "" : value;
        } catch (ExpansionException | RuntimeException e) {
            return "";
        }
    }
}
