package org.osprey.mta.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DaemonOptionsTest {
    @Test
    void daemonOptions() throws Exception {
        CommandLine l = CommandLine.parse(new String[] {"-bd", "-q30m", "-oX", "<; 127.0.0.1.2525 ; 2526", "-oP",
                "/tmp/x.pid", "-tls-on-connect"});
        assertTrue(l.daemon());
        assertFalse(l.daemonForeground());
        assertEquals(Duration.ofMinutes(30), l.queueInterval());
        assertEquals("<; 127.0.0.1.2525 ; 2526", l.interfacesOverride());
        assertEquals("/tmp/x.pid", l.pidFileOverride());
        assertTrue(l.tlsOnConnect());
        assertFalse(l.submits());
        CommandLine f = CommandLine.parse(new String[] {"-bdf"});
        assertTrue(f.daemon() && f.daemonForeground());
        assertNull(f.interfacesOverride());
    }

    @Test
    void badDaemonOptions() {
        assertThrows(BadOptionException.class, () -> CommandLine.parse(new String[] {"-bdx"}));
        assertThrows(BadOptionException.class, () -> CommandLine.parse(new String[] {"-bd", "-oX"}));
        assertThrows(UsageException.class, () -> CommandLine.parse(new String[] {"-bd", "-bp"}));
    }
}
