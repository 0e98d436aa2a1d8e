package org.osprey.mta.lookup.dsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.lookup.LookupDriver;
import org.osprey.mta.kernel.lookup.LookupRequest;
import org.osprey.mta.kernel.lookup.LookupResult;

class DsearchDriverTest {
    static final Expander NO_EXPANSION = new Expander() {
        @Override
        public String expand(String template) {
            return template;
        }

        @Override
        public Expander with(Map<String, String> variables) {
            return this;
        }
    };
    final DsearchDriver driver = new DsearchDriver();
    @TempDir
    Path dir;

    @BeforeEach
    void entries() throws IOException {
        Files.createFile(dir.resolve("file"));
        Files.createDirectory(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("sub"));
        Files.createSymbolicLink(dir.resolve("dangling"), Path.of("nowhere"));
    }

    LookupResult find(String key, Map<String, String> options) {
        return driver.find(new LookupRequest(dir.toString(), key, options, NO_EXPANSION));
    }

    static LookupResult found(String value) {
        return new LookupResult.Found(value, true);
    }

    static final LookupResult NOT_FOUND = new LookupResult.NotFound(true);

    @Test
    void anyEntryIsFoundAndLinksAreNotFollowed() {
        for (String key : new String[] {"file", "sub", "link", "dangling", ".", ".."}) {
            assertEquals(found(key), find(key, Map.of()));
        }
        assertEquals(NOT_FOUND, find("none", Map.of()));
        assertEquals(NOT_FOUND, find("FILE", Map.of()), "names are case-sensitive");
    }

    @Test
    void filtersAcceptOneTypeOfEntry() {
        assertEquals(found("file"), find("file", Map.of("filter", "file")));
        assertEquals(NOT_FOUND, find("sub", Map.of("filter", "file")));
        assertEquals(NOT_FOUND, find("link", Map.of("filter", "dir")), "a link to a directory is a link");
        assertEquals(found("."), find(".", Map.of("filter", "dir")));
        assertEquals(NOT_FOUND, find("..", Map.of("filter", "subdir")));
        assertEquals(found("sub"), find("sub", Map.of("filter", "subdir")));
        assertEquals(found("file"), find("file", Map.of("filter", "unknown")));
    }

    @Test
    void retFullGivesThePath() {
        assertEquals(found(dir + "/sub"), find("sub", Map.of("ret", "full")));
    }

    @Test
    void aSlashInTheKeyOrAMissingDirectoryDefers() {
        assertEquals(new LookupResult.Deferred("key for dsearch lookup contains a slash: sub/x"),
                find("sub/x", Map.of()));
        assertEquals(new LookupResult.Failed("failed to open " + dir + "/file for directory search: Not a directory"),
                driver.find(new LookupRequest(dir + "/file", "x", Map.of(), NO_EXPANSION)));
        assertEquals(new LookupResult.Failed("failed to open " + dir + "/none for directory search: No such file"
                + " or directory"), driver.find(new LookupRequest(dir + "/none", "x", Map.of(), NO_EXPANSION)));
    }

    @Test
    void isNamedForBothTheServiceRegistryAndTheLauncher() throws IOException {
        MtaDriver names = DsearchDriver.class.getAnnotation(MtaDriver.class);
        assertEquals(MtaDriver.LOOKUP, names.kind());
        assertEquals("dsearch", names.name());
        assertEquals(LookupDriver.Style.SINGLE_KEY, driver.style());
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/" + LookupDriver.class.getName())) {
            assertEquals(DsearchDriver.class.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }
}
