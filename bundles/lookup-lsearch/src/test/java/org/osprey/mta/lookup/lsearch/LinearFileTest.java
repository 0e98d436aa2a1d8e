package org.osprey.mta.lookup.lsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinearFileTest {

    static String data(String content, String key) {
        LinearFile.Entry entry = LinearFile.parse(content).exact(key);
        return entry == null ? null : entry.data();
    }

    @Test
    void theKeyEndsAtAColonOrWhiteSpaceAndOneColonMayFollow() {
        String file = "a: one\nb two\nc :  three\nd::four\ne\n";
        assertEquals("one", data(file, "a"));
        assertEquals("two", data(file, "b"));
        assertEquals("three", data(file, "c"));
        assertEquals(":four", data(file, "d"));
        assertEquals("", data(file, "e"));
    }

    @Test
    void keysMatchIgnoringAsciiCaseOnlyAndTheFirstWins() {
        String file = "Key: first\nkey: second\nÉté: summer\n";
        assertEquals("first", data(file, "KEY"));
        assertEquals("summer", data(file, "Été"));
        assertNull(data(file, "été"));
    }

    @Test
    void quotedKeysTakeEscapesAndMayHoldColonsAndSpaces() {
        String file = "\"a:b c\": one\n\"t\\tx\\x41\\101\\\"q\\\\\"   :  two\n\"open\n";
        assertEquals("one", data(file, "a:b c"));
        assertEquals("two", data(file, "t\txAA\"q\\"));
        assertEquals("", data(file, "open"));
    }

    @Test
    void continuationLinesJoinWithOneSpaceUntilABlankOrCommentLine() {
        String file = "a:\n  x\n\ty\nb: 1\n# note\n  2\nc: 1\n\n  2\nd: after\n";
        assertEquals(" x y", data(file, "a"));
        assertEquals("1", data(file, "b"));
        assertEquals("1", data(file, "c"));
        assertEquals("after", data(file, "d"));
    }

    @Test
    void trailingSpaceIsTrimmedOnlyFromLinesWithANewline() {
        assertEquals("two more", data("crlf: two  \r\n  more\r\n", "crlf"));
        assertEquals("kept   ", data("x: 1\nlast: kept   ", "last"));
    }

    @Test
    void commentsBlankAndIndentedLinesAreNeverKeys() {
        LinearFile file = LinearFile.parse("# c: 1\n\n  indented: 2\nreal: 3\n");
        assertEquals(List.of("real"), file.entries().stream().map(LinearFile.Entry::key).toList());
    }

    @Test
    void theFullEntryIsTheLineWithTheKeyUnquoted() {
        LinearFile file = LinearFile.parse("plain  :  data\n  more\n\"quoted key\": q\n");
        assertEquals("plain  :  data more", file.exact("plain").full());
        assertEquals("quoted key: q", file.exact("quoted key").full());
    }
}
