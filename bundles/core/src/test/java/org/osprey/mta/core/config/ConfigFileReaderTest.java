package org.osprey.mta.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file format as the reader sees it: lines, comments, continuations, macros, conditionals, includes. */
class ConfigFileReaderTest {
    @TempDir
    Path dir;

    Configs configs() {
        return new Configs(dir);
    }

    @Test
    void continuationLinesJoinWithoutTheBackslashOrTheNextLinesIndentation() throws Exception {
        Configuration c = configs().load("smtp_banner = one \\\n    two\\\n# comment inside\n\tthree\n");
        assertEquals("one twothree", c.get(MainOptions.SMTP_BANNER));
    }

    @Test
    void anEmptyLineEndsAContinuation() throws Exception {
        Configuration c = configs().load("smtp_banner = one\\\n\nqualify_domain = q.example\n");
        assertEquals("one", c.get(MainOptions.SMTP_BANNER));
        assertEquals("q.example", c.get(MainOptions.QUALIFY_DOMAIN));
    }

    @Test
    void aHashIsACommentOnlyAtTheStartOfALine() throws Exception {
        Configuration c = configs().load("   # comment\nsmtp_banner = a # b\n");
        assertEquals("a # b", c.get(MainOptions.SMTP_BANNER));
    }

    @Test
    void anErrorNamesTheLastPhysicalLineOfAContinuedLine() {
        ConfigException e = configs().error("\n\nsmtp_accept_max = \\\n  lots\n");
        assertEquals(new Location(dir.resolve("configure").toString(), 4), e.location().orElseThrow());
        assertEquals("integer expected for smtp_accept_max", e.getMessage());
    }

    @Test
    void aByteOrderMarkOnTheFirstLineIsRefused() {
        ConfigException e = configs().error("\u00ef\u00bb\u00bfqualify_domain = x\n");
        assertEquals("found unexpected BOM (Byte Order Mark)", e.getMessage());
    }

    @Test
    void macrosAreReplacedAsSubstringsInDefinitionOrder() throws Exception {
        Configuration c = configs().load("AB = x\nA = y\nsmtp_banner = AB A BA\n");
        assertEquals("x y By", c.get(MainOptions.SMTP_BANNER));
    }

    @Test
    void aCommandLineMacroWinsOverTheFile() throws Exception {
        Configuration c = configs().load("M = file\nqualify_domain = M\n", Map.of("M", "cmd"));
        assertEquals("cmd", c.get(MainOptions.QUALIFY_DOMAIN));
        assertTrue(c.macros().stream().anyMatch(m -> m.name().equals("M") && m.commandLine()));
    }

    @Test
    void macroErrorsAreReportedAsPanicsThatAreNotDie() {
        ConfigException e = configs().error("M = 1\nM = 2\n");
        assertEquals("LOG: PANIC\n  Osprey configuration error:\n  macro \"M\" is already defined (use \"==\" if"
                + " you want to redefine it)\n", e.report(ConfigException.Style.DEBUG, ""));
    }

    @Test
    void conditionalsSelectBranches() throws Exception {
        String text = ".ifdef A\nqualify_domain = a\n.elifdef B\nqualify_domain = b\n.else\nqualify_domain = c\n.endif\n";
        assertEquals("a", configs().load(text, Map.of("A", "")).get(MainOptions.QUALIFY_DOMAIN));
        assertEquals("b", configs().load(text, Map.of("B", "")).get(MainOptions.QUALIFY_DOMAIN));
        assertEquals("c", configs().load(text).get(MainOptions.QUALIFY_DOMAIN));
    }

    @Test
    void aTabAfterADirectiveMakesTheLineIgnoredAsInExim() throws Exception {
        Configuration c = configs().load(".ifdef\tNOTHING\nqualify_domain = read\n");
        assertEquals("read", c.get(MainOptions.QUALIFY_DOMAIN));
        assertEquals(".endif without matching .ifdef", configs().error(".ifdef\tX\n.endif\n").getMessage());
    }

    @Test
    void aMissingEndifIsReportedAtTheEndOfTheFile() {
        ConfigException e = configs().error("\n.ifdef X\n\n");
        assertEquals("Unexpected end of configuration file: .endif missing", e.getMessage());
        assertEquals(3, e.location().orElseThrow().line());
    }

    @Test
    void relativeIncludesAreTakenFromTheIncludingFilesDirectory() throws Exception {
        configs().write("part.inc", "qualify_domain = included\n");
        assertEquals("included", configs().load(".include part.inc\n").get(MainOptions.QUALIFY_DOMAIN));
    }

    @Test
    void anErrorInAnIncludedFileNamesThatFile() {
        configs().write("bad.inc", "\nsmtp_accept_max = x\n");
        ConfigException e = configs().error(".include bad.inc\n");
        assertEquals(new Location(dir.resolve("bad.inc").toString(), 2), e.location().orElseThrow());
    }

    @Test
    void theEndOfTheMainSectionIsTheFirstBeginLine() throws Exception {
        Configuration c = configs().load("BEGIN routers\nr1:\n  driver = accept\n  verify_only\n");
        assertEquals(1, c.routers().size());
    }
}
