package org.osprey.mta.core.lookup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osprey.mta.kernel.option.CNumbers;

/**
 * A lookup type as written, with Exim's decorations: {@code partial2-lsearch*@,ret=key}.
 * Parsed as Exim's search_findtype_partial parses it, quirks included (anything between
 * the {@code *} and the first comma after it is ignored). Whether the type exists, and
 * whether it allows partial matching and defaults, is for the {@link SearchLayer}, which
 * knows the drivers.
 *
 * @param written the whole text, for error messages
 * @param name the lookup type's name ({@code lsearch})
 * @param unprefixed the text after the partial prefix, which Exim's messages quote
 * @param minComponents for partial matching, the least number of non-wild components
 *        left in a key; -1 without partial matching
 * @param affix what replaces the removed components in partial matching ({@code *.}
 *        unless given in parentheses); empty without partial matching
 * @param defaults the {@code *} or {@code *@} suffix
 * @param returnKey the {@code ret=key} option: a match gives the key, not the data
 * @param cacheRead false with the {@code cache=no_rd} option: the cache is written, not read
 * @param driverOptions the other options, in order, for the driver
 */
public record LookupSpec(String written, String name, String unprefixed, int minComponents, String affix,
        Defaults defaults, boolean returnKey, boolean cacheRead, List<String> driverOptions) {

    private static final String PARTIAL = "partial";
    /** Larger than any count of components a key can have. */
    private static final int MAX_COMPONENTS = 1_000_000;

    /** The defaults a single-key lookup falls back on when the key (and its partial forms) are not found. */
    public enum Defaults {
        NONE,
        /** {@code *}: look up the key {@code *}. */
        STAR,
        /** {@code *@}: look up {@code *@domain}, then {@code *}. */
        STAR_AT
    }

    public LookupSpec {
        Objects.requireNonNull(written, "written");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unprefixed, "unprefixed");
        Objects.requireNonNull(affix, "affix");
        Objects.requireNonNull(defaults, "defaults");
        driverOptions = List.copyOf(driverOptions);
    }

    /**
     * Parses a lookup type as written before the semicolon of a list item or after the key
     * of {@code ${lookup}}.
     *
     * @throws LookupException with Exim's {@code format error in lookup type "..."} when the
     *         partial prefix is malformed
     */
    public static LookupSpec parse(String written) throws LookupException {
        int minComponents = -1;
        String affix = "";
        int at = 0;
        if (written.startsWith(PARTIAL)) {
            at = PARTIAL.length();
            if (at < written.length() && isDigit(written.charAt(at))) {
                minComponents = 0;
                while (at < written.length() && isDigit(written.charAt(at))) {
                    minComponents = Math.min(MAX_COMPONENTS, minComponents * 10 + written.charAt(at++) - '0');
                }
            } else {
                minComponents = 2;
            }
            if (at < written.length() && written.charAt(at) == '(') {
                int start = ++at;
                while (at < written.length() && isPunctuation(written.charAt(at)) && written.charAt(at) != ')') {
                    at++;
                }
                if (at >= written.length() || written.charAt(at) != ')') {
                    throw formatError(written);
                }
                affix = written.substring(start, at++);
            } else if (at < written.length() && written.charAt(at) == '-') {
                affix = "*.";
                at++;
            } else {
                throw formatError(written);
            }
        }
        String unprefixed = written.substring(at);
        int nameEnd = unprefixed.length();
        int optionsSearchFrom = 0;
        Defaults defaults = Defaults.NONE;
        int star = unprefixed.indexOf('*');
        if (star >= 0) {
            nameEnd = star;
            optionsSearchFrom = star;
            defaults = star + 1 < unprefixed.length() && unprefixed.charAt(star + 1) == '@'
                    ? Defaults.STAR_AT : Defaults.STAR;
        }
        boolean returnKey = false;
        boolean cacheRead = true;
        List<String> driverOptions = new ArrayList<>();
        int comma = unprefixed.indexOf(',', optionsSearchFrom);
        if (comma >= 0) {
            nameEnd = Math.min(nameEnd, comma);
            for (String option : commaList(unprefixed.substring(comma + 1))) {
                switch (option) {
                    case "ret=key" -> returnKey = true;
                    case "cache=no_rd" -> cacheRead = false;
                    default -> driverOptions.add(option);
                }
            }
        }
        return new LookupSpec(written, unprefixed.substring(0, nameEnd), unprefixed, minComponents, affix, defaults,
                returnKey, cacheRead, driverOptions);
    }

    public boolean isPartial() {
        return minComponents >= 0;
    }

    /** The same lookup without partial matching, for the list items where Exim does none (address lists). */
    public LookupSpec withoutPartial() {
        return new LookupSpec(written, name, unprefixed, -1, "", defaults, returnKey, cacheRead, driverOptions);
    }

    /** The driver's options as the driver gets them: {@code defer_never} gives {@code defer_never=""}. */
    public Map<String, String> driverOptionMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String option : driverOptions) {
            int equals = option.indexOf('=');
            if (equals < 0) {
                map.put(option, "");
            } else {
                map.put(option.substring(0, equals), option.substring(equals + 1));
            }
        }
        return map;
    }

    private static LookupException formatError(String written) {
        return LookupException.error("format error in lookup type \"" + written + "\"");
    }

    /**
     * Splits a comma-separated option list as Exim's string_nextinlist does with a fixed
     * comma: items trimmed, a doubled comma stands for a comma in an item.
     */
    static List<String> commaList(String list) {
        List<String> items = new ArrayList<>();
        int at = 0;
        int length = list.length();
        while (true) {
            while (at < length && CNumbers.isSpace(list.charAt(at)) && list.charAt(at) != ',') {
                at++;
            }
            if (at >= length) {
                return items;
            }
            if (list.charAt(at) == ',' && (at + 1 >= length || list.charAt(at + 1) != ',')) {
                items.add("");
                at++;
                continue;
            }
            if (list.charAt(at) == ',') {
                at++;
            }
            StringBuilder item = new StringBuilder();
            while (true) {
                int end = at + 1;
                while (end < length && list.charAt(end) != ',') {
                    end++;
                }
                item.append(list, at, end);
                at = end;
                if (at >= length || ++at >= length || list.charAt(at) != ',') {
                    break;
                }
            }
            int end = item.length();
            while (end > 0 && CNumbers.isSpace(item.charAt(end - 1)) && (end == 1 || item.charAt(end - 2) != '\\')) {
                end--;
            }
            items.add(item.substring(0, end));
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isPunctuation(char c) {
        return c > ' ' && c < 0x7f && !Character.isLetterOrDigit(c);
    }
}
