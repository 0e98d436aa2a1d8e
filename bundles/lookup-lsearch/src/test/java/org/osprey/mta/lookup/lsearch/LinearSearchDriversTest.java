package org.osprey.mta.lookup.lsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.lookup.LookupDriver;
import org.osprey.mta.kernel.lookup.LookupRequest;
import org.osprey.mta.kernel.lookup.LookupResult;

class LinearSearchDriversTest {
    @TempDir
    Path dir;

    static LookupResult find(LookupDriver driver, Path file, String key, Map<String, String> options) {
        return driver.find(new LookupRequest(file.toString(), key, options,
                new MapExpander(Map.of("^\\N\\d+\\N", "^\\d+"))));
    }

    static LookupResult find(LookupDriver driver, Path file, String key) {
        return find(driver, file, key, Map.of());
    }

    static LookupResult found(String value) {
        return new LookupResult.Found(value, true);
    }

    @Test
    void anUnchangedFileIsNotReadAgain() throws IOException {
        Path file = dir.resolve("table");
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        Files.writeString(file, "k: v1\n");
        Files.setLastModifiedTime(file, old);
        LsearchDriver driver = new LsearchDriver();
        assertEquals(found("v1"), find(driver, file, "k"));
        Files.writeString(file, "k: v2\n");
        Files.setLastModifiedTime(file, old);
        assertEquals(found("v1"), find(driver, file, "k"), "same time, size and inode: the parsed copy is used");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        assertEquals(found("v2"), find(driver, file, "k"));
    }

    @Test
    void aChangedFileIsReadAgainEvenWithinOneTickOfTheClock() throws IOException {
        Path file = dir.resolve("table");
        Files.writeString(file, "k: v1\n");
        FileTime now = Files.getLastModifiedTime(file);
        LsearchDriver driver = new LsearchDriver();
        assertEquals(found("v1"), find(driver, file, "k"));
        Files.writeString(file, "k: v2\n");
        Files.setLastModifiedTime(file, now);
        assertEquals(found("v2"), find(driver, file, "k"), "a file modified just before it was read is not trusted");
        Files.writeString(file, "k: a longer value\n");
        assertEquals(found("a longer value"), find(driver, file, "k"));
    }

    @Test
    void aFileThatCannotBeReadDefersWithEximsMessage() throws IOException {
        LsearchDriver driver = new LsearchDriver();
        assertEquals(new LookupResult.Failed("failed to open " + dir + "/none for linear search: No such file or"
                + " directory"), find(driver, dir.resolve("none"), "k"));
        assertEquals(new LookupResult.Failed(dir + " is not a regular file (lsearch lookup)"),
                find(new IplsearchDriver(), dir, "1.2.3.4"));
    }

    @Test
    void retFullGivesTheWholeEntry() throws IOException {
        Path file = dir.resolve("table");
        Files.writeString(file, "\"quoted key\" : data\n  more\n");
        assertEquals(found("quoted key : data more"),
                find(new LsearchDriver(), file, "QUOTED KEY", Map.of("ret", "full")));
    }

    @Test
    void iplsearchWantsAnAddressAsItsKeyAndAStarMatchesOnlyAStar() throws IOException {
        Path file = dir.resolve("ip");
        Files.writeString(file, "*: star\n\"::1\": loopback\n10.0.0.0/8: ten\n");
        IplsearchDriver driver = new IplsearchDriver();
        assertEquals(found("ten"), find(driver, file, "10.9.8.7"));
        assertEquals(found("loopback"), find(driver, file, "::1"));
        assertEquals(found("star"), find(driver, file, "*"));
        assertEquals(new LookupResult.NotFound(true), find(driver, file, "11.0.0.1"));
        assertEquals(new LookupResult.Deferred("\"host.example\" is not a valid iplsearch key (an IP address, with"
                + " optional CIDR mask, is wanted): in a host list, use net-iplsearch as the search type"),
                find(driver, file, "host.example"));
    }

    @Test
    void wildlsearchExpandsKeysAndNwildlsearchDoesNot() throws IOException {
        Path file = dir.resolve("wild");
        Files.writeString(file, "^\\N\\d+\\N: digits\n*.x: tail\n");
        assertEquals(found("digits"), find(new WildlsearchDriver(), file, "123"));
        assertEquals(found("tail"), find(new WildlsearchDriver(), file, "a.x"));
        assertEquals(new LookupResult.NotFound(true), find(new NwildlsearchDriver(), file, "12"));
        assertEquals(found("digits"), find(new NwildlsearchDriver(), file, "123"), "PCRE's \\N: not a newline");
    }

    @Test
    void eachDriverIsNamedForTheServiceRegistryAndListedForTheLauncher() throws IOException {
        List<Class<?>> drivers = List.of(LsearchDriver.class, WildlsearchDriver.class, NwildlsearchDriver.class,
                IplsearchDriver.class);
        for (Class<?> driver : drivers) {
            MtaDriver names = driver.getAnnotation(MtaDriver.class);
            assertEquals(MtaDriver.LOOKUP, names.kind());
            assertEquals(driver.getSimpleName().replace("Driver", "").toLowerCase(), names.name());
        }
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/" + LookupDriver.class.getName())) {
            assertEquals(drivers.stream().map(Class::getName).toList(),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        }
    }
}
