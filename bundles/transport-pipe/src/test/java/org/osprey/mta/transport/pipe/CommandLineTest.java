package org.osprey.mta.transport.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.transport.CommandWords;

/** Exim's splitting of a command into words (transport_set_up_command and string_dequote). */
class CommandLineTest {

    @Test
    void wordsEndAtWhiteSpace() {
        assertEquals(List.of("/bin/cmd", "a", "b"), CommandWords.split("  /bin/cmd \t a  b  ", 10));
    }

    @Test
    void singleQuotesKeepEverythingAsItIs() {
        assertEquals(List.of("/bin/sh", "-c", "echo \"x\" \\n"), CommandWords.split("/bin/sh -c 'echo \"x\" \\n'", 10));
    }

    @Test
    void doubleQuotesKeepSpacesAndInterpretEscapes() {
        assertEquals(List.of("a b", "q\"t\t\101\u0001\u00ff"),
                CommandWords.split("\"a b\" \"q\\\"t\\t\\101\\1\\xff\"", 10));
    }

    @Test
    void quotesCountOnlyAtTheStartOfAWord() {
        assertEquals(List.of("a'b", "c'"), CommandWords.split("a'b c'", 10));
    }

    @Test
    void anUnclosedQuoteRunsToTheEnd() {
        assertEquals(List.of("a", "b c"), CommandWords.split("a 'b c", 10));
    }

    @Test
    void tooManyWords() {
        assertNull(CommandWords.split("a b c", 2));
    }
}
