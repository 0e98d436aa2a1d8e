package org.osprey.mta.transport.pipe;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command's process, as Exim's child_open and the pipe transport's output process run
 * it: its environment is exactly the one given, its umask is set, its standard error goes
 * where its standard output goes, and a thread reads that output, keeping at most
 * {@code max_output} bytes and killing the command (and its children) beyond that.
 *
 * <p>Java cannot set a child's umask or core limit, so the command is started through
 * {@code /bin/sh}, which sets them and then execs it; when the program cannot be executed
 * the shell exits with 127 and says nothing, as Exim's child does after a failed execve.
 *
 * <p>Nor does Java tell a command killed by signal 9 from one that exited with 137. Where
 * Perl is installed (on Debian it always is), a few lines of it start the shell and write
 * the raw wait status to a file, which tells them apart as Exim's waitpid does; without
 * it, a status above 128 is taken as an exit status, unless this class killed the command.
 */
final class Child implements AutoCloseable {
    /** Exim's EX_EXECFAILED. */
    static final int EXEC_FAILED = 127;
    /** What Exim appends to the output when it stops reading. */
    static final String TOO_MUCH = "\n\n*** Too much output - remainder discarded ***\n";

    private static final String WRAPPER = "umask \"$0\" || exit 127; %s"
            + "if [ ! -f \"$1\" ] || [ ! -x \"$1\" ]; then exit 127; fi; unset PWD OLDPWD; exec \"$@\"";

    private static final String PERL = "/usr/bin/perl";
    private static final String STATUS_REPORTER = "my $f = shift; my $pid = fork; exit 127 unless defined $pid;"
            + " if ($pid == 0) { exec { $ARGV[0] } @ARGV; exit 127; }"
            + " waitpid($pid, 0); my $s = $?; if (open(my $h, '>', $f)) { print $h $s; close $h; }"
            + " exit(($s & 127) ? 128 + ($s & 127) : $s >> 8);";

    /**
     * How the command ended.
     *
     * @param status its exit status, when no signal ended it
     * @param signal the signal that ended it, or 0
     */
    record End(int status, int signal) {
    }

    private final Process process;
    private final Path statusFile;
    private final Thread reader;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private volatile boolean killedForOutput;

    private Child(Process process, Path statusFile, int maxOutput) {
        this.process = process;
        this.statusFile = statusFile;
        this.reader = new Thread(() -> read(maxOutput), "pipe-transport-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the command.
     *
     * @param runAs what goes before the shell to run it as another user (see {@link RunAs}):
     *        after the status reporter, which must stay the JVM's user to write its file
     * @param directory the working directory
     * @throws IOException when no process can be made (the shell itself cannot be run)
     */
    static Child start(List<String> runAs, List<String> argv, Map<String, String> environment, int umask,
            boolean permitCoredump, File directory, int maxOutput) throws IOException {
        List<String> command = new ArrayList<>();
        Path statusFile = null;
        if (Files.isExecutable(Path.of(PERL))) {
            statusFile = Files.createTempFile("osprey-pipe-", ".status");
            command.addAll(List.of(PERL, "-e", STATUS_REPORTER, statusFile.toString()));
        }
        command.addAll(runAs);
        command.add("/bin/sh");
        command.add("-c");
        command.add(String.format(WRAPPER, permitCoredump ? "ulimit -c unlimited 2>/dev/null; " : ""));
        command.add(String.format("%04o", umask));
        command.addAll(argv);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            return new Child(builder.start(), statusFile, maxOutput);
        } catch (IOException e) {
            if (statusFile != null) {
                Files.deleteIfExists(statusFile);
            }
            throw e;
        }
    }

    /** The command's standard input. */
    OutputStream input() {
        return process.getOutputStream();
    }

    /**
     * Waits for the command to end.
     *
     * @return how it ended, or null when it did not end in time (it has then been killed)
     */
    End waitFor(Duration timeout) throws InterruptedException {
        if (timeout.isZero()) {
            process.waitFor();
        } else if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            return null;
        }
        int exit = process.exitValue();
        String raw = rawStatus();
        if (!raw.isEmpty()) {
            int status = Integer.parseInt(raw);
            return (status & 0x7f) != 0 ? new End(0, status & 0x7f) : new End((status >> 8) & 0xff, 0);
        }
        if (killedForOutput && exit == 128 + Signals.KILL) {
            return new End(0, Signals.KILL);
        }
        return new End(exit, 0);
    }

    /** What the status reporter wrote: "" when there is none, or it was killed first. */
    private String rawStatus() {
        if (statusFile == null) {
            return "";
        }
        try {
            String text = Files.readString(statusFile).strip();
            return text.matches("[0-9]{1,9}") ? text : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Kills the command if it is still running (the delivery was abandoned half way) and
     * removes the status file.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        if (statusFile != null) {
            try {
                Files.deleteIfExists(statusFile);
            } catch (IOException e) {
                // a file of a few bytes left in the temporary directory
            }
        }
    }

    /**
     * Kills the command and every process it started (Exim kills its process group). The
     * command goes first, so that it cannot see a child die and carry on.
     */
    void kill() {
        List<ProcessHandle> children = process.descendants().toList();
        // Through the handle: Process.destroyForcibly would first close the pipes, and wait
        // for the lock of a write that is blocked because the command does not read.
        process.toHandle().destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** Whether the command was killed because it wrote more than max_output. */
    boolean killedForOutput() {
        return killedForOutput;
    }

    /** The output read, after the reader has finished (waiting for it at most {@code limit}). */
    byte[] output(Duration limit) throws InterruptedException {
        reader.join(Math.max(1, limit.toMillis()));
        if (reader.isAlive()) {
            // Something the command started still holds its output open: kill what can be
            // found, and give up on the rest rather than hold the delivery for ever.
            kill();
            closeQuietly(process.getInputStream());
            reader.join(1000);
        }
        synchronized (output) {
            return output.toByteArray();
        }
    }

    private void read(int maxOutput) {
        byte[] buffer = new byte[8192];
        long count = 0;
        try (InputStream in = process.getInputStream()) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                synchronized (output) {
                    output.write(buffer, 0, n);
                }
                count += n;
                if (count > maxOutput) {
                    synchronized (output) {
                        output.writeBytes(TOO_MUCH.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    }
                    killedForOutput = true;
                    kill();
                    break;
                }
            }
        } catch (IOException e) {
            // The stream was closed under us: the output so far is what there is.
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing more to read anyway
        }
    }
}
