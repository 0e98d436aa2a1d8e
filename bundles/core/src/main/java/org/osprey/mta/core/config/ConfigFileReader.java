package org.osprey.mta.core.config;

import static org.osprey.mta.core.config.AsciiChars.isSpace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads the configuration file a logical line at a time, as Exim's get_config_line:
 * physical lines are read from the file and any {@code .include}d ones, macros are
 * replaced in each, comment lines and the lines of false {@code .ifdef} branches are
 * dropped, and lines ending in a backslash are joined to the next (whose leading white
 * space goes). A {@code begin NAME} line ends the section. Text is ISO-8859-1, one char
 * per byte, so every byte comes back as it was. Never interprets the lines it returns.
 */
final class ConfigFileReader {
    private static final int MAX_SECTION_NAME = 22;

    /** A file being read. */
    private static final class Source {
        final String name;
        final String directory;
        final String text;
        int offset;
        int line;

        Source(String name, String directory, String text) {
            this.name = name;
            this.directory = directory;
            this.text = text;
        }

        /** The next physical line with its newline, or null at the end. */
        String nextLine() {
            if (offset >= text.length()) {
                return null;
            }
            int newline = text.indexOf('\n', offset);
            int end = newline < 0 ? text.length() : newline + 1;
            String physical = text.substring(offset, end);
            offset = end;
            line++;
            return physical;
        }
    }

    private final Macros macros;
    private final ConfigListing listing;
    private final ConditionalStack conditions = new ConditionalStack();
    private final Deque<Source> includers = new ArrayDeque<>();
    private Source current;
    private String nextSection = "";

    /**
     * Opens the main file.
     *
     * @param listing where to keep the lines for {@code -bP config}, or null
     */
    ConfigFileReader(Path file, Macros macros, ConfigListing listing) throws ConfigException {
        this.macros = macros;
        this.listing = listing;
        String name = file.toString();
        String text;
        try {
            text = read(file);
        } catch (NoSuchFileException e) {
            throw ConfigException.main("non-existent configuration file(s): " + name);
        } catch (IOException e) {
            throw ConfigException.main("failed to open configuration file " + name + ": " + reason(e));
        }
        current = new Source(name, mainDirectory(name), text);
    }

    /** Where reading is now: the file and the number of the last physical line read. */
    Location location() {
        return new Location(current.name, current.line);
    }

    /** The name after the {@code begin} that ended the section just read; "" at the end of the file. */
    String nextSection() {
        return nextSection;
    }

    /**
     * The next logical line of the section, or null when a {@code begin} line or the end of
     * the file ends it (see {@link #nextSection}).
     */
    LogicalLine next() throws ConfigException {
        StringBuilder buffer = new StringBuilder();
        int start = 0;
        for (;;) {
            String physical = current.nextLine();
            if (physical == null) {
                if (!includers.isEmpty()) {
                    current = includers.pop();
                    if (listing != null) {
                        listing.position(current.name, current.line);
                    }
                    continue;
                }
                if (conditions.open()) {
                    throw ConfigException.inLine(location(), "Unexpected end of configuration file: .endif missing");
                }
                if (buffer.length() != 0) {
                    break;
                }
                nextSection = "";
                return null;
            }
            if (listing != null && current.line == 1) {
                listing.position(current.name, 1);
            }
            int len = buffer.length();
            buffer.append(physical);
            boolean macroFound = macros.expand(buffer, len, len == 0);
            int ss = AsciiChars.skipSpace(buffer, len);
            char first = AsciiChars.at(buffer, ss);
            if (first == '#') {
                buffer.setLength(len);
                continue;
            }
            if (first == '.' && conditions.handle(buffer.substring(ss), macroFound, location())) {
                buffer.setLength(len);
                continue;
            }
            if (!conditions.reading()) {
                buffer.setLength(len);
                continue;
            }
            if (include(buffer.substring(ss))) {
                buffer.setLength(len);
                continue;
            }
            if (len == 0) {
                start = ss;
            } else {
                buffer.delete(len, ss);
            }
            int end = buffer.length();
            while (end > 0 && isSpace(buffer.charAt(end - 1))) {
                end--;
            }
            buffer.setLength(end);
            if (end > 0) {
                if (buffer.charAt(end - 1) != '\\') {
                    break;
                }
                buffer.setLength(end - 1);
            }
        }
        String line = buffer.substring(start);
        if (listing != null) {
            listing.line(line);
        }
        if (AsciiChars.startsWithIgnoreCase(line, 0, "begin ")) {
            String name = line.substring(AsciiChars.skipSpace(line, 6));
            nextSection = name.length() > MAX_SECTION_NAME ? name.substring(0, MAX_SECTION_NAME) : name;
            return null;
        }
        return new LogicalLine(line, location());
    }

    /** Handles an {@code .include} or {@code .include_if_exists} line; false if the line is neither. */
    private boolean include(String line) throws ConfigException {
        boolean ifExists;
        if (line.startsWith(".include") && isSpace(AsciiChars.at(line, 8))) {
            ifExists = false;
        } else if (line.startsWith(".include_if_exists") && isSpace(AsciiChars.at(line, 18))) {
            ifExists = true;
        } else {
            return false;
        }
        int s = AsciiChars.skipSpace(line, ifExists ? 19 : 9);
        String name = AsciiChars.stripTrailing(line.substring(Math.min(s, line.length())));
        if (name.length() >= 1 && name.charAt(0) == '"' && name.charAt(name.length() - 1) == '"') {
            name = name.substring(1, Math.max(1, name.length() - 1));
        }
        if (!name.startsWith("/")) {
            if (ifExists) {
                throw ConfigException.inLine(location(), ".include specifies a non-absolute path \"" + name + "\"");
            }
            name = current.directory + "/" + name;
        }
        Path path = Path.of(name);
        if (ifExists && !Files.exists(path)) {
            return true;
        }
        if (listing != null) {
            listing.position(current.name, current.line);
        }
        String text;
        try {
            text = read(path);
        } catch (IOException e) {
            throw ConfigException.inLine(location(), "failed to open included configuration file " + name);
        }
        includers.push(current);
        current = new Source(name, name.substring(0, name.lastIndexOf('/')), text);
        return true;
    }

    private static String read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            return "";
        }
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }

    /** The directory relative includes are taken from, as Exim works it out for the main file. */
    private static String mainDirectory(String name) {
        int slash = name.lastIndexOf('/');
        if (name.startsWith("/")) {
            return slash == 0 ? "/" : name.substring(0, slash);
        }
        String cwd = Path.of("").toAbsolutePath().toString();
        if (!cwd.endsWith("/")) {
            cwd += "/";
        }
        return slash < 0 ? cwd : cwd + name.substring(0, slash);
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
