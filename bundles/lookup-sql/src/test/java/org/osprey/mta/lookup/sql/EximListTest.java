package org.osprey.mta.lookup.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EximListTest {

    @Test
    void splitsAtColonsAndTrimsItems() {
        assertEquals(List.of("a/db/u/p", "b/db/u/p"), EximList.items(" a/db/u/p : b/db/u/p "));
        assertEquals(List.of(), EximList.items("  "));
        assertEquals(List.of("a"), EximList.items("a:"));
    }

    @Test
    void aDoubledColonIsAColonInAnItem() {
        assertEquals(List.of("localhost:5432/test/ph10/", "x"), EximList.items("localhost::5432/test/ph10/:x"));
        assertEquals(List.of(":x"), EximList.items("::x"));
    }

    @Test
    void emptyItemsAreKept() {
        assertEquals(List.of("a", "", "b"), EximList.items("a: :b"));
        assertEquals(List.of("", "a"), EximList.items(":a"));
    }

    @Test
    void theSeparatorCanBeChanged() {
        assertEquals(List.of("h:5432/db/u/p", "i/db/u/p"), EximList.items("<; h:5432/db/u/p ; i/db/u/p"));
        assertEquals(List.of("a;b"), EximList.items("<;a;;b"));
    }
}
