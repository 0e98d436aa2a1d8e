package org.osprey.mta.lookup.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.lookup.LookupDriver;

class DriverNamesTest {

    @Test
    void bothLookupTypesAreNamedForTheServiceRegistryAndTheLauncher() throws IOException {
        assertNames(PgsqlDriver.class, "pgsql");
        assertNames(DerbyDriver.class, "derby");
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/" + LookupDriver.class.getName())) {
            assertEquals(List.of(PgsqlDriver.class.getName(), DerbyDriver.class.getName()),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        }
    }

    private static void assertNames(Class<?> driver, String name) {
        MtaDriver names = driver.getAnnotation(MtaDriver.class);
        assertEquals(MtaDriver.LOOKUP, names.kind());
        assertEquals(name, names.name());
    }
}
