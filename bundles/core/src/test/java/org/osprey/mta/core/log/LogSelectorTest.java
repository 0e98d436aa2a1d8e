package org.osprey.mta.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class LogSelectorTest {
    @Test
    void everySelectorOspreyActsOnIsOneEximKnows() {
        for (Selector s : Selector.values()) {
            assertTrue(LogSelector.names().contains(s.eximName()), s.eximName());
        }
    }

    @Test
    void defaultsAreEximsLogDefault() {
        LogSelector d = LogSelector.defaults();
        assertTrue(d.on(Selector.TLS_CIPHER));
        assertTrue(d.on(Selector.RETRY_DEFER));
        assertTrue(d.on(Selector.QUEUE_TIME_EXCLUSIVE));
        assertTrue(d.on(Selector.HOST_LOOKUP_FAILED));
        assertFalse(d.on(Selector.SUBJECT));
        assertFalse(d.on(Selector.PID));
        assertEquals(20, d.enabled().size());
        assertEquals(d.enabled(), LogSelector.parse(null).enabled());
        assertEquals(d.enabled(), LogSelector.parse("=123").enabled());
    }

    @Test
    void plusAndMinusInOrder() {
        LogSelector s = LogSelector.parse(" +subject -tls_cipher +queue_time -host_lookup_failed +subject");
        assertTrue(s.on(Selector.SUBJECT));
        assertTrue(s.on(Selector.QUEUE_TIME));
        assertFalse(s.on(Selector.TLS_CIPHER));
        assertFalse(s.on(Selector.HOST_LOOKUP_FAILED));
        LogSelector packed = LogSelector.parse("+subject+pid-tls_cipher");
        assertTrue(packed.on(Selector.SUBJECT));
        assertTrue(packed.on(Selector.PID));
        assertFalse(packed.on(Selector.TLS_CIPHER));
    }

    @Test
    void allAndMinusAll() {
        LogSelector all = LogSelector.parse("+all -pid");
        assertTrue(all.on(Selector.MILLISEC));
        assertTrue(all.on("arguments"));
        assertFalse(all.on(Selector.PID));
        assertFalse(all.on("all"));
        assertEquals(Set.of("subject"), LogSelector.parse("-all +subject").enabled());
    }

    @Test
    void rejectedHeadersIsAnotherNameForRejectedHeader() {
        assertFalse(LogSelector.parse("-rejected_headers").on(Selector.REJECTED_HEADER));
        assertTrue(LogSelector.defaults().on("rejected_headers"));
    }
}
