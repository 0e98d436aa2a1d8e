package org.osprey.mta.core.log;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes log lines as Exim's log_write does: {@code timestamp [pid] id text}, to the main,
 * reject and panic files that {@code log_file_path} names and/or to syslog.
 *
 * <p>Each line is one {@code write} on a file opened with O_APPEND, so lines from threads
 * and from other processes writing the same file never interleave. Before each write the
 * file is checked as Exim checks it: a datestamped name whose date has changed is closed and
 * the new one opened, and a file that was renamed or removed (log cycling) is reopened. New
 * files are made mode 0640 in a directory created as needed.
 *
 * <p>A panic line goes to the paniclog, to stderr and (as the events ask) to the mainlog.
 * Syslog follows syslog_duplication: when off, a line that also goes to the reject or panic
 * log is not sent to syslog a second time as a main log line.
 *
 * <p>It never throws for a line it cannot write to a file: it writes the failure and the line
 * to stderr, since the caller (a delivery, an SMTP session) must carry on.
 */
public final class LogWriter implements Closeable {
    private static final int MAX_SYSLOG_LEN = 870;
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final LogConfig config;
    private final Clock clock;
    private final long pid;
    private final PrintStream stderr;
    private final SyslogSender syslog;
    private final Map<LogFile, OpenLog> open = new EnumMap<>(LogFile.class);

    public LogWriter(LogConfig config, Clock clock, long pid, PrintStream stderr, SyslogSender syslog) {
        this.config = config;
        this.clock = clock;
        this.pid = pid;
        this.stderr = stderr;
        this.syslog = config.path().syslog() ? syslog : null;
        for (LogFile f : LogFile.values()) {
            open.put(f, new OpenLog());
        }
        if (config.path().complaint() != null) {
            write(Set.of(LogFile.MAIN, LogFile.PANIC), null, config.path().complaint());
        }
    }

    /** A writer for this process, on the system clock, with stderr and (if asked) /dev/log. */
    public static LogWriter forProcess(LogConfig config) {
        SyslogSender sender = null;
        if (config.path().syslog()) {
            try {
                sender = SyslogSender.system();
            } catch (IOException e) {
                System.err.println("cannot open syslog: " + e.getMessage());
            }
        }
        return new LogWriter(config, Clock.systemUTC(), ProcessHandle.current().pid(), System.err, sender);
    }

    public LogSelector selector() {
        return config.selector();
    }

    /** Writes an event's line, if the selection lets it through. */
    public void log(LogEvent event) {
        Optional<String> text = event.render(config.selector());
        text.ifPresent(t -> write(event.files(), event.messageId(), t, event.rejectDetail(config.selector())));
    }

    /** Writes one line to the given logs. */
    public void write(Set<LogFile> files, String messageId, String text) {
        write(files, messageId, text, "");
    }

    private void write(Set<LogFile> files, String messageId, String text, String rejectDetail) {
        Instant now = clock.instant();
        ZonedDateTime local = now.atZone(config.zone());
        String stamp = timestamp(local);
        String pidPart = config.selector().on(Selector.PID) ? "[" + pid + "] " : "";
        String rest = (messageId == null ? "" : messageId + " ") + text;
        String line = stamp + " " + pidPart + rest + "\n";
        boolean reject = files.contains(LogFile.REJECT) && config.writeRejectlog();
        boolean panic = files.contains(LogFile.PANIC);
        if (files.contains(LogFile.MAIN)) {
            if (syslog != null && (config.syslogDuplication() || !(reject || panic))) {
                toSyslog(SyslogSender.INFO, local, stamp, pidPart, rest);
            }
            toFile(LogFile.MAIN, local, line);
        }
        if (reject) {
            if (syslog != null && (config.syslogDuplication() || !panic)) {
                toSyslog(SyslogSender.NOTICE, local, stamp, pidPart, rest + "\n" + rejectDetail);
            }
            toFile(LogFile.REJECT, local, line + rejectDetail);
        }
        if (panic) {
            stderr.print(line);
            stderr.flush();
            if (syslog != null) {
                toSyslog(SyslogSender.ALERT, local, stamp, pidPart, rest);
            }
            toFile(LogFile.PANIC, local, line);
        }
    }

    /** Exim's tod_log / tod_log_zone timestamp. */
    String timestamp(ZonedDateTime t) {
        StringBuilder out = new StringBuilder(String.format("%04d-%02d-%02d %02d:%02d:%02d", t.getYear(),
                t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()));
        if (config.selector().on(Selector.MILLISEC)) {
            out.append(String.format(".%03d", t.getNano() / 1_000_000));
        }
        if (config.logTimezone()) {
            int minutes = config.timestampsUtc() ? 0 : t.getOffset().getTotalSeconds() / 60;
            int hours = minutes / 60;
            out.append(String.format(" %+03d%02d", hours, Math.abs(minutes - hours * 60)));
        }
        return out.toString();
    }

    private void toSyslog(int priority, ZonedDateTime now, String stamp, String pidPart, String rest) {
        String text = (config.syslogTimestamp() ? stamp + " " : "") + (config.syslogPid() ? pidPart : "") + rest;
        for (String part : syslogParts(text)) {
            syslog.send(SyslogSender.format(config.facility(), priority, config.processName(), pid, false, now, part));
        }
    }

    /** Exim's write_syslog split: at newlines and every 870 characters, numbered [i/n] or [i\n]. */
    static List<String> syslogParts(String text) {
        List<String> pieces = new ArrayList<>();
        List<Boolean> endsAtNewline = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int nl = text.indexOf('\n', i);
            int end = nl < 0 ? text.length() : nl;
            if (end - i > MAX_SYSLOG_LEN) {
                end = i + MAX_SYSLOG_LEN;
            }
            pieces.add(text.substring(i, end));
            boolean atNl = end < text.length() && text.charAt(end) == '\n';
            i = atNl ? end + 1 : end;
            endsAtNewline.add(atNl && i < text.length());
        }
        if (pieces.size() <= 1) {
            return pieces;
        }
        List<String> out = new ArrayList<>();
        for (int n = 0; n < pieces.size(); n++) {
            out.add("[" + (n + 1) + (endsAtNewline.get(n) ? '\\' : '/') + pieces.size() + "] " + pieces.get(n));
        }
        return out;
    }

    private void toFile(LogFile log, ZonedDateTime now, String line) {
        Optional<Path> file = config.path().file(log, now.toLocalDate());
        if (file.isEmpty()) {
            return;
        }
        OpenLog o = open.get(log);
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        synchronized (o) {
            try {
                o.ensure(file.get(), config.path().datestamp(now.toLocalDate()));
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    o.channel.write(b);
                }
            } catch (IOException | UncheckedIOException e) {
                o.close();
                stderr.print("failed to write to " + log.tag() + " log " + file.get() + ": " + e + "\n" + line);
                stderr.flush();
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (OpenLog o : open.values()) {
            synchronized (o) {
                o.close();
            }
        }
        if (syslog != null) {
            syslog.close();
        }
    }

    /** One log file as held open: its name, datestamp and identity when opened. */
    private static final class OpenLog {
        private Path path;
        private String datestamp;
        private Object fileKey;
        private FileChannel channel;

        void ensure(Path wanted, String stamp) throws IOException {
            if (channel != null && (!wanted.equals(path) || !stamp.equals(datestamp) || !sameFile())) {
                close();
            }
            if (channel == null) {
                Path dir = wanted.toAbsolutePath().getParent();
                if (dir != null && !Files.isDirectory(dir)) {
                    Files.createDirectories(dir);
                }
                FileAttribute<?>[] attrs = POSIX
                        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-r-----"))}
                        : new FileAttribute<?>[0];
                channel = FileChannel.open(wanted, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND), attrs);
                path = wanted;
                datestamp = stamp;
                fileKey = key(wanted);
            }
        }

        private boolean sameFile() {
            try {
                Object now = key(path);
                return now != null && now.equals(fileKey);
            } catch (IOException e) {
                return false;
            }
        }

        private static Object key(Path p) throws IOException {
            try {
                return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing a log file: nothing useful to do
                }
                channel = null;
                fileKey = null;
            }
        }
    }
}
