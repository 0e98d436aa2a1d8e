package org.osprey.mta.core.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LookupSpecTest {

    @Test
    void aPlainTypeHasNoDecorations() throws LookupException {
        LookupSpec spec = LookupSpec.parse("lsearch");
        assertEquals("lsearch", spec.name());
        assertFalse(spec.isPartial());
        assertEquals("", spec.affix());
        assertEquals(LookupSpec.Defaults.NONE, spec.defaults());
        assertFalse(spec.returnKey());
        assertTrue(spec.cacheRead());
        assertEquals(List.of(), spec.driverOptions());
    }

    @Test
    void partialDefaultsToTwoComponentsAndTheStarDotAffix() throws LookupException {
        LookupSpec spec = LookupSpec.parse("partial-lsearch");
        assertEquals(2, spec.minComponents());
        assertEquals("*.", spec.affix());
        assertEquals("lsearch", spec.unprefixed());
    }

    @Test
    void partialTakesACountAndAnAffixInParentheses() throws LookupException {
        LookupSpec spec = LookupSpec.parse("partial0(+-)cdb*@,ret=key");
        assertEquals(0, spec.minComponents());
        assertEquals("+-", spec.affix());
        assertEquals("cdb", spec.name());
        assertEquals(LookupSpec.Defaults.STAR_AT, spec.defaults());
        assertTrue(spec.returnKey());
        assertEquals("cdb*@,ret=key", spec.unprefixed());
        assertEquals("", LookupSpec.parse("partial1()lsearch").affix());
    }

    @ParameterizedTest
    @ValueSource(strings = {"partialx-lsearch", "partial(ab)lsearch", "partial(.-lsearch", "partial2lsearch", "partial"})
    void aMalformedPartialPrefixIsAFormatError(String written) {
        LookupException e = assertThrows(LookupException.class, () -> LookupSpec.parse(written));
        assertEquals("format error in lookup type \"" + written + "\"", e.getMessage());
        assertFalse(e.isDeferred());
    }

    @Test
    void theEngineTakesItsOwnOptionsAndPassesTheRestToTheDriver() throws LookupException {
        LookupSpec spec = LookupSpec.parse("dsearch,ret=full, cache=no_rd ,filter=dir,ret=key,flag");
        assertTrue(spec.returnKey());
        assertFalse(spec.cacheRead());
        assertEquals(List.of("ret=full", "filter=dir", "flag"), spec.driverOptions());
        assertEquals(Map.of("ret", "full", "filter", "dir", "flag", ""), spec.driverOptionMap());
    }

    @Test
    void textBetweenTheStarAndTheCommaIsIgnoredAndAStarInTheOptionsCutsTheName() throws LookupException {
        LookupSpec ignored = LookupSpec.parse("lsearch*xyz,ret=key");
        assertEquals("lsearch", ignored.name());
        assertEquals(LookupSpec.Defaults.STAR, ignored.defaults());
        assertTrue(ignored.returnKey());
        assertEquals("lsearch,x=", LookupSpec.parse("lsearch,x=*").name());
    }

    @Test
    void withoutPartialKeepsEverythingElse() throws LookupException {
        LookupSpec spec = LookupSpec.parse("partial3-lsearch*,ret=key").withoutPartial();
        assertFalse(spec.isPartial());
        assertEquals(LookupSpec.Defaults.STAR, spec.defaults());
        assertTrue(spec.returnKey());
    }

    @Test
    void optionListsFollowEximsListRules() {
        assertEquals(List.of("a", "b"), LookupSpec.commaList(" a , b "));
        assertEquals(List.of("a,b", "c"), LookupSpec.commaList("a,,b,c"));
        assertEquals(List.of("", "a"), LookupSpec.commaList(",a"));
        assertEquals(List.of("a\\ "), LookupSpec.commaList("a\\ "));
        assertEquals(List.of(), LookupSpec.commaList("  "));
    }
}
