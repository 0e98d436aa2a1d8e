package org.osprey.mta.core.cli;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.core.spool.MessageId;

/**
 * Exim's {@code -odb}: the new message is delivered by another process, and the command
 * that submitted it returns at once. Exim forks; a JVM cannot, so this starts a new JVM
 * on this one's class path and options, running {@code -Mc <id>} (which is what Exim's
 * forked child does: one delivery attempt, neither forced nor a queue run), in a session
 * of its own ({@code setsid}) so that the submitter's terminal or process group taking a
 * signal does not stop it, with its standard streams on /dev/null.
 */
final class BackgroundDelivery {
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    /**
     * Names the message a background delivery was started for: Exim's forked child needs no
     * administrator's right to deliver the message its parent received, and neither does
     * this process for that one message. (Anyone could set it, and gain one unforced
     * delivery attempt at one message, which harms nobody.)
     */
    static final String ENVIRONMENT = "OSPREY_BACKGROUND_DELIVERY";

    private BackgroundDelivery() {
    }

    /**
     * Starts the delivery process and returns without waiting for it.
     *
     * @param configFile the configuration file this process uses (passed on with -C)
     * @param macros the -D options this process was given, passed on as they were
     */
    static void start(MessageId id, Path home, String configFile, List<String> macros) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("-C", configFile));
        arguments.addAll(macros);
        arguments.addAll(List.of("-Mc", id.toString()));
        ProcessBuilder builder = javaProcess(home, arguments);
        builder.environment().put(ENVIRONMENT, id.toString());
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /**
     * A new JVM like this one, in a session of its own when setsid is there, running
     * {@link Main} with {@code arguments}. The class path goes in the environment
     * ({@code CLASSPATH}), as the launcher passes it: on the command line it would pass the
     * 4 KB that /proc and ProcessHandle show of a process's arguments, and ps, pgrep and
     * Java's ProcessHandle would no longer see which configuration a process runs.
     */
    static ProcessBuilder javaProcess(Path home, List<String> arguments) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // The launcher's JVM options and -D properties; not a debugger's agent.
            if (!option.startsWith("-agentlib") && !option.startsWith("-javaagent")) {
                command.add(option);
            }
        }
        command.add("-Dosprey.home=" + home);
        command.add(Main.class.getName());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        return builder;
    }

    /** Whether this process is the background delivery of exactly these message ids. */
    static boolean isBackgroundDeliveryOf(List<String> ids) {
        return ids.size() == 1 && ids.get(0).equals(System.getenv(ENVIRONMENT));
    }
}
