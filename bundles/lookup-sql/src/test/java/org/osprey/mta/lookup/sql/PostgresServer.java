package org.osprey.mta.lookup.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests, made from Debian's postgresql package: a new
 * cluster in a temporary directory (initdb), listening on a free port of 127.0.0.1 only,
 * with a superuser {@value #USER} who logs in with a password. PostgreSQL refuses to run
 * as root, so under root every command runs as the {@code postgres} user (runuser).
 * {@link #close()} stops the server and deletes the directory.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "osprey";
    public static final String PASSWORD = "pass:word";
    private static final String SYSTEM_USER = "postgres";
    private static final long COMMAND_SECONDS = 120;

    private final Path bin;
    private final Path base;
    private final int port;

    private PostgresServer(Path bin, Path base, int port) {
        this.bin = bin;
        this.base = base;
        this.port = port;
    }

    /** The newest installed PostgreSQL's programs, as Debian lays them out, if there is one. */
    public static Optional<Path> installation() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString()
                            .replaceAll("\\D.*", "0"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes a cluster and starts it; the caller closes it. */
    public static PostgresServer start(Path bin) throws IOException, InterruptedException {
        Path base = Files.createTempDirectory("osprey-pgsql");
        Path passwordFile = Files.writeString(base.resolve("password"), PASSWORD + "\n");
        if (isRoot()) {
            UserPrincipalLookupService users = base.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(base, users.lookupPrincipalByName(SYSTEM_USER));
            Files.setOwner(passwordFile, users.lookupPrincipalByName(SYSTEM_USER));
        }
        PostgresServer server = new PostgresServer(bin, base, freePort());
        try {
            server.run("initdb", "-D", base.resolve("data").toString(), "-U", USER, "--pwfile=" + passwordFile,
                    "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync");
            server.run("pg_ctl", "-D", base.resolve("data").toString(), "-l", base.resolve("server.log").toString(),
                    "-w", "-t", "60", "-o", "-p " + server.port + " -k " + base
                            + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public int port() {
        return port;
    }

    /** A server item for the pgsql lookup: {@code 127.0.0.1:PORT/database/osprey/PASSWORD} with the colon doubled. */
    public String item(String database) {
        return "127.0.0.1::" + port + "/" + database + "/" + USER + "/" + PASSWORD.replace(":", "::");
    }

    /** A connection of the test's own, as the superuser. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, USER, PASSWORD);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (Files.exists(base.resolve("data/postmaster.pid"))) {
                run("pg_ctl", "-D", base.resolve("data").toString(), "-m", "fast", "-w", "stop");
            }
        } finally {
            try (Stream<Path> files = Files.walk(base)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private void run(String program, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("runuser", "-u", SYSTEM_USER, "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("osprey-pgsql-" + program, ".out");
        try {
            // The server started by pg_ctl keeps its output streams: a file, never a pipe, or waiting could hang.
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command + " took more than " + COMMAND_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(command + " exited with " + process.exitValue() + ":\n" + Files.readString(output)
                        + serverLog());
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private String serverLog() throws IOException {
        Path log = base.resolve("server.log");
        return Files.exists(log) ? "server log:\n" + Files.readString(log) : "";
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
