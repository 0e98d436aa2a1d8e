package org.osprey.mta.lookup.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Exim's lf_quote, on the examples of the spec ("SQL lookups") and of Exim's tests 2600 and 2620. */
class ResultTextTest {

    @Test
    void quotesValuesThatAreEmptyHoldWhiteSpaceOrStartWithAQuote() {
        assertEquals("home=/home/userx name=\"Mister X\" ", pairs("home", "/home/userx", "name", "Mister X"));
        assertEquals("id=nothing name=\"\" ", pairs("id", "nothing", "name", ""));
        assertEquals("name=\"\\\"stquot\" id=quote2 ", pairs("name", "\"stquot", "id", "quote2"));
        assertEquals("name=\"x\tx\" id=tab ", pairs("name", "x\tx", "id", "tab"));
        assertEquals("name=\"before\r\nafter\" ", pairs("name", "before\r\nafter"));
        assertEquals("name=it's id=its ", pairs("name", "it's", "id", "its"));
    }

    @Test
    void escapesQuotesAndBackslashesOnlyInQuotedValues() {
        assertEquals("a=x\"y\\z b=\"x \\\"y\\\\z\" ", pairs("a", "x\"y\\z", "b", "x \"y\\z"));
    }

    private static String pairs(String... namesAndValues) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            ResultText.appendPair(text, namesAndValues[i], namesAndValues[i + 1]);
        }
        return text.toString();
    }
}
