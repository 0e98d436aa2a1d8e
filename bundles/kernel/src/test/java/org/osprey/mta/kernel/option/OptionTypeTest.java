package org.osprey.mta.kernel.option;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values and messages recorded from Exim 4.96 ({@code exim -bP} on a file setting the option). */
class OptionTypeTest {

    @ParameterizedTest
    @CsvSource({
        "0x10, 16",       // strtol base 0: hex
        "010, 8",         // and leading-zero octal
        "2K, 2048",
        "1m, 1048576",    // suffixes are case-insensitive
        "-5, -5",
        "'  7 ', 7",
    })
    void integersAreReadAsEximReadsThem(String text, int expected) throws OptionValueException {
        assertEquals(expected, OptionType.INTEGER.parse("smtp_accept_max", text.strip()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1x | extra characters follow integer value for smtp_accept_max",
        "1 # c | extra characters follow integer value for smtp_accept_max (# is comment only at line start)",
        "3G | absolute value of integer \"3G\" is too large (overflow)",
        "99999999999 | absolute value of integer \"99999999999\" is too large (overflow)",
        "abc | integer expected for smtp_accept_max",
        "08 | extra characters follow integer value for smtp_accept_max",
    })
    void badIntegersGetEximsWords(String text, String message) {
        OptionValueException e = assertThrows(OptionValueException.class,
                () -> OptionType.INTEGER.parse("smtp_accept_max", text));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0600, 384, 0600", "755, 493, 0755", "0, 0, 0"})  // printf's %#o
    void octalModes(String text, int expected, String printed) throws OptionValueException {
        int mode = OptionType.OCTAL.parse("mode", text);
        assertEquals(expected, mode);
        assertEquals(printed, OptionType.OCTAL.format(mode));
    }

    @ParameterizedTest
    @CsvSource({
        "1.5, 1.5",
        "2.25, 2.25",
        "3, 3.0",
        "1.2345, 1.234",  // Exim keeps three decimals and drops the rest
        "1., 1.0",
        "0.001, 0.001",
    })
    void fixedPointValuesPrintAsEximPrintsThem(String text, String printed) throws OptionValueException {
        BigDecimal value = OptionType.FIXED_POINT.parse("queue_only_load", text);
        assertEquals(printed, OptionType.FIXED_POINT.format(value));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ".5 | fixed-point number expected for queue_only_load",
        "1.5x | extra characters follow fixed-point value for queue_only_load",
    })
    void badFixedPointValues(String text, String message) {
        OptionValueException e = assertThrows(OptionValueException.class,
                () -> OptionType.FIXED_POINT.parse("queue_only_load", text));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "90m, 5400, 1h30m",
        "24h, 86400, 1d",
        "1w2d3h4m5s, 788645, 1w2d3h4m5s",
        "0s, 0, 0s",
        "2h2h, 14400, 4h",
    })
    void timesReadAndPrintAsExim(String text, long seconds, String printed) throws OptionValueException {
        Duration value = OptionType.TIME.parse("retry_interval_max", text);
        assertEquals(seconds, value.getSeconds());
        assertEquals(printed, OptionType.TIME.format(value));
    }

    @ParameterizedTest
    @CsvSource({"30", "1h30", "h", "1x", "''", "1.5s", "1h 30m"})
    void aTimeNeedsAUnitAfterEveryNumber(String text) {
        OptionValueException e = assertThrows(OptionValueException.class,
                () -> OptionType.TIME.parse("smtp_receive_timeout", text));
        assertEquals("invalid time value for smtp_receive_timeout", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"true, true", "YES, true", "false, false", "no, false"})
    void booleans(String text, boolean expected) throws OptionValueException {
        assertEquals(expected, OptionType.BOOLEAN.parse("split_spool_directory", text));
    }

    @ParameterizedTest
    @CsvSource({"maybe, maybe", "on, on", "1, ''"})  // Exim reads a name: "1" is no word at all
    void otherWordsAreNotBooleans(String text, String word) {
        OptionValueException e = assertThrows(OptionValueException.class,
                () -> OptionType.BOOLEAN.parse("split_spool_directory", text));
        assertEquals("\"" + word + "\" is not a valid value for the \"split_spool_directory\" option", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "yes please | extra characters follow \"yes\" for boolean option split_spool_directory",
        "no # comment | extra characters follow \"no\" for boolean option split_spool_directory"
                + " (# is comment only at line start)",
    })
    void aBooleanIsOneWord(String text, String message) {
        OptionValueException e = assertThrows(OptionValueException.class,
                () -> OptionType.BOOLEAN.parse("split_spool_directory", text));
        assertEquals(message, e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void timesWrapAt32BitsAsEximsDo() {
        // 4000 weeks overflows to a negative number: not a time.
        assertThrows(OptionValueException.class, () -> OptionType.TIME.parse("retry_interval_max", "4000w"));
        // sscanf("%d") keeps the low 32 bits of a long number (Exim 4.96 accepts this one).
        assertEquals(1215752191, TimeValues.parse("99999999999s"));
    }
}
