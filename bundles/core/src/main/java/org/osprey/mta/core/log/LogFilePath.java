package org.osprey.mta.core.log;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code log_file_path} (already expanded) as Exim 4.96's log.c reads it: a list (colon
 * separated unless it starts with {@code <} and another separator; as in Exim's
 * string_nextinlist, nothing after the last separator is no item) whose items are
 * {@code syslog} or a file name pattern. The first pattern wins; a second one is ignored with
 * a complaint ({@link #complaint()}). An empty item means {@code <spool>/log/%slog}.
 *
 * <p>In a pattern {@code %s} is {@code main}, {@code reject} or {@code panic};
 * {@code %D} is the date as {@code yyyymmdd} and {@code %M} as {@code yyyymm} (a datestamped
 * file, reopened when the date changes), and {@code %%} is a percent sign. The panic log never
 * carries a datestamp: Exim removes it with one adjacent non-alphanumeric character (the one
 * after it when it starts the name, else the one before).
 */
public final class LogFilePath {
    private final boolean syslog;
    private final String pattern;
    private final String complaint;

    private LogFilePath(boolean syslog, String pattern, String complaint) {
        this.syslog = syslog;
        this.pattern = pattern;
        this.complaint = complaint;
    }

    /**
     * Reads the setting.
     *
     * @throws IllegalArgumentException when it names neither syslog nor a file, as Exim
     *         dies with "Neither syslog nor file logging set in log_file_path"
     */
    public static LogFilePath parse(String setting, Path spoolDirectory) {
        boolean syslog = false;
        String pattern = null;
        boolean multiple = false;
        for (String item : items(setting == null ? "" : setting)) {
            if (item.equals("syslog")) {
                syslog = true;
            } else if (pattern != null) {
                multiple = true;
            } else {
                pattern = item.isEmpty() ? spoolDirectory.resolve("log").toString() + "/%slog" : item;
            }
        }
        if (!syslog && pattern == null) {
            throw new IllegalArgumentException("Neither syslog nor file logging set in log_file_path");
        }
        return new LogFilePath(syslog, pattern,
                multiple ? "More than one path given in log_file_path: using " + pattern : null);
    }

    /** Whether lines go to syslog. */
    public boolean syslog() {
        return syslog;
    }

    /** The file name pattern, when lines go to files. */
    public Optional<String> pattern() {
        return Optional.ofNullable(pattern);
    }

    /** The panic line Exim writes when more than one file pattern is given, or null. */
    public String complaint() {
        return complaint;
    }

    /** Whether the pattern has a %D or %M datestamp. */
    public boolean datestamped() {
        return pattern != null && datestampKind(pattern) != 0;
    }

    /** The file for a log on a date, or empty when there are no log files. */
    public Optional<Path> file(LogFile log, LocalDate date) {
        if (pattern == null) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        int stampStart = -1;
        int stampEnd = -1;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 >= pattern.length()) {
                out.append(c);
                continue;
            }
            char d = pattern.charAt(++i);
            switch (d) {
                case 's' -> out.append(log.tag());
                case '%' -> out.append('%');
                case 'D', 'M' -> {
                    stampStart = out.length();
                    out.append(String.format("%04d%02d", date.getYear(), date.getMonthValue()));
                    if (d == 'D') {
                        out.append(String.format("%02d", date.getDayOfMonth()));
                    }
                    stampEnd = out.length();
                }
                default -> out.append('%').append(d);
            }
        }
        if (log == LogFile.PANIC && stampStart >= 0) {
            int from = stampStart;
            int to = stampEnd;
            if (from == 0 || out.charAt(from - 1) == '/') {
                if (to < out.length() && !Character.isLetterOrDigit(out.charAt(to))) {
                    to++;
                }
            } else if (!Character.isLetterOrDigit(out.charAt(from - 1))) {
                from--;
            }
            out.delete(from, to);
        }
        return Optional.of(Path.of(out.toString()));
    }

    /** The datestamp text that names the file on a date ("" without %D/%M): a change means reopen. */
    String datestamp(LocalDate date) {
        return switch (pattern == null ? 0 : datestampKind(pattern)) {
            case 'D' -> String.format("%04d%02d%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
            case 'M' -> String.format("%04d%02d", date.getYear(), date.getMonthValue());
            default -> "";
        };
    }

    private static char datestampKind(String p) {
        for (int i = 0; i + 1 < p.length(); i++) {
            if (p.charAt(i) == '%') {
                char d = p.charAt(++i);
                if (d == 'D' || d == 'M') {
                    return d;
                }
            }
        }
        return 0;
    }

    /** Exim's string_nextinlist: the separator, doubled to stand for itself, items trimmed. */
    static List<String> items(String list) {
        char sep = ':';
        int i = 0;
        String s = list.strip();
        if (s.length() >= 2 && s.charAt(0) == '<' && !Character.isLetterOrDigit(s.charAt(1))
                && !Character.isWhitespace(s.charAt(1))) {
            sep = s.charAt(1);
            i = 2;
        }
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        boolean pending = false;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == sep) {
                if (i + 1 < s.length() && s.charAt(i + 1) == sep) {
                    item.append(sep);
                    i++;
                    continue;
                }
                items.add(item.toString().strip());
                item.setLength(0);
                pending = false;
            } else {
                item.append(c);
                pending |= !Character.isWhitespace(c);
            }
        }
        if (pending) {
            items.add(item.toString().strip());
        }
        return items;
    }

    @Override
    public String toString() {
        return (syslog ? "syslog" : "") + (syslog && pattern != null ? " : " : "") + (pattern == null ? "" : pattern);
    }
}
