package org.osprey.mta.lookup.lsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.expand.ExpansionException;

class WildKeyTest {
    final WildKey plain = new WildKey(false);
    final MapExpander expander = new MapExpander();

    boolean matches(String key, String subject) throws WildKey.Deferral {
        return plain.matches(key, subject, expander);
    }

    @Test
    void regularExpressionsAreCaselessUnlessTheyTurnItOff() throws WildKey.Deferral {
        assertTrue(matches("^\\d+\\.A", "12.a.b"), "caseless, and not anchored at the end");
        assertFalse(matches("^\\d+\\.A", "x12.a"));
        assertTrue(matches("^(?-i)CASE", "CASE"));
        assertFalse(matches("^(?-i)CASE", "case"));
    }

    @Test
    void pcreSyntaxThatJavaLacksIsTranslated() throws WildKey.Deferral {
        assertEquals("^[^\\n]\\d\\N{DIGIT ONE}(?<n>x)", WildKey.javaSyntax("^\\N\\d\\N{DIGIT ONE}(?P<n>x)"));
        assertTrue(matches("^a\\Nb", "axb"));
    }

    @Test
    void aStarMatchesAnyEndingAndOtherKeysAreLiteralIgnoringCase() throws WildKey.Deferral {
        assertTrue(matches("*.Example", "a.EXAMPLE"));
        assertFalse(matches("*.example", "example"));
        assertTrue(matches("Lit", "lIT"));
        assertFalse(matches("lit", "lit2"));
        assertTrue(matches("  spaced  ", "spaced"), "trimmed as a list item");
        assertFalse(matches("", "anything"));
    }

    @Test
    void anExclamationMarkNegates() throws WildKey.Deferral {
        assertTrue(matches("! neg", "other"));
        assertFalse(matches("!neg", "NEG"));
        assertTrue(matches("!", "anything"), "the empty item never matches, so its negation always does");
    }

    @Test
    void aSlashNamesAFileOfItemsWithItsOwnNegations(@TempDir Path dir) throws IOException, WildKey.Deferral {
        Path list = dir.resolve("list");
        Files.writeString(list, "# items\n*.tail  # trailing comment\n\n!bad\nlast\n");
        assertTrue(matches(list.toString(), "x.tail"));
        assertFalse(matches(list.toString(), "bad"));
        assertFalse(matches(list.toString(), "other"), "no item matched and the last was positive: no match");
        Files.writeString(list, "good\n!bad\n");
        assertTrue(matches(list.toString(), "other"), "the last item was negative: a match");
        assertFalse(matches("!" + list, "good"));
        assertTrue(matches("!" + list, "bad"));
        assertFalse(matches("!" + list, "other"));
        assertEquals("failed to open " + dir + "/none when checking a list: No such file or directory",
                assertThrows(WildKey.Deferral.class, () -> matches(dir + "/none", "x")).getMessage());
    }

    @Test
    void nestedLookupsDeferAndBadRegularExpressionsToo() {
        assertThrows(WildKey.Deferral.class, () -> matches("lsearch;/etc/file", "x"));
        assertTrue(assertThrows(WildKey.Deferral.class, () -> matches("^(", "x")).getMessage()
                .startsWith("regular expression error in \"^(\""));
    }

    @Test
    void wildlsearchExpandsTheKeyFirst() throws WildKey.Deferral {
        WildKey expanding = new WildKey(true);
        MapExpander known = new MapExpander(Map.of(
                "$primary", "host.example",
                "${if false}", ExpansionException.forcedFailure("forced"),
                "${bad}", ExpansionException.error("unknown variable")));
        assertTrue(expanding.matches("$primary", "HOST.example", known));
        assertFalse(expanding.matches("${if false}", "x", known), "a forced failure is no match");
        assertEquals("", assertThrows(WildKey.Deferral.class, () -> expanding.matches("${bad}", "x", known))
                .getMessage(), "Exim defers with an empty message and logs the reason");
    }
}
