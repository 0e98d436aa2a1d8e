package org.osprey.mta.core.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.config.ConfigLoader;
import org.osprey.mta.core.config.Configuration;

/** Taking the checked lines of the retry section apart. */
class RetryRulesTest {
    @TempDir
    Path dir;

    RetryRules rules(String retry) throws Exception {
        Path file = dir.resolve("configure");
        Files.writeString(file, "begin routers\nbegin transports\nbegin retry\n" + retry + "\n");
        Configuration c = new ConfigLoader((k, n) -> Optional.empty()).hostName(() -> "test.example").load(file, Map.of());
        return RetryRules.of(c);
    }

    @Test
    void readsEveryPart() throws Exception {
        List<RetryRule> r = rules("\"a b.example\"  rcpt_45x  senders = \"x@y : *@z\"  F,2h,15m; g, 16h, 1h, 1.5 ;H,4d,6h,2.25\n"
                + "nolimit.example *\n"
                + "*.example quota_7d F,1d,1h").rules();
        RetryRule first = r.get(0);
        assertEquals("a b.example", first.pattern());
        assertEquals(RetryError.parse("rcpt_45x"), first.error());
        assertEquals("x@y : *@z", first.senders());
        assertEquals(List.of(new RetryStep('F', 7200, 900, 0), new RetryStep('G', 57600, 3600, 1500),
                new RetryStep('H', 4 * 86400, 6 * 3600, 2250)), first.steps());
        assertEquals(4 * 86400, first.finalCutoff());
        assertEquals(4, first.location().line());
        assertEquals(List.of(), r.get(1).steps());
        assertNull(r.get(1).senders());
        assertEquals(0, r.get(1).finalCutoff());
        assertEquals(new RetryError(RetryError.Kind.QUOTA, 7 * 86400), r.get(2).error());
    }

    @Test
    void multipliersPrintAsEximPrintsThem() {
        assertEquals("1.5", new RetryStep('G', 1, 1, 1500).multiplierText());
        assertEquals("2.0", new RetryStep('G', 1, 1, 2000).multiplierText());
        assertEquals("2.25", new RetryStep('G', 1, 1, 2250).multiplierText());
        assertEquals("1.005", new RetryStep('G', 1, 1, 1005).multiplierText());
    }
}
