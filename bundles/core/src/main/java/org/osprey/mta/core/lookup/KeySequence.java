package org.osprey.mta.core.lookup;

import java.util.Optional;
import org.osprey.mta.core.lookup.SearchResult.KeyParts;

/**
 * The keys one search tries, in the order of Exim's search_find: the key itself; with
 * partial matching the key behind the affix, then the affix in front of fewer and fewer
 * trailing components; then the {@code *@domain} and {@code *} defaults. The first key
 * found ends the search; a deferral ends it at once.
 */
final class KeySequence {
    private KeySequence() {
    }

    /** One find of one key, through the cache. */
    @FunctionalInterface
    interface Finder {
        /** The data for exactly this key, or empty; throws when the lookup defers. */
        Optional<String> find(String key) throws LookupException;
    }

    static Optional<SearchResult> search(LookupSpec spec, String key, Finder finder) throws LookupException {
        Optional<SearchResult> found = searchKeys(spec, key, finder);
        return spec.returnKey() ? found.map(r -> new SearchResult(key, r.keyParts())) : found;
    }

    private static Optional<SearchResult> searchKeys(LookupSpec spec, String key, Finder finder)
            throws LookupException {
        Optional<String> value = finder.find(key);
        if (value.isPresent()) {
            return result(value.get(), spec.isPartial() ? new KeyParts("", key) : null);
        }
        if (spec.isPartial()) {
            Optional<SearchResult> partial = partial(spec, key, finder);
            if (partial.isPresent()) {
                return partial;
            }
        }
        if (spec.defaults() == LookupSpec.Defaults.STAR_AT) {
            int at = key.lastIndexOf('@');
            if (at > 0) {
                value = finder.find("*" + key.substring(at));
                if (value.isPresent()) {
                    return result(value.get(), new KeyParts(key.substring(0, at), ""));
                }
            }
        }
        if (spec.defaults() != LookupSpec.Defaults.NONE) {
            value = finder.find("*");
            if (value.isPresent()) {
                return result(value.get(), new KeyParts(key, ""));
            }
        }
        return Optional.empty();
    }

    /**
     * The partial forms of a key. With affix {@code *.} and at least two components,
     * {@code a.b.c.d} gives {@code *.a.b.c.d}, {@code *.b.c.d}, {@code *.c.d}; with
     * {@code partial0} the last try is the affix alone, less a final dot.
     */
    private static Optional<SearchResult> partial(LookupSpec spec, String key, Finder finder)
            throws LookupException {
        String affix = spec.affix();
        if (!affix.isEmpty()) {
            Optional<String> value = finder.find(affix + key);
            if (value.isPresent()) {
                return result(value.get(), new KeyParts("", key));
            }
        }
        int dots = (int) key.chars().filter(c -> c == '.').count();
        int at = 0;
        for (int remaining = dots; remaining >= spec.minComponents(); remaining--) {
            while (at < key.length() && key.charAt(at) != '.') {
                at++;
            }
            String candidate;
            if (at >= key.length()) {
                if (affix.isEmpty()) {
                    break;
                }
                if (affix.length() > 1 && affix.endsWith(".")) {
                    affix = affix.substring(0, affix.length() - 1);
                }
                candidate = affix;
            } else {
                candidate = affix + key.substring(at + 1);
            }
            Optional<String> value = finder.find(candidate);
            if (value.isPresent()) {
                // Exim's arithmetic, kept: when only the affix matched, $1 loses the key's last character.
                int fixedLength = Math.max(0, candidate.length() - affix.length());
                int wildLength = Math.max(0, key.length() - fixedLength - 1);
                int fixedStart = Math.min(key.length(), wildLength + 1);
                return result(value.get(), new KeyParts(key.substring(0, wildLength),
                        key.substring(fixedStart, Math.min(key.length(), fixedStart + fixedLength))));
            }
            at++;
        }
        return Optional.empty();
    }

    private static Optional<SearchResult> result(String value, KeyParts parts) {
        return Optional.of(new SearchResult(value, Optional.ofNullable(parts)));
    }
}
