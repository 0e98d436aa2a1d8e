package org.osprey.mta.itests.distribution;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The distribution's daemon, {@code bin/mta -C conf -bdf -oX port}, in the foreground so that
 * the test owns the process, on a free loopback port; stopped with SIGTERM as an init system
 * stops it.
 */
final class SmtpDaemon implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path output;

    private SmtpDaemon(Process process, int port, Path output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    static SmtpDaemon start(Path home, Path configuration, Map<String, String> environment) throws IOException {
        int port = freePort();
        Path output = Files.createTempFile(configuration.getParent(), "daemon", ".out");
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/mta").toString(), "-C",
                configuration.toString(), "-bdf", "-oX", Integer.toString(port)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        SmtpDaemon daemon = new SmtpDaemon(builder.start(), port, output);
        daemon.awaitListening();
        return daemon;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** What the daemon wrote on its standard output and error. */
    String output() throws IOException {
        return Files.readString(output);
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the daemon ended with " + process.exitValue() + ":\n" + output());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        throw new IllegalStateException("the daemon is not listening after 30 s:\n" + output());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
