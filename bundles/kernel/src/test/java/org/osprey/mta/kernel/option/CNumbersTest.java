package org.osprey.mta.kernel.option;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CNumbersTest {

    @Test
    void strtolDetectsTheBaseAndOverflow() {
        assertEquals(16, CNumbers.strtol("0x10", 0, 0).value());
        assertEquals(8, CNumbers.strtol("010", 0, 0).value());
        assertEquals(1, CNumbers.strtol("0x", 0, 0).end(), "0x with no hex digit after it reads the 0 only");
        assertTrue(CNumbers.strtol("99999999999999999999", 0, 0).overflow());
        assertEquals(0, CNumbers.strtol("abc", 0, 0).end(), "nothing read: the end is the start");
    }

    @Test
    void scanIntKeepsTheLow32Bits() {
        assertEquals(1215752191, CNumbers.scanInt("99999999999", 0).value());
        assertEquals(-7, CNumbers.scanInt("  -7x", 0).value());
        assertNull(CNumbers.scanInt("x", 0));
    }

    @Test
    void timesAreReadWithEximsUnitsAndWrapping() {
        assertEquals(5400, TimeValues.parse("1h30m"));
        assertEquals(-1, TimeValues.parse("30"));
        assertTrue(TimeValues.parse("4000w") < 0, "wraps negative, as in C");
        assertEquals(90, TimeValues.parse("90s:5m", 0, ':'), "a time ends at its terminator");
        assertEquals("1w2d3h4m5s", TimeValues.format(788645));
        assertEquals("0s", TimeValues.format(0));
    }
}
