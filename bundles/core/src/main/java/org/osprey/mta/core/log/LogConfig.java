package org.osprey.mta.core.log;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;

/**
 * The main options that shape logging, read once from a {@link Configuration}:
 * {@code log_file_path}, {@code log_selector}, {@code log_timezone}, {@code timezone} (a
 * value of {@code utc} makes Exim's timestamps_utc), the {@code syslog_*} options and
 * {@code write_rejectlog}.
 *
 * @param zone the zone timestamps are written in
 * @param facility the syslog facility code (mail is 2)
 * @param writeRejectlog {@code write_rejectlog}: when false nothing goes to the reject log
 */
public record LogConfig(LogFilePath path, LogSelector selector, boolean logTimezone, ZoneId zone,
        boolean timestampsUtc, int facility, String processName, boolean syslogDuplication, boolean syslogPid,
        boolean syslogTimestamp, boolean writeRejectlog) {

    public LogConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(zone, "zone");
    }

    /** Files from a path pattern, default selectors and syslog settings, local time. */
    public static LogConfig files(String pattern, LogSelector selector) {
        return new LogConfig(LogFilePath.parse(pattern, Path.of("/var/spool/exim4")), selector, false,
                ZoneId.systemDefault(), false, SyslogSender.facility(null), "exim", true, true, true, true);
    }

    /**
     * Reads the options from a configuration; {@code expander} expands {@code log_file_path}
     * (Exim expands it) and may be the identity when it holds no {@code $}.
     *
     * @throws IllegalArgumentException for an unknown syslog_facility or a log_file_path
     *         that names nothing
     */
    public static LogConfig from(Configuration config, UnaryOperator<String> expander) {
        String spool = config.get(MainOptions.SPOOL_DIRECTORY);
        LogFilePath path = LogFilePath.parse(expander.apply(config.get(MainOptions.LOG_FILE_PATH)),
                Path.of(spool == null ? "/var/spool/exim4" : spool));
        String tz = config.get(MainOptions.TIMEZONE);
        boolean utc = tz != null && tz.toLowerCase(Locale.ROOT).equals("utc");
        ZoneId zone = utc ? ZoneId.of("UTC") : tz == null || tz.isEmpty() ? ZoneId.systemDefault() : zoneOf(tz);
        return new LogConfig(path, LogSelector.parse(config.get(MainOptions.LOG_SELECTOR)),
                Boolean.TRUE.equals(config.get(MainOptions.LOG_TIMEZONE)), zone, utc,
                SyslogSender.facility(config.get(MainOptions.SYSLOG_FACILITY)),
                config.get(MainOptions.SYSLOG_PROCESSNAME),
                !Boolean.FALSE.equals(config.get(MainOptions.SYSLOG_DUPLICATION)),
                !Boolean.FALSE.equals(config.get(MainOptions.SYSLOG_PID)),
                !Boolean.FALSE.equals(config.get(MainOptions.SYSLOG_TIMESTAMP)),
                !Boolean.FALSE.equals(config.get(MainOptions.WRITE_REJECTLOG)));
    }

    public LogConfig withSelector(LogSelector s) {
        return new LogConfig(path, s, logTimezone, zone, timestampsUtc, facility, processName, syslogDuplication,
                syslogPid, syslogTimestamp, writeRejectlog);
    }

    public LogConfig withZone(ZoneId z, boolean utc, boolean showZone) {
        return new LogConfig(path, selector, showZone, z, utc, facility, processName, syslogDuplication, syslogPid,
                syslogTimestamp, writeRejectlog);
    }

    public LogConfig withSyslog(int facilityCode, String name, boolean duplication, boolean pid, boolean timestamp) {
        return new LogConfig(path, selector, logTimezone, zone, timestampsUtc, facilityCode, name, duplication, pid,
                timestamp, writeRejectlog);
    }

    public LogConfig withWriteRejectlog(boolean write) {
        return new LogConfig(path, selector, logTimezone, zone, timestampsUtc, facility, processName, syslogDuplication,
                syslogPid, syslogTimestamp, write);
    }

    private static ZoneId zoneOf(String tz) {
        try {
            return ZoneId.of(tz);
        } catch (RuntimeException e) {
            return ZoneId.systemDefault();
        }
    }
}
