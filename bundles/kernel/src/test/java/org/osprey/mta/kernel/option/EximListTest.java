package org.osprey.mta.kernel.option;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EximListTest {

    @Test
    void colonSeparatedWithSpaceTrimmed() {
        assertEquals(List.of("a", "b c", "d"), EximList.items("  a : b c:d  "));
        assertEquals(List.of(), EximList.items(""));
        assertEquals(List.of(), EximList.items("   "));
    }

    @Test
    void aDoubledSeparatorStandsForItself() {
        assertEquals(List.of("mail.example:2525", "b"), EximList.items("mail.example::2525 : b"));
        assertEquals(List.of(":x"), EximList.items("::x"));
        assertEquals(List.of("a;b", "c"), EximList.items("<;a;;b;c"));
    }

    @Test
    void emptyItemsAreItemsButATrailingSeparatorEndsTheList() {
        assertEquals(List.of("a", "", "b"), EximList.items("a: :b"));
        assertEquals(List.of("", "a"), EximList.items(":a"));
        assertEquals(List.of("a"), EximList.items("a:"));
        assertEquals(List.of("a", "b"), EximList.nonEmptyItems("a: : b :"));
    }

    @Test
    void aLeadingLessThanAndPunctuationChangesTheSeparator() {
        assertEquals(List.of("[2001:db8::1]:26", "h"), EximList.items("<; [2001:db8::1]:26 ; h"));
        assertEquals(List.of("Username:", "Password:"), EximList.items("<| Username:| Password:"));
        assertEquals(List.of("x", "y"), EximList.items("<\nx\ny"), "a control character is a separator");
        assertEquals(List.of("a", "", "b"), EximList.items("<\na\n\nb"), "a control character is never doubled");
    }

    @Test
    void withoutPunctuationTheLessThanIsData() {
        assertEquals(List.of("<a", "b"), EximList.items("<a:b"));
        assertEquals(List.of("< x"), EximList.items("< x"));
        assertEquals(List.of("<"), EximList.items("<"));
    }
}
