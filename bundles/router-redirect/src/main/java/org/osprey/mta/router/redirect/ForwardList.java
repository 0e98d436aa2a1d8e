package org.osprey.mta.router.redirect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.kernel.address.Rfc822;

/**
 * Exim 4.96's parse_forward_list (parse.c): the items of an alias or forward list, separated
 * by commas or newlines, with {@code #} comments in white space positions; addresses (an
 * unqualified one is qualified, one written {@code \name} with the incoming domain), pipes
 * ({@code |command}) and files or directories ({@code /path}, quotes round the whole item
 * removed), {@code :include:} files read and parsed in turn, {@code :unknown:} ignored, and
 * {@code :fail:}, {@code :defer:} and {@code :blackhole:}, which end the list. Error texts are
 * Exim's.
 */
final class ForwardList {
    /** Exim's MAX_INCLUDE_SIZE. */
    static final int MAX_INCLUDE_SIZE = 1024 * 1024;

    /** What a list may hold, from the router's options. */
    record Permissions(boolean allowDefer, boolean allowFail, boolean forbidBlackhole, boolean forbidInclude,
            String includeDirectory, boolean skipSyntaxErrors) {
    }

    /** An item that became a new address. */
    record Item(String text, Kind kind) {
    }

    enum Kind { ADDRESS, PIPE, FILE }

    /** A syntax error skipped under skip_syntax_errors: Exim's error_block (text1, text2). */
    record SkippedError(String message, String item) {
    }

    /** The outcome of parsing, Exim's FF_* codes. */
    sealed interface Outcome {
    }

    /** FF_DELIVERED or FF_NOTDELIVERED: the items found (none at all is "not delivered"), and the errors skipped. */
    record Items(List<Item> items, List<SkippedError> skipped) implements Outcome {
    }

    /**
     * {@code :blackhole:}, {@code :defer:} or {@code :fail:}, with the text after it and the
     * items found before it (which Exim keeps as children of a failed address).
     */
    record Special(SpecialKind kind, String message, List<Item> before) implements Outcome {
    }

    enum SpecialKind { BLACKHOLE, DEFER, FAIL }

    /** FF_ERROR, or FF_INCLUDEFAIL when an included file could not be opened. */
    record Error(String message, boolean includeFailed) implements Outcome {
    }

    private final Permissions permissions;
    private final String incomingDomain;
    private final String qualifyDomain;

    /**
     * @param incomingDomain the domain of the address being redirected, for {@code \name}
     * @param qualifyDomain the domain unqualified addresses get (qualify_recipient, or the router's)
     */
    ForwardList(Permissions permissions, String incomingDomain, String qualifyDomain) {
        this.permissions = permissions;
        this.incomingDomain = incomingDomain;
        this.qualifyDomain = qualifyDomain;
    }

    Outcome parse(String list) {
        List<Item> items = new ArrayList<>();
        List<SkippedError> skipped = new ArrayList<>();
        Outcome o = parse(list, items, skipped);
        if (o instanceof Special s) {
            return new Special(s.kind(), s.message(), List.copyOf(items));
        }
        return o != null ? o : new Items(items, skipped);
    }

    /** Appends the list's items; null when it ended normally, else the outcome that ended it. */
    private Outcome parse(String s, List<Item> items, List<SkippedError> skipped) {
        int p = 0;
        for (;;) {
            for (;;) {
                while (p < s.length() && (Rfc822.isSpace(s.charAt(p)) || s.charAt(p) == ',')) {
                    p++;
                }
                if (p < s.length() && s.charAt(p) == '#') {
                    while (p < s.length() && s.charAt(p) != '\n') {
                        p++;
                    }
                } else {
                    break;
                }
            }
            if (p >= s.length() || s.charAt(p) == 0) {
                return null;
            }
            int end = Rfc822.findAddressEnd(s, p, true);
            int next = end;
            while (Rfc822.isSpace(s.charAt(end - 1))) {
                end--;
            }
            int start = p;
            boolean inquote = false;
            if (s.charAt(start) == '"' && s.charAt(end - 1) == '"' && end - start >= 2) {
                start++;
                end--;
                inquote = true;
                while (start < end && Rfc822.isSpace(s.charAt(start))) {
                    start++;
                }
                while (end > start && Rfc822.isSpace(s.charAt(end - 1))) {
                    end--;
                }
            }
            String item = s.substring(start, end);

            // strncmp over the item's length: an item that begins ":unknown:" (or is empty) is ignored.
            if (item.length() <= ":unknown:".length() && ":unknown:".startsWith(item)) {
                p = next;
                continue;
            }
            SpecialKind special = s.startsWith(":defer:", start) ? SpecialKind.DEFER
                    : s.startsWith(":blackhole:", start) ? SpecialKind.BLACKHOLE
                    : s.startsWith(":fail:", start) ? SpecialKind.FAIL : null;
            if (special != null) {
                boolean permitted = switch (special) {
                    case DEFER -> permissions.allowDefer();
                    case FAIL -> permissions.allowFail();
                    case BLACKHOLE -> !permissions.forbidBlackhole();
                };
                if (!permitted) {
                    return new Error("\"" + item + "\" is not permitted", false);
                }
                // The message is the rest of the whole list, not only of the item.
                int m = s.indexOf(':', start + 1) + 1;
                while (m < s.length() && Rfc822.isSpace(s.charAt(m))) {
                    m++;
                }
                int mEnd = s.length();
                while (mEnd > m && s.charAt(mEnd - 1) == '\n') {
                    mEnd--;
                }
                return new Special(special, s.substring(m, mEnd), List.of());
            }
            if (s.startsWith(":include:", start)) {
                Outcome o = include(s.substring(start + 9, Math.max(end, start + 9)), s.substring(start + 9),
                        items, skipped);
                if (o != null) {
                    return o;
                }
                p = next;
                continue;
            }
            Outcome o = address(item, inquote, items, skipped);
            if (o != null) {
                return o;
            }
            p = next;
        }
    }

    /** An item that is not special: a pipe or file, or an address. */
    private Outcome address(String item, boolean inquote, List<Item> items, List<SkippedError> skipped) {
        Rfc822.Extracted recipient = null;
        String address = null;
        if (item.startsWith("\\")) {
            recipient = Rfc822.extract(item.substring(1), new Rfc822.Syntax(), false);
            if (recipient.ok() && recipient.domain() == 0) {
                address = recipient.address() + "@" + incomingDomain;
            }
        }
        if (address == null) {
            recipient = Rfc822.extract(item, new Rfc822.Syntax(), false);
            address = recipient.address();
        }
        if ((item.startsWith("|") || item.startsWith("/")) && (address == null || recipient.domain() == 0)) {
            StringBuilder t = new StringBuilder(item.length());
            for (int q = 0; q < item.length(); q++) {
                char c = item.charAt(q);
                if (inquote && c == '\\' && q + 1 < item.length()) {
                    c = item.charAt(++q);
                }
                t.append(c);
            }
            items.add(new Item(t.toString(), item.startsWith("|") ? Kind.PIPE : Kind.FILE));
            return null;
        }
        if (address == null) {
            // People put comments alone in alias files: an "empty address" is nothing.
            if (recipient.error().equals("empty address")) {
                return null;
            }
            if (permissions.skipSyntaxErrors()) {
                skipped.add(new SkippedError(recipient.error(), item));
                return null;
            }
            return new Error(recipient.error() + " in \"" + item + "\"", false);
        }
        if (Rfc822.findAt(address) < 0) {
            address = address + "@" + qualifyDomain;
        }
        items.add(new Item(address, Kind.ADDRESS));
        return null;
    }

    /**
     * {@code :include:name}: the file's items in place of the item.
     *
     * @param name the item after {@code :include:}
     * @param rest the list from there to its end, which Exim prints when the name is too long
     */
    private Outcome include(String name, String rest, List<Item> items, List<SkippedError> skipped) {
        String filename = name.stripLeading();
        if (filename.isEmpty()) {
            return new Error("file name missing after :include:", false);
        }
        if (filename.length() > 255) {
            return new Error("included file name \"" + rest.stripLeading() + "\" is too long", false);
        }
        if (!filename.startsWith("/")) {
            return new Error("included file \"" + filename + "\" is not an absolute path", false);
        }
        if (permissions.forbidInclude()) {
            return new Error("included files not permitted", false);
        }
        String directory = permissions.includeDirectory();
        Path path = Path.of(filename);
        if (directory != null) {
            int len = directory.length();
            while (len > 0 && directory.charAt(len - 1) == '/') {
                len--;
            }
            if (!filename.startsWith(directory.substring(0, len)) || filename.length() <= len
                    || filename.charAt(len) != '/') {
                return new Error("included file " + filename + " is not in directory " + directory, false);
            }
            // Exim opens each component below the directory with O_NOFOLLOW: no symbolic links.
            Path dir = Path.of(directory);
            if (!Files.isDirectory(dir)) {
                return new Error("failed to open directory " + directory, false);
            }
            Path current = dir;
            for (String component : filename.substring(len).split("/+")) {
                if (component.isEmpty()) {
                    continue;
                }
                current = current.resolve(component);
                if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(current)) {
                    return new Error("failed to open " + filename
                            + " (component of included file); could be symbolic link", false);
                }
            }
        }
        BasicFileAttributes attributes;
        byte[] content;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (directory != null && !attributes.isRegularFile()) {
                return new Error("included file " + filename + " is not a regular file in the " + directory
                        + " directory", false);
            }
            if (attributes.size() > MAX_INCLUDE_SIZE) {
                return new Error("included file " + filename + " is too big (max " + MAX_INCLUDE_SIZE + ")", false);
            }
            content = Files.readAllBytes(path);
        } catch (IOException e) {
            return new Error("failed to open included file " + filename + ": " + RedirectFile.strerror(e), true);
        }
        return parse(RedirectFile.text(content), items, skipped);
    }
}
