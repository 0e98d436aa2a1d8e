package org.osprey.mta.core.lists;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osprey.mta.core.lookup.Lookups;
import org.osprey.mta.core.lookup.SearchResult;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.MatchResult;

/**
 * Exim's list matching (match_check_list and its item tests): scans a list item by item,
 * honouring negation ({@code !item}), named lists ({@code +name}, with their results cached
 * for lists that hold no {@code $}), files of items ({@code /path}) and lookups. One instance
 * belongs to one context (a message, a connection) and keeps that context's cache. Works on
 * byte strings (one char per byte).
 */
public final class ListMatching {
    private static final int MAX_NAMED_DEPTH = 30;

    /** What matching needs from the engine. */
    public interface Support {
        /** Expands list text: named lists are expanded when they are used. */
        String expand(String text) throws ExpansionException;

        Optional<NamedList> namedList(ListType type, String name);

        String primaryHostname();

        /** The lookup layer, or null when there is none. */
        Lookups lookups();

        /** What lookups get to expand with (wildlsearch patterns and the like). */
        Expander expander();

        HostResolver resolver();
    }

    /**
     * The answer for one list.
     *
     * @param result match, no match, or deferred
     * @param value what Exim puts in $value: the item or lookup data that matched, or null
     * @param captures $0, $1 ... as the match set them, or null when it set none
     * @param deferMessage why the match deferred (Exim's search_error_message), or null
     */
    public record Outcome(MatchResult result, String value, String[] captures, String deferMessage) {
    }

    private final Support support;
    private final Map<String, Outcome> cache = new HashMap<>();

    public ListMatching(Support support) {
        this.support = support;
    }

    /** A domain list (match_isinlist with MCL_DOMAIN); {@code expand} expands the list first. */
    public Outcome domain(String list, String domain, boolean expand) {
        Probe probe = Probe.forString(domain, true, 0, true);
        return run(ListType.DOMAIN, list, expand, probe, this::checkString);
    }

    /** A local part list; matching is caseless until a {@code +caseful} item. */
    public Outcome localPart(String list, String localPart, boolean expand) {
        Probe probe = Probe.forString(localPart, true, 0, false);
        return run(ListType.LOCAL_PART, list, expand, probe, this::checkString);
    }

    /** An address list (match_address_list, caseless, no numeric variables). */
    public Outcome address(String list, String address, boolean expand) {
        Probe probe = Probe.forAddress(address, true);
        return run(ListType.ADDRESS, list, expand, probe, new AddressPatterns(this)::check);
    }

    /**
     * A rewriting rule's pattern against an address (Exim's match_address_list with the
     * pattern as a one-item list, expanded, local part caseful, numbered variables set): on a
     * match the captures are {@code $0} (the address), then {@code $1} ... as the pattern's
     * asterisks, regular expression groups or partial lookup set them.
     */
    public Outcome rewritePattern(String pattern, String address) {
        String item;
        try {
            item = support.expand(pattern);
        } catch (ExpansionException e) {
            return new Outcome(e.isForcedFailure() ? MatchResult.NO_MATCH : MatchResult.DEFER, null, null,
                    e.getMessage());
        }
        Probe probe = Probe.forAddress(address, false, 0);
        Status status = scan(ListType.ADDRESS, item, false, probe, new AddressPatterns(this)::check, 0,
                new ListReader(item, 0x100));
        MatchResult result = switch (status) {
            case OK -> MatchResult.MATCH;
            case DEFER -> MatchResult.DEFER;
            default -> MatchResult.NO_MATCH;
        };
        String[] captures = probe.captures;
        if (result == MatchResult.MATCH) {
            if (captures == null) {
                captures = new String[] {address};
            } else {
                captures[0] = address;
            }
        }
        return new Outcome(result, probe.value, captures, probe.deferMessage);
    }

    /**
     * A host list for a host with the given address; {@code name} is its name, null to look the
     * name up when an item needs it, or "" when only address items may be used (match_ip).
     */
    public Outcome host(String list, String name, String address, boolean expand) {
        Probe probe = Probe.forHost(name, address);
        return run(ListType.HOST, list, expand, probe, new HostPatterns(this)::check);
    }

    Support support() {
        return support;
    }

    private Outcome run(ListType type, String list, boolean expand, Probe probe, ItemTest test) {
        Status status = scan(type, list, expand, probe, test, 0);
        MatchResult result = switch (status) {
            case OK -> MatchResult.MATCH;
            case DEFER -> MatchResult.DEFER;
            default -> MatchResult.NO_MATCH;
        };
        return new Outcome(result, probe.value, probe.captures, probe.deferMessage);
    }

    /** One test of a subject against one list item. */
    interface ItemTest {
        Status test(String pattern, Probe probe);
    }

    /** The result of one item test or of a whole list (Exim's OK, FAIL, DEFER and ERROR). */
    enum Status { OK, FAIL, DEFER, ERROR }

    private Status scan(ListType type, String listText, boolean expand, Probe probe, ItemTest test, int depth) {
        return scan(type, listText, expand, probe, test, depth, null);
    }

    private Status scan(ListType type, String listText, boolean expand, Probe probe, ItemTest test, int depth,
            ListReader given) {
        String list = listText;
        if (expand) {
            try {
                list = support.expand(listText);
            } catch (ExpansionException e) {
                return e.isForcedFailure() ? Status.FAIL : Status.DEFER;
            }
        }
        boolean includeUnknown = false;
        boolean ignoreUnknown = false;
        boolean includeDefer = false;
        boolean ignoreDefer = false;
        Status yield = Status.OK;
        ListReader reader = given != null ? given : new ListReader(list);
        for (String item = reader.next(); item != null; item = reader.next()) {
            String ss = item;
            if (ss.equals("+caseful") && (type == ListType.ADDRESS || type == ListType.LOCAL_PART)) {
                probe.caseful();
                continue;
            }
            if (type == ListType.HOST && ss.startsWith("+")) {
                switch (ss) {
                    case "+include_unknown": includeUnknown = true; ignoreUnknown = false; continue;
                    case "+ignore_unknown": ignoreUnknown = true; includeUnknown = false; continue;
                    case "+include_defer": includeDefer = true; ignoreDefer = false; continue;
                    case "+ignore_defer": ignoreDefer = true; includeDefer = false; continue;
                    default: break;
                }
            }
            if (ss.startsWith("!")) {
                yield = Status.FAIL;
                int i = 1;
                while (i < ss.length() && ListReader.isSpace(ss.charAt(i))) {
                    i++;
                }
                ss = ss.substring(i);
            } else {
                yield = Status.OK;
            }
            if (ss.startsWith("/")) {
                Status fileYield = file(type, ss, yield, probe, test);
                if (fileYield == Status.DEFER) {
                    return Status.DEFER;
                }
                if (probe.fileMatched) {
                    probe.fileMatched = false;
                    return fileYield;
                }
                yield = fileYield;
                continue;
            }
            if (ss.startsWith("+")) {
                Status named = named(type, ss.substring(1), probe, test, depth);
                if (named == Status.DEFER) {
                    return Status.DEFER;
                }
                if (named == Status.OK) {
                    return yield;
                }
                continue;
            }
            Status r = test.test(ss, probe);
            switch (r) {
                case OK:
                    return yield;
                case DEFER:
                    if (ignoreDefer) {
                        break;
                    }
                    if (includeDefer) {
                        return Status.OK;
                    }
                    return Status.DEFER;
                case ERROR:
                    if (ignoreUnknown) {
                        break;
                    }
                    return includeUnknown ? Status.OK : Status.FAIL;
                default:
                    break;
            }
        }
        return yield == Status.OK ? Status.FAIL : Status.OK;
    }

    private Status named(ListType type, String name, Probe probe, ItemTest test, int depth) {
        Optional<NamedList> found = support.namedList(type, name);
        if (found.isEmpty() || depth > MAX_NAMED_DEPTH) {
            return Status.DEFER;
        }
        NamedList nl = found.get();
        boolean cacheable = nl.cached() && nl.value().indexOf('$') < 0;
        String key = type + "\0" + name + "\0" + probe.key();
        if (cacheable) {
            Outcome cached = cache.get(key);
            if (cached != null) {
                probe.value = cached.value();
                return cached.result() == MatchResult.MATCH ? Status.OK : Status.FAIL;
            }
        }
        Status r = scan(type, nl.value(), true, probe, test, depth + 1);
        if (cacheable && r != Status.DEFER) {
            cache.put(key, new Outcome(r == Status.OK ? MatchResult.MATCH : MatchResult.NO_MATCH, probe.value, null, null));
        }
        return r;
    }

    /** Items read from a file, one a line, # comments; returns the yield after the last, with fileMatched set on a match. */
    private Status file(ListType type, String name, Status yield, Probe probe, ItemTest test) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(name), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            probe.deferMessage = "failed to open " + name + " when checking list: " + e.getMessage();
            return Status.DEFER;
        }
        Status fileYield = yield;
        for (String raw : lines) {
            String line = raw;
            int from = 0;
            for (int hash = line.indexOf('#', from); hash >= 0; hash = line.indexOf('#', from)) {
                if ((type != ListType.ADDRESS && type != ListType.LOCAL_PART) || hash == 0
                        || ListReader.isSpace(line.charAt(hash - 1))) {
                    line = line.substring(0, hash);
                    break;
                }
                from = hash + 1;
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            fileYield = yield;
            if (line.startsWith("!")) {
                fileYield = yield == Status.OK ? Status.FAIL : Status.OK;
                line = line.substring(1).stripLeading();
            }
            Status r = test.test(line, probe);
            if (r == Status.OK) {
                probe.value = line;
                probe.fileMatched = true;
                return fileYield;
            }
            if (r == Status.DEFER) {
                return Status.DEFER;
            }
        }
        return fileYield;
    }

    /** A list of exactly one item, not expanded (the domain part of an address-list item). */
    Status single(ListType type, String item, Probe probe) {
        ListReader reader = new ListReader(item, 0x100);
        return scan(type, item, false, probe, this::checkString, 0, reader);
    }

    /** Exim's check_string: one domain or local-part item against the subject. */
    Status checkString(String pattern, Probe probe) {
        return StringPatterns.check(this, pattern, probe);
    }

    /** Looks a key up for a list item "type;file-or-query"; null when not found. */
    String lookup(String spec, String fileOrQuery, String key) throws LookupDeferral {
        SearchResult r = lookupResult(spec, fileOrQuery, key);
        return r == null ? null : r.value();
    }

    /** The same, with the key parts a partial match found (for the numbered variables). */
    SearchResult lookupResult(String spec, String fileOrQuery, String key) throws LookupDeferral {
        Lookups lookups = support.lookups();
        if (lookups == null) {
            throw new LookupDeferral("unknown lookup type \"" + spec + "\"");
        }
        try {
            if (lookups.isQueryStyle(spec)) {
                return lookups.find(spec, null, fileOrQuery, support.expander()).orElse(null);
            }
            return lookups.find(spec, fileOrQuery, key, support.expander()).orElse(null);
        } catch (org.osprey.mta.core.lookup.LookupException e) {
            throw new LookupDeferral(e.getMessage());
        }
    }

    /** A lookup in a list item that could not be done; the list match defers with this message. */
    static final class LookupDeferral extends Exception {
        private static final long serialVersionUID = 1L;

        LookupDeferral(String message) {
            super(message);
        }
    }
}
