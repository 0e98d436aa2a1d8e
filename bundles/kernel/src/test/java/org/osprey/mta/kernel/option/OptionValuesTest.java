package org.osprey.mta.kernel.option;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;

class OptionValuesTest {
    static final Option<Duration> CONNECT_TIMEOUT = Option.time("connect_timeout", Duration.ofMinutes(5));
    static final Option<Integer> MAX_RCPT = Option.integer("max_rcpt", 100).expanded();
    static final Option<String> HELO_DATA = Option.string("helo_data", "$primary_hostname").expanded();
    static final Option<String> INTERFACE = Option.string("interface");
    static final OptionTable TABLE = OptionTable.of(MAX_RCPT, CONNECT_TIMEOUT, HELO_DATA, INTERFACE);

    /** Replaces $primary_hostname and $n; enough to see that expansion happens at the right time. */
    static final Expander EXPANDER = new Expander() {
        @Override
        public String expand(String template) throws ExpansionException {
            if (template.contains("${fail}")) {
                throw ExpansionException.forcedFailure("forced failure");
            }
            return template.replace("$primary_hostname", "mx.example").replace("$n", "7");
        }

        @Override
        public Expander with(Map<String, String> variables) {
            return this;
        }
    };

    @Test
    void theTableIsSortedByName() {
        assertEquals(java.util.List.of("connect_timeout", "helo_data", "interface", "max_rcpt"),
                TABLE.options().stream().map(Option::name).toList());
    }

    @Test
    void twoOptionsWithOneNameAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> OptionTable.of(Option.string("port"), Option.integer("port", 25)));
    }

    @Test
    void aStringKeepsItsBlanksAsTheConfigurationGaveThem() throws Exception {
        OptionValues values = OptionValues.builder(TABLE).set("helo_data", "From ").set("max_rcpt", " 7 ").build();
        assertEquals("From ", values.text(HELO_DATA).orElseThrow());
        assertEquals(7, values.expand(MAX_RCPT, EXPANDER));
    }

    @Test
    void unsetOptionsHaveTheirDefaults() throws Exception {
        OptionValues values = OptionValues.builder(TABLE).build();
        assertEquals(Duration.ofMinutes(5), values.get(CONNECT_TIMEOUT));
        assertNull(values.get(INTERFACE));
        assertFalse(values.isSet(CONNECT_TIMEOUT));
        assertEquals(100, values.expand(MAX_RCPT, EXPANDER));
        assertEquals("mx.example", values.expand(HELO_DATA, EXPANDER), "a string default is expanded too");
    }

    @Test
    void plainValuesAreParsedWhenSet() throws Exception {
        OptionValues values = OptionValues.builder(TABLE).set("connect_timeout", " 30s ").build();
        assertTrue(values.isSet(CONNECT_TIMEOUT));
        assertEquals(Duration.ofSeconds(30), values.get(CONNECT_TIMEOUT));
        assertEquals("30s", values.text(CONNECT_TIMEOUT).orElseThrow());
    }

    @Test
    void expandedValuesAreCheckedAfterExpansion() throws Exception {
        OptionValues values = OptionValues.builder(TABLE).set("max_rcpt", "$n").build();
        assertEquals(7, values.expand(MAX_RCPT, EXPANDER));

        OptionValues bad = OptionValues.builder(TABLE).set("max_rcpt", "$n$n x").build();
        OptionValueException e = assertThrows(OptionValueException.class, () -> bad.expand(MAX_RCPT, EXPANDER));
        assertEquals("extra characters follow integer value for max_rcpt", e.getMessage());
    }

    @Test
    void aForcedFailureReachesTheDriverAsSuch() throws Exception {
        OptionValues values = OptionValues.builder(TABLE).set("helo_data", "${fail}").build();
        ExpansionException e = assertThrows(ExpansionException.class, () -> values.expand(HELO_DATA, EXPANDER));
        assertTrue(e.isForcedFailure());
    }

    @Test
    void unknownOptionsAndBadValuesAreRefusedInEximsWords() {
        OptionValues.Builder builder = OptionValues.builder(TABLE);
        assertEquals("option \"bogus\" unknown",
                assertThrows(OptionValueException.class, () -> builder.set("bogus", "1")).getMessage());
        assertEquals("invalid time value for connect_timeout",
                assertThrows(OptionValueException.class, () -> builder.set("connect_timeout", "30")).getMessage());
    }

    @Test
    void expandedOptionsCannotBeReadUnexpanded() {
        OptionValues values = OptionValues.builder(TABLE).build();
        assertThrows(IllegalArgumentException.class, () -> values.get(MAX_RCPT));
    }

    @Test
    void optionsOfAnotherTableAreRefused() {
        OptionValues values = OptionValues.builder(TABLE).build();
        assertThrows(IllegalArgumentException.class, () -> values.get(Option.string("interface")));
    }
}
