package org.osprey.mta.core.deliver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.osprey.mta.core.receive.ProcessIds;
import org.osprey.mta.kernel.model.TransportFilterException;
import org.osprey.mta.kernel.transport.Credentials;

/**
 * Exim's transport_filter (transport.c, transport_write_message): the message, as the
 * delivery writes it with LF line endings and before any SMTP or mailbox escaping, is fed
 * to a command on its standard input from a thread of its own, and what the command writes
 * on its standard output (and standard error) is what the transport gets. A read that
 * waits longer than {@code transport_filter_timeout} kills the command.
 *
 * @param argv the command and its arguments, expanded
 * @param timeout transport_filter_timeout
 * @param directory the delivery's current directory, or null for the JVM's
 * @param credentials the delivery's user: the command runs as that user (through setpriv) when the MTA is root
 */
record TransportFilter(List<String> argv, Duration timeout, Path directory, Optional<Credentials> credentials) {
    /** How long to wait for the command to end once its output is read (Exim's child_close(pid, 30)). */
    private static final long EXIT_WAIT_SECONDS = 30;

    TransportFilter {
        argv = List.copyOf(argv);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(credentials, "credentials");
    }

    /** What writes the message into the filter. */
    interface Source {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Runs the filter over what {@code source} writes and copies its output to {@code sink}.
     *
     * @throws TransportFilterException when the command cannot run, fails or times out
     * @throws IOException when writing to {@code sink} fails
     */
    void run(Source source, OutputStream sink) throws IOException {
        Process process;
        try {
            ProcessBuilder pb = new ProcessBuilder(command()).redirectErrorStream(true);
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            process = pb.start();
        } catch (IOException e) {
            throw TransportFilterException.failed(TransportFilterException.EXEC_FAILED);
        }
        Feeder feeder = new Feeder(source, process.getOutputStream());
        Thread writer = new Thread(feeder, "transport-filter-writer");
        writer.setDaemon(true);
        writer.start();
        Watchdog watchdog = new Watchdog(process, timeout.toMillis());
        Thread watch = new Thread(watchdog, "transport-filter-timeout");
        watch.setDaemon(true);
        watch.start();
        boolean finished = false;
        try (InputStream in = process.getInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                watchdog.touch();
                sink.write(buffer, 0, n);
            }
            finished = true;
        } finally {
            watchdog.stop();
            if (!finished) {
                process.destroyForcibly();
            }
        }
        if (watchdog.fired()) {
            throw TransportFilterException.timedOut();
        }
        int status;
        try {
            if (!process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw TransportFilterException.failed(-1);
            }
            status = process.exitValue();
            writer.join(TimeUnit.SECONDS.toMillis(EXIT_WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while waiting for the transport filter", e);
        }
        if (status != 0) {
            throw TransportFilterException.failed(status);
        }
        // A filter that ends well without reading all of the message is no fault of the message.
        if (feeder.failure != null && !feeder.closedByFilter) {
            throw feeder.failure;
        }
    }

    /** The command line: argv, behind setpriv when the MTA is root and the delivery has a user. */
    private List<String> command() {
        if (credentials.isEmpty() || ProcessIds.uid(-1) != 0) {
            return argv;
        }
        Credentials c = credentials.get();
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + c.uid(), "--regid=" + c.gid()));
        cmd.add(c.groups().isEmpty() ? "--clear-groups"
                : "--groups=" + c.groups().stream().map(String::valueOf).collect(Collectors.joining(",")));
        cmd.add("--");
        cmd.addAll(argv);
        return cmd;
    }

    /** Writes the message into the filter and closes its input. */
    private static final class Feeder implements Runnable {
        private final Source source;
        private final OutputStream out;
        volatile IOException failure;
        volatile boolean closedByFilter;

        Feeder(Source source, OutputStream out) {
            this.source = source;
            this.out = out;
        }

        @Override
        public void run() {
            try (OutputStream o = out) {
                source.writeTo(o);
            } catch (IOException e) {
                failure = e;
                // EPIPE: the filter closed its input (or ended) early.
                closedByFilter = String.valueOf(e.getMessage()).contains("Broken pipe")
                        || String.valueOf(e.getMessage()).contains("Stream closed");
            }
        }
    }

    /** Kills the filter when it has written nothing for the timeout (Exim's ALARM around each read). */
    private static final class Watchdog implements Runnable {
        private final Process process;
        private final long timeoutMillis;
        private volatile long last = System.nanoTime();
        private volatile boolean stopped;
        private volatile boolean fired;

        Watchdog(Process process, long timeoutMillis) {
            this.process = process;
            this.timeoutMillis = Math.max(timeoutMillis, 1);
        }

        void touch() {
            last = System.nanoTime();
        }

        void stop() {
            stopped = true;
        }

        boolean fired() {
            return fired;
        }

        @Override
        public void run() {
            while (!stopped) {
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - last);
                if (waited >= timeoutMillis) {
                    fired = true;
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    return;
                }
                try {
                    Thread.sleep(Math.min(timeoutMillis - waited, 200));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
