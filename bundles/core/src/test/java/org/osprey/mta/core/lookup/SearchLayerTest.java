package org.osprey.mta.core.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.registry.DriverService;
import org.osprey.mta.kernel.lookup.LookupDriver.Style;
import org.osprey.mta.kernel.lookup.LookupResult;

class SearchLayerTest {
    static final String FILE = "/etc/mail/table";
    final RecordingDriver single = new RecordingDriver(Style.SINGLE_KEY);
    final RecordingDriver query = new RecordingDriver(Style.QUERY);
    final SearchLayer layer;

    SearchLayerTest() {
        DriverRegistry registry = new DriverRegistry();
        registry.add(new DriverService(DriverKind.LOOKUP, "single", single, 0, 1, "test"));
        registry.add(new DriverService(DriverKind.LOOKUP, "query", query, 0, 2, "test"));
        layer = new SearchLayer(registry);
    }

    Optional<String> find(String spec, String key) throws LookupException {
        return layer.find(spec, FILE, key, new CorpusExpander()).map(SearchResult::value);
    }

    static LookupResult found(String value) {
        return new LookupResult.Found(value, true);
    }

    @Test
    void partialMatchingTriesShorterAndShorterKeysThenTheDefaults() throws LookupException {
        assertEquals(Optional.empty(), find("partial-single*@", "user@a.b.c.d"));
        assertEquals(List.of("user@a.b.c.d", "*.user@a.b.c.d", "*.b.c.d", "*.c.d", "*@a.b.c.d", "*"),
                single.keysAsked());
    }

    @Test
    void theFirstKeyFoundEndsTheSearchAndSaysWhichPartsWereWild() throws LookupException {
        single.answer("*.c.d", found("wild"));
        Optional<SearchResult> result = layer.search(LookupSpec.parse("partial-single"), FILE, "a.b.c.d",
                new CorpusExpander());
        assertEquals(new SearchResult("wild", Optional.of(new SearchResult.KeyParts("a.b", "c.d"))),
                result.orElseThrow());
        assertEquals(List.of("a.b.c.d", "*.a.b.c.d", "*.b.c.d", "*.c.d"), single.keysAsked());
    }

    @Test
    void anExactMatchWithoutPartialMatchingSetsNoKeyParts() throws LookupException {
        single.answer("k", found("v"));
        assertEquals(Optional.empty(), layer.search(LookupSpec.parse("single"), FILE, "k", new CorpusExpander())
                .orElseThrow().keyParts());
    }

    @Test
    void retKeyGivesTheKeyAsWritten() throws LookupException {
        single.answer("*", found("default"));
        assertEquals(Optional.of("Someone"), find("single*,ret=key", "Someone"));
    }

    @Test
    void answersAreCachedUntilTheCacheIsCleared() throws LookupException {
        single.answer("k", found("v"));
        assertEquals(Optional.of("v"), find("single", "k"));
        assertEquals(Optional.empty(), find("single", "absent"));
        single.answer("k", found("changed"));
        assertEquals(Optional.of("v"), find("single", "k"));
        assertEquals(Optional.of("k"), find("single,ret=key", "k"));
        assertEquals(Optional.empty(), find("single", "absent"));
        assertEquals(List.of("k", "absent"), single.keysAsked());
        layer.clearCache();
        assertEquals(Optional.of("changed"), find("single", "k"));
    }

    @Test
    void theCacheIsPerFileAndPerDriverOptions() throws LookupException {
        find("single", "k");
        layer.find("single", "/other/file", "k", new CorpusExpander());
        find("single,ret=full", "k");
        find("single,ret=full", "k");
        find("single", "k");
        assertEquals(List.of("k", "k", "k", "k"), single.keysAsked(),
                "one entry per key: a find with other options replaces it");
    }

    @Test
    void cacheNoRdAsksTheDriverButStillFillsTheCache() throws LookupException {
        single.answer("k", found("v1"));
        find("single,cache=no_rd", "k");
        single.answer("k", found("v2"));
        assertEquals(Optional.of("v2"), find("single,cache=no_rd", "k"));
        assertEquals(Optional.of("v2"), find("single", "k"));
        assertEquals(2, single.requests.size());
    }

    @Test
    void anAnswerThatMustNotBeCachedMakesTheLayerForgetTheWholeSource() throws LookupException {
        find("single", "a");
        single.answer("b", new LookupResult.Found("volatile", false));
        find("single", "b");
        find("single", "a");
        find("single", "b");
        assertEquals(List.of("a", "b", "a", "b"), single.keysAsked());
    }

    @Test
    void aDeferralIsNotCachedAndStopsTheSearch() {
        single.answer("k", new LookupResult.Deferred("server down"));
        LookupException e = assertThrows(LookupException.class, () -> find("partial-single*", "k"));
        assertTrue(e.isDeferred());
        assertEquals("server down", e.getMessage());
        assertThrows(LookupException.class, () -> find("single", "k"));
        assertEquals(List.of("k", "k"), single.keysAsked());
    }

    @Test
    void aDriverThatThrowsDefers() {
        single.failure = new IllegalStateException("bug");
        LookupException e = assertThrows(LookupException.class, () -> find("single", "k"));
        assertTrue(e.isDeferred());
        assertEquals("single lookup failed: java.lang.IllegalStateException: bug", e.getMessage());
    }

    @Test
    void anEmptyKeyIsNeverFoundNorAsked() throws LookupException {
        assertEquals(Optional.empty(), find("single", ""));
        assertEquals(List.of(), single.keysAsked());
    }

    @Test
    void theDriverGetsItsOptionsTheFileAndTheKey() throws LookupException {
        find("single,ret=key,cache=no_rd,ret=full,flag", "k");
        var request = single.requests.get(0);
        assertEquals(FILE, request.file());
        assertEquals(Map.of("ret", "full", "flag", ""), request.options());
    }

    @Test
    void aQueryLosesItsLeadingSpaceAndHasNoFile() throws LookupException {
        query.answer("select 1", found("1"));
        assertEquals(Optional.of("1"),
                layer.find("query", null, "  select 1", new CorpusExpander()).map(SearchResult::value));
        assertEquals(null, query.requests.get(0).file());
    }

    @Test
    void queryStyleTypesRefusePartialMatchingAndDefaults() {
        assertEquals("\"partial\" is not permitted for lookup type \"query*\"",
                assertThrows(LookupException.class, () -> find("partial-query*", "q")).getMessage());
        assertEquals("defaults using \"*\" or \"*@\" are not permitted for lookup type \"query*@\"",
                assertThrows(LookupException.class, () -> find("query*@", "q")).getMessage());
    }

    @Test
    void anUnknownTypeIsAnErrorNotADeferral() {
        LookupException e = assertThrows(LookupException.class, () -> find("nosuch", "k"));
        assertEquals("unknown lookup type \"nosuch\"", e.getMessage());
        assertFalse(e.isDeferred());
    }

    @Test
    void singleKeyLookupsNeedAFileName() {
        assertEquals("no file name for single lookup", assertThrows(LookupException.class,
                () -> layer.find("single", null, "k", new CorpusExpander())).getMessage());
        assertEquals(List.of(), single.keysAsked());
    }

    @Test
    void whetherATypeIsQueryStyleComesFromItsDriver() throws LookupException {
        assertTrue(layer.isQueryStyle("query"));
        assertFalse(layer.isQueryStyle("partial-single*@,ret=key"));
        assertThrows(LookupException.class, () -> layer.isQueryStyle("nosuch"));
    }

    @Test
    void quotingIsTheDriversAndATypeWithoutQuotingKeepsTheValueUnlessGivenAnOption() throws LookupException {
        assertEquals(Optional.of("O''Neil"), layer.quote("query", null, "O'Neil"));
        assertEquals(Optional.of("a\"b"), layer.quote("single", null, "a\"b"));
        assertEquals(Optional.empty(), layer.quote("single", "x", "abc"));
        assertEquals(Optional.empty(), layer.quote("query", "x", "abc"));
        assertEquals("unknown lookup type \"foo\"",
                assertThrows(LookupException.class, () -> layer.quote("foo", null, "abc")).getMessage());
    }
}
