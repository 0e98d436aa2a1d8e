package org.osprey.mta.itests.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * What a scripted SMTP/LMTP peer sees from the smtp and lmtp transports, compared with what it
 * saw from Exim 4.96 given the same configuration, message and command line. The scenarios and
 * Exim's transcripts are recorded by {@code scripts/record-transport-parity} under
 * {@code src/test/resources/transport-parity/}; the peer is {@code scripts/transport-peer} in
 * both runs, and its transcript keeps the commands, the message as sent (dots stuffed) and how
 * the commands were grouped (what the client sent before waiting for a reply: pipelining).
 *
 * <p>Only what must differ between two runs is normalised (see {@link #normalise}): the message
 * id, the times the two programs wrote (Received:, Delivery-date:, a Date: added to a message
 * that had none), the SIZE= value, whose message part grows with those, a bounce's MIME
 * boundary (made of the time and a random number), and the order of connections made in parallel. Everything else is
 * compared byte for byte, the Received: header included: Osprey writes Exim's default
 * received_header_text, "(Exim 4.96)" and the "with local" protocol of a -odi submission too.
 */
class TransportParityIT {
    private static final Path HOME = path("osprey.assembly.dir");
    private static final Path SOURCE = path("osprey.source.dir");
    private static final Path SCENARIOS = SOURCE.resolve("itests/distribution/src/test/resources/transport-parity");

    /** An Exim 4.96 message id (base 62: time, pid, fraction) as it appears in ids, Message-Id: and logs. */
    private static final Pattern MESSAGE_ID = Pattern.compile("\\bE?[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}\\b");
    /** A time either program wrote: every RFC 5322 date except the message's own fixed Date:. */
    private static final Pattern DATE = Pattern.compile(
            "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), +\\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}");
    private static final String FIXED_DATE = "Mon, 1 Jan 2024 00:00:00 +0000";
    private static final Pattern SIZE = Pattern.compile("SIZE=(\\d+)");
    /** The MIME boundary of a bounce: time and a random number. */
    private static final Pattern DSN_BOUNDARY = Pattern.compile("\\b\\d+-eximdsn-\\d+\\b");

    @TestFactory
    Stream<DynamicTest> eachScenarioLooksToThePeerAsItDidFromExim() throws IOException {
        List<Path> scenarios;
        try (Stream<Path> list = Files.list(SCENARIOS)) {
            // -Dparity.scenarios=a,b runs only those.
            String only = System.getProperty("parity.scenarios", "");
            scenarios = list.filter(Files::isDirectory)
                    .filter(p -> only.isEmpty() || List.of(only.split(",")).contains(p.getFileName().toString()))
                    .sorted().toList();
        }
        return scenarios.stream().map(s -> DynamicTest.dynamicTest(s.getFileName().toString(), () -> {
            // A scenario where Osprey follows the specification and Exim 4.96 does not says why in
            // "divergence", and what the peer must see from Osprey in "osprey.transcript" (Exim's
            // recording with that difference); one that waits for a feature not there yet, in "pending".
            Path pending = s.resolve("pending");
            Assumptions.assumeFalse(Files.exists(pending), () -> s.getFileName() + ": " + readOrEmpty(pending));
            Path diverging = s.resolve("osprey.transcript");
            String expected = normalise(Files.readString(Files.exists(diverging) ? diverging
                    : s.resolve("exim.transcript"), StandardCharsets.ISO_8859_1));
            String actual = normalise(run(s));
            // Both sides, normalised, for diff(1) when they differ.
            Path report = Path.of("target/transport-parity");
            Files.createDirectories(report);
            Files.writeString(report.resolve(s.getFileName() + ".exim"), expected, StandardCharsets.ISO_8859_1);
            Files.writeString(report.resolve(s.getFileName() + ".osprey"), actual, StandardCharsets.ISO_8859_1);
            assertEquals(expected, actual, s.getFileName().toString());
        }));
    }

    /** Runs the scenario with bin/mta against the scripted peer; returns what the peer saw. */
    private static String run(Path scenario) throws Exception {
        Path dir = Files.createTempDirectory("parity");
        dir.toFile().setWritable(true, false);
        dir.toFile().setExecutable(true, false);
        Path transcript = dir.resolve("transcript");
        Path socket = dir.resolve("lmtp.sock");
        String configure = Files.readString(scenario.resolve("configure"));
        List<String> peerCommand = new ArrayList<>(List.of("python3",
                SOURCE.resolve("scripts/transport-peer").toString(),
                scenario.resolve("peer.json").toString(), transcript.toString()));
        if (configure.contains("@SOCKET@")) {
            peerCommand.add(socket.toString());
        }
        Process peer = new ProcessBuilder(peerCommand).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String address = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            // The lmtp transport's command (the peer on standard input and output) runs as another user.
            transcript.toFile().setWritable(true, false);
            Path conf = dir.resolve("configure");
            // As exim-reference puts them in front of Exim's copy; exim_user names a bounce's originator.
            Files.writeString(conf, "exim_user = Debian-exim\nexim_group = Debian-exim\n"
                    + "spool_directory = " + dir.resolve("spool") + "\n"
                    + "log_file_path = " + dir.resolve("log/%slog") + "\n"
                    + configure.replace("@PORT@", address).replace("@SOCKET@", socket.toString())
                            .replace("@PEER@", SOURCE.resolve("scripts/transport-peer").toString())
                            .replace("@SCRIPT@", scenario.resolve("peer.json").toString())
                            .replace("@TRANSCRIPT@", transcript.toString()));
            List<String> command = new ArrayList<>(List.of("bin/mta", "-C", conf.toString()));
            command.addAll(Files.readAllLines(scenario.resolve("arguments")));
            Command mta = Command.run(HOME, command, scenario.resolve("message"));
            assertEquals(0, mta.exitCode(), mta.toString());
            // Exim's recording waited as long after its exit: a QUIT still on its way lands too.
            Thread.sleep(500);
        } finally {
            peer.destroy();
            peer.waitFor(10, TimeUnit.SECONDS);
        }
        return Files.exists(transcript) ? Files.readString(transcript, StandardCharsets.ISO_8859_1) : "";
    }

    /**
     * Replaces what legitimately differs between two runs. SIZE=n is the message's size plus
     * size_addition; the message part depends on the normalised id and times, so SIZE= is
     * written relative to the size of the message that follows it in the transcript (each data
     * line as the peer got it, less the stuffing dot, with a newline): "SIZE=message+1024".
     */
    static String normalise(String transcript) {
        String text = transcript;
        List<String> lines = text.lines().toList();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher size = SIZE.matcher(line);
            if (line.startsWith("C: MAIL ") && size.find()) {
                long n = Long.parseLong(size.group(1));
                long message = messageSizeAfter(lines, i);
                line = line.substring(0, size.start()) + (message < 0 ? "SIZE=<no message sent>"
                        : "SIZE=message" + (n - message >= 0 ? "+" : "") + (n - message)) + line.substring(size.end());
            }
            out.append(line).append('\n');
        }
        text = MESSAGE_ID.matcher(out).replaceAll("<message-id>");
        text = DSN_BOUNDARY.matcher(text).replaceAll("<boundary>");
        Matcher date = DATE.matcher(text);
        StringBuilder dated = new StringBuilder();
        while (date.find()) {
            date.appendReplacement(dated, date.group().equals(FIXED_DATE) ? FIXED_DATE : "<date>");
        }
        date.appendTail(dated);
        // Connections in a stable order: both programs deliver the batches max_rcpt makes in
        // parallel (remote_max_parallel), so which one the peer answers first is chance.
        String[] connections = dated.toString().split("(?m)^(?==== connection$)");
        return Stream.of(connections).sorted().collect(Collectors.joining());
    }

    /** The size of the message the first DATA after line {@code from} carried, or -1 if none. */
    private static long messageSizeAfter(List<String> lines, int from) {
        long size = -1;
        for (int i = from + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("C: MAIL ") || line.startsWith("=== ")) {
                break;
            }
            if (!line.startsWith("D: ")) {
                continue;
            }
            String data = line.substring(3);
            if (data.equals(".")) {
                break;
            }
            size = Math.max(size, 0) + unescapedLength(data.startsWith(".") ? data.substring(1) : data) + 1;
        }
        return size;
    }

    /** The byte count of a transcript line: the peer writes "\\" for a backslash and "\xNN" for other bytes. */
    private static long unescapedLength(String escaped) {
        long n = 0;
        for (int i = 0; i < escaped.length(); i++, n++) {
            if (escaped.charAt(i) == '\\') {
                i += escaped.charAt(i + 1) == 'x' ? 3 : 1;
            }
        }
        return n;
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static Path path(String property) {
        try {
            return Path.of(System.getProperty(property)).toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException(property + " does not name a directory", e);
        }
    }
}
