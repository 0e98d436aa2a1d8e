package org.osprey.mta.itests.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osprey.mta.itests.osgi.ManifestHeader.Clause;

class ManifestHeaderTest {

    @Test
    void quotedValuesKeepTheirCommasAndSemicolons() {
        List<Clause> clauses = ManifestHeader.parse(
                "a.b;version=\"[1.0,2)\";uses:=\"c.d,e.f\",g.h;resolution:=optional;note=\"x;y\"");
        assertEquals(List.of(
                new Clause("a.b", Map.of("version", "[1.0,2)"), Map.of("uses", "c.d,e.f")),
                new Clause("g.h", Map.of("note", "x;y"), Map.of("resolution", "optional"))), clauses);
    }

    @Test
    void typedAttributesLoseTheirTypeAndEscapesAreTakenOut() {
        List<Clause> clauses = ManifestHeader.parse(
                "osgi.service;objectClass:List<String>=\"a.B,c.D\";text=\"say \\\"hi\\\", then go\"");
        assertEquals(List.of(new Clause("osgi.service", Map.of("objectClass", "a.B,c.D", "text", "say \"hi\", then go"),
                Map.of())), clauses);
    }

    @Test
    void aClauseOfSeveralNamesGivesOneClauseEach() {
        assertEquals(List.of(new Clause("p.one", Map.of("version", "1"), Map.of()),
                        new Clause("p.two", Map.of("version", "1"), Map.of())),
                ManifestHeader.parse(" p.one ; p.two ; version=1 "));
    }

    @Test
    void aMissingHeaderHasNoClauses() {
        assertEquals(List.of(), ManifestHeader.parse(null));
        assertEquals(List.of(), ManifestHeader.parse(""));
    }
}
