package org.osprey.mta.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.config.ConfigLoader;
import org.osprey.mta.core.config.Configuration;

/** The logging options as the configuration reader hands them over. */
class LogConfigTest {
    @TempDir
    Path dir;

    private LogConfig read(String text) throws Exception {
        Path file = dir.resolve("configure");
        Files.writeString(file, text);
        Configuration c = ConfigLoader.load(file, Map.of(), (kind, name) -> Optional.empty());
        return LogConfig.from(c, UnaryOperator.identity());
    }

    @Test
    void defaults() throws Exception {
        LogConfig c = read("begin routers\n");
        assertEquals("/var/log/exim4/%slog", c.path().pattern().orElseThrow());
        assertFalse(c.path().syslog());
        assertEquals(LogSelector.defaults().enabled(), c.selector().enabled());
        assertFalse(c.logTimezone());
        assertFalse(c.timestampsUtc());
        assertEquals(2, c.facility());
        assertEquals("exim", c.processName());
        assertTrue(c.syslogDuplication());
        assertTrue(c.syslogTimestamp());
        assertTrue(c.writeRejectlog());
    }

    @Test
    void everyLoggingOption() throws Exception {
        LogConfig c = read("log_file_path = syslog : /var/log/osprey/%s-%D\n"
                + "log_selector = +subject -retry_defer +pid\n"
                + "log_timezone = true\n"
                + "timezone = UTC\n"
                + "syslog_facility = local4\n"
                + "syslog_processname = osprey\n"
                + "syslog_duplication = false\n"
                + "syslog_timestamp = false\n"
                + "syslog_pid = false\n"
                + "write_rejectlog = false\n");
        assertTrue(c.path().syslog());
        assertTrue(c.path().datestamped());
        assertTrue(c.selector().on(Selector.SUBJECT));
        assertFalse(c.selector().on(Selector.RETRY_DEFER));
        assertTrue(c.logTimezone());
        assertTrue(c.timestampsUtc());
        assertEquals(ZoneId.of("UTC").normalized(), c.zone().normalized());
        assertEquals(20, c.facility());
        assertEquals("osprey", c.processName());
        assertFalse(c.syslogDuplication());
        assertFalse(c.syslogTimestamp());
        assertFalse(c.syslogPid());
        assertFalse(c.writeRejectlog());
        assertEquals(ZoneOffset.UTC, c.zone().normalized());
    }
}
