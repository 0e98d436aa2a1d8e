package org.osprey.mta.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.router.redirect.RedirectRouterDriver;

/**
 * The real redirect router in the engine's routing, on an alias file and forward files that
 * use every item of a redirection list (addresses qualified and not, {@code \name}, pipes,
 * files, directories, {@code :include:}, {@code :fail:}, {@code :defer:},
 * {@code :blackhole:}, {@code :unknown:}, comments, quotes, syntax errors) and the options
 * that govern them. The expected entries are Exim 4.96's: {@code route/redirect/configure}
 * was given to {@code tools/exim-reference -c configure -- -bt ADDRESS} for each address,
 * with the files below under the directory DIR, and its output is in {@code exim-bt.txt}.
 */
class RedirectRouterEximTest {
    /** Where Osprey differs from Exim's output: nowhere now. */
    private static final Set<String> KNOWN_DIFFERENCES = Set.of();

    @TempDir
    Path dir;
    RouteFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(dir.resolve("lists"));
        Files.createDirectories(dir.resolve("other"));
        Files.createDirectories(dir.resolve("fwd"));
        Files.writeString(dir.resolve("aliases"), resource("aliases"));
        Files.writeString(dir.resolve("lists/members"), resource("members"));
        for (String name : List.of("one", "two", "groupw", "filt")) {
            Path f = dir.resolve("fwd/" + name);
            Files.writeString(f, resource("fwd-" + name));
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(
                    name.equals("groupw") ? "rw-rw-r--" : "rw-r--r--"));
        }
        fixture = new RouteFixture(dir, resource("configure"), RouteFixture.USERS,
                new RedirectRouterDriver());
    }

    private String resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/route/redirect/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("DIR", dir.toString());
        }
    }

    /** exim-bt.txt: for each address, a line "@@ address" and what Exim printed. */
    private Map<String, String> eximOutput() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        String address = null;
        StringBuilder b = new StringBuilder();
        for (String line : resource("exim-bt.txt").split("\n")) {
            if (line.startsWith("@@ ")) {
                if (address != null) {
                    out.put(address, b.toString());
                }
                address = line.substring(3);
                b.setLength(0);
            } else {
                b.append(line).append('\n');
            }
        }
        out.put(address, b.toString());
        return out;
    }

    @Test
    void every_address_is_routed_as_exim_routes_it() throws IOException {
        Map<String, String> exim = eximOutput();
        assertEquals(40, exim.size(), "the recorded addresses");
        Map<String, List<String>> expected = new LinkedHashMap<>();
        Map<String, List<String>> actual = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : exim.entrySet()) {
            if (!KNOWN_DIFFERENCES.contains(e.getKey())) {
                expected.put(e.getKey(), RouteFixture.entries(e.getValue()));
                actual.put(e.getKey(), RouteFixture.entries(String.join("\n", fixture.bt(e.getKey()))));
            }
        }
        assertEquals(expected.toString().replace("], ", "],\n"), actual.toString().replace("], ", "],\n"));
    }
}
