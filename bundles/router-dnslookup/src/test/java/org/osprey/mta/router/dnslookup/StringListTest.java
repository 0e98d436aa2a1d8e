package org.osprey.mta.router.dnslookup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StringListTest {

    @Test
    void colonSeparatedWithBlanksTrimmed() {
        assertEquals(List.of("fict.example", "ref.example"), StringList.items("  fict.example : ref.example "));
    }

    @Test
    void aDoubledSeparatorIsData() {
        assertEquals(List.of("a:b", "c"), StringList.items("a::b:c"));
    }

    @Test
    void anotherSeparator() {
        assertEquals(List.of("a:b", "c"), StringList.items("<; a:b ; c"));
        assertEquals(List.of("a;b"), StringList.items("<;a;;b"));
    }

    @Test
    void anEmptyItemInsideIsKeptButNotAtTheEnd() {
        assertEquals(List.of("a", "", "b"), StringList.items("a : : b:"));
        assertEquals(List.of(), StringList.items("   "));
    }

    @Test
    void itemsAreCutAsEximsBufferCutsThem() {
        assertEquals(List.of("x".repeat(255), "y"), StringList.items("x".repeat(300) + ":y"));
    }
}
