package org.osprey.mta.itests.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command run to completion, its output collected in files: the Karaf scripts leave a
 * background JVM behind, which would hold a pipe open after the script itself has ended.
 */
record Command(int exitCode, String stdout, String stderr) {

    static Command run(Path directory, List<String> command) throws IOException, InterruptedException {
        return run(directory, command, Path.of("/dev/null"));
    }

    /** With standard input read from {@code input}. */
    static Command run(Path directory, List<String> command, Path input) throws IOException, InterruptedException {
        Path out = Files.createTempFile("command", ".out");
        Path err = Files.createTempFile("command", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(input.toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " still running after 60 s");
            }
            return new Command(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    List<String> stdoutLines() {
        return stdout.lines().toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
