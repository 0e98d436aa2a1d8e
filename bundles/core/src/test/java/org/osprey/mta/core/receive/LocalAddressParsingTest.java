package org.osprey.mta.core.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The local part affixes of local submissions (the address parsing itself is the kernel's Rfc822). */
class LocalAddressParsingTest {

    @Test
    void prefixes_and_suffixes_with_wildcards() {
        assertEquals(2, LocalSubmission.checkPrefix("x-nobody", "*-"));
        assertEquals(0, LocalSubmission.checkPrefix("nobody", "*-"));
        assertEquals(4, LocalSubmission.checkPrefix("ab--cd", "*-"));
        assertEquals(5, LocalSubmission.checkPrefix("list-x", "owner- : list-"));
        assertEquals(2, LocalSubmission.checkSuffix("nobody+y", "+*"));
        assertEquals(4, LocalSubmission.checkSuffix("nobody-rqt", "-rqt"));
        assertEquals(0, LocalSubmission.checkSuffix("-rqt", "-rqt"));
    }
}
