package org.osprey.mta.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.expand.ExpansionException;

/** The small readers Exim's format is made of. */
class ValueReadingTest {
    @Test
    void quotedStringsInterpretEscapes() {
        assertEquals("a\tb\nA0\u00e9\\q", QuotedString.read("\"a\\tb\\nA\\060\\xe9\\\\q\"", 0).value());
        assertEquals("word", QuotedString.read("word rest", 0).value());
        assertEquals("ab", QuotedString.read("\"ab\\x00cd\"", 0).value());
    }

    @Test
    void printableTextEscapesAsEximDoes() {
        assertEquals("a\\tb\\n\\351\\177", PrintableText.of("a\tb\n\u00e9\u007f", true, false));
        assertEquals("a\tb\u00e9", PrintableText.of("a\tb\u00e9", false, true));
    }

    @Test
    void listsSplitOnColonsOrTheChosenSeparator() {
        assertEquals(List.of("a", "b:c", "d"), ListItems.all(" a : b::c :d ", 0));
        assertEquals(List.of("1.2.3.4", "::1"), ListItems.all("<; 1.2.3.4 ; ::1", 0));
        assertEquals(List.of(), ListItems.all("", 0));
    }

    @Test
    void theReadTimeExpanderKnowsEscapesAndVariablesOnly() throws ExpansionException {
        ReadTimeExpander e = new ReadTimeExpander(Map.of("primary_hostname", "h.example"));
        assertEquals("/var/h.example/x\tN$", e.expand("/var/$primary_hostname/x\\t\\NN$\\N"));
        assertEquals("h.example", e.expand("${primary_hostname}"));
        assertEquals("unknown variable name \"nope\"",
                org.junit.jupiter.api.Assertions.assertThrows(ExpansionException.class, () -> e.expand("$nope"))
                        .getMessage());
    }

    @Test
    void reportsTakeEximsTwoForms() {
        ConfigException e = ConfigException.inLine(new Location("/etc/configure", 3), "bad thing");
        assertEquals("LOG: PANIC DIE\n  Osprey configuration error in line 3 of /etc/configure:\n  bad thing\n",
                e.report(ConfigException.Style.DEBUG, null));
        assertEquals("2024-01-01 00:00:00 Osprey configuration error in line 3 of /etc/configure:\n  bad thing\n",
                e.report(ConfigException.Style.LOG, "2024-01-01 00:00:00"));
        assertEquals("LOG: MAIN PANIC DIE\n  gone\n", ConfigException.main("gone").report(ConfigException.Style.DEBUG,
                null));
        assertEquals(1, e.exitCode());
        assertNull(ConfigException.general("x").location().orElse(null));
    }
}
