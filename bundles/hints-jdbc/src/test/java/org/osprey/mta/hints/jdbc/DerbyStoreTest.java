package org.osprey.mta.hints.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.hints.HintsStore;
import org.osprey.mta.core.hints.HintsStoreProvider;

/** The store on real embedded Derby, in a spool directory's db/hints. */
class DerbyStoreTest extends StoreContract {
    @TempDir
    Path spool;

    @Override
    HintsStore store() throws Exception {
        return JdbcHintsStore.derby(spool, clock());
    }

    @Override
    HintsStore secondStore() throws Exception {
        return JdbcHintsStore.derby(spool, clock());
    }

    @Test
    void theDatabaseLivesUnderTheSpoolAndSurvivesAReopen() throws Exception {
        try (HintsStore s = store()) {
            s.put(HintsStore.RETRY, "R:example.com", "x");
        }
        assertTrue(Files.isDirectory(spool.resolve("db/hints")));
        try (HintsStore s = store()) {
            assertEquals("x", s.get(HintsStore.RETRY, "R:example.com").orElseThrow().value());
        }
    }

    @Test
    void deletingTheDatabaseLosesOnlyHints() throws Exception {
        try (HintsStore s = store()) {
            s.put(HintsStore.RETRY, "R:example.com", "x");
        }
        try (var files = Files.walk(spool.resolve("db"))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        try (HintsStore s = store()) {
            assertTrue(s.get(HintsStore.RETRY, "R:example.com").isEmpty());
            assertTrue(s.databases().isEmpty());
        }
    }

    @Test
    void theComponentDefaultsToDerbyUnderTheConfiguredSpool() throws Exception {
        HintsStoreComponent.Config config = new HintsStoreComponent.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return HintsStoreComponent.Config.class;
            }

            @Override
            public String spoolDirectory() {
                return spool.toString();
            }

            @Override
            public String url() {
                return "";
            }

            @Override
            public String user() {
                return "";
            }

            @Override
            public String _password() {
                return "";
            }
        };
        HintsStoreComponent component = new HintsStoreComponent(config);
        try {
            component.put(HintsStore.RETRY, "R:example.com", "x");
            assertTrue(Files.isDirectory(spool.resolve("db/hints")));
        } finally {
            component.close();
        }
    }

    @Test
    void theLauncherFindsTheProvider() throws Exception {
        HintsStoreProvider provider = ServiceLoader.load(HintsStoreProvider.class).findFirst().orElseThrow();
        try (HintsStore s = provider.open(spool, Map.of())) {
            s.put(HintsStore.MISC, "k", "v");
            assertEquals("v", s.get(HintsStore.MISC, "k").orElseThrow().value());
        }
    }
}
