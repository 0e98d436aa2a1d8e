package org.osprey.mta.core.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentClientTest {
    @Test
    void theUserIdFollowsTheThirdColon() {
        assertEquals(Optional.of("root"), IdentClient.parse("12345 , 25 : USERID : UNIX :root", 12345, 25));
        assertEquals(Optional.of("bob smith"), IdentClient.parse("12345,25:USERID:UNIX,US-ASCII:   bob smith", 12345, 25));
        assertEquals(Optional.of("a\\tb"), IdentClient.parse("1 , 2 : USERID : OTHER : a\tb", 1, 2));
    }

    @Test
    void otherRepliesGiveNothing() {
        assertEquals(Optional.empty(), IdentClient.parse("12345 , 25 : ERROR : NO-USER", 12345, 25));
        assertEquals(Optional.empty(), IdentClient.parse("12345 , 26 : USERID : UNIX : root", 12345, 25));
        assertEquals(Optional.empty(), IdentClient.parse("12345 , 25 : USERID : UNIX :   ", 12345, 25));
    }

    @Test
    void idsAreCutAt127Characters() {
        String id = "x".repeat(200);
        assertEquals(127, IdentClient.parse("1,2:USERID:UNIX:" + id, 1, 2).get().length());
    }
}
