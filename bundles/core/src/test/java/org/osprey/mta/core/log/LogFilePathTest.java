package org.osprey.mta.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogFilePathTest {
    private static final Path SPOOL = Path.of("/var/spool/osprey");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 22);

    private static String file(String setting, LogFile log) {
        return LogFilePath.parse(setting, SPOOL).file(log, DAY).map(Path::toString).orElse(null);
    }

    @Test
    void percentSNamesTheThreeLogs() {
        assertEquals("/var/log/exim4/mainlog", file("/var/log/exim4/%slog", LogFile.MAIN));
        assertEquals("/var/log/exim4/rejectlog", file("/var/log/exim4/%slog", LogFile.REJECT));
        assertEquals("/var/log/exim4/paniclog", file("/var/log/exim4/%slog", LogFile.PANIC));
        assertEquals("/l/main-100%", file("/l/%s-100%%", LogFile.MAIN));
    }

    @Test
    void datestamps() {
        assertEquals("/var/log/main-20261122.log", file("/var/log/%s-%D.log", LogFile.MAIN));
        assertEquals("/var/log/reject-202611.log", file("/var/log/%s-%M.log", LogFile.REJECT));
        assertTrue(LogFilePath.parse("/var/log/%s-%D.log", SPOOL).datestamped());
        assertEquals("20261122", LogFilePath.parse("/l/%slog.%D", SPOOL).datestamp(DAY));
        assertEquals("", LogFilePath.parse("/l/%slog", SPOOL).datestamp(DAY));
    }

    @Test
    void thePanicLogHasNoDatestampAndLosesOneNeighbour() {
        assertEquals("/var/log/panic.log", file("/var/log/%s-%D.log", LogFile.PANIC));
        assertEquals("/var/log/paniclog", file("/var/log/%D-%slog", LogFile.PANIC));
        assertEquals("/var/log/paniclog", file("/var/log/%slog.%D", LogFile.PANIC));
    }

    @Test
    void syslogAndFilesAndTheDefault() {
        LogFilePath both = LogFilePath.parse("syslog : /var/log/%slog", SPOOL);
        assertTrue(both.syslog());
        assertEquals("/var/log/%slog", both.pattern().orElseThrow());
        LogFilePath only = LogFilePath.parse("syslog", SPOOL);
        assertTrue(only.syslog());
        assertTrue(only.pattern().isEmpty());
        assertTrue(only.file(LogFile.MAIN, DAY).isEmpty());
        LogFilePath empty = LogFilePath.parse(":syslog", SPOOL);
        assertEquals("/var/spool/osprey/log/%slog", empty.pattern().orElseThrow());
        assertTrue(empty.syslog());
        assertFalse(LogFilePath.parse("syslog:", SPOOL).pattern().isPresent());
        assertNull(both.complaint());
    }

    @Test
    void aSecondPathIsIgnoredWithAComplaint() {
        LogFilePath p = LogFilePath.parse("/a/%slog : /b/%slog", SPOOL);
        assertEquals("/a/%slog", p.pattern().orElseThrow());
        assertEquals("More than one path given in log_file_path: using /a/%slog", p.complaint());
    }

    @Test
    void otherSeparatorsAndDoubledColons() {
        assertEquals(List.of("a:b", "c"), LogFilePath.items("a::b : c"));
        assertEquals(List.of("/x/%slog", "syslog"), LogFilePath.items("<; /x/%slog ; syslog"));
    }

    @Test
    void nothingAtAllIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> LogFilePath.parse("", SPOOL));
    }
}
