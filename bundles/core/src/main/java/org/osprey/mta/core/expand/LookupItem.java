package org.osprey.mta.core.expand;

import java.util.Optional;
import org.osprey.mta.core.lookup.LookupException;
import org.osprey.mta.core.lookup.Lookups;
import org.osprey.mta.core.lookup.SearchResult;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * {@code ${lookup{key}type{file}{yes}{no}}} and {@code ${lookup type{query}...}}: asks the
 * lookup layer; $value holds the data found while the "yes" string is expanded, and after a
 * partial or default match $1 and $2 hold the wild and fixed parts of the key. Nothing is
 * looked up while skipping.
 */
record LookupItem(Node key, String type, Node source, YesNo yesNo) implements Node {

    @Override
    public String eval(Evaluation ev, boolean skipping) throws ExpansionException {
        String savedValue = ev.value();
        Object saved = ev.saveNumbered();
        String keyText = key == null ? null : key.eval(ev, skipping);
        Lookups lookups = ev.engine().environment().lookups();
        boolean query;
        try {
            if (lookups == null) {
                throw LookupException.error("unknown lookup type \"" + type + "\"");
            }
            query = lookups.isQueryStyle(type);
        } catch (LookupException e) {
            throw ExpansionException.error(e.getMessage());
        }
        if (!query && keyText == null) {
            throw ExpansionException.error("missing {key} for single-key \"" + type + "\" lookup");
        }
        if (query && keyText != null) {
            throw ExpansionException.error("a single key was given for lookup type \"" + type
                    + "\", which is not a single-key lookup type");
        }
        String src = source.eval(ev, skipping);
        String found = null;
        if (!skipping) {
            try {
                Optional<SearchResult> data = query
                        ? lookups.find(type, null, ByteStrings.external(src), ev.engine().expander(ev.context()))
                        : lookups.find(type, ByteStrings.external(src), ByteStrings.external(keyText),
                                ev.engine().expander(ev.context()));
                found = data.map(r -> ByteStrings.internal(r.value())).orElse(null);
                // $0 stays unset, as in Exim.
                data.flatMap(SearchResult::keyParts).ifPresent(parts -> ev.setNumbered(new String[] {
                    null, ByteStrings.internal(parts.wild()), ByteStrings.internal(parts.fixed())}, 3));
            } catch (LookupException e) {
                if (e.isDeferred()) {
                    throw ExpansionException.lookupDeferred("lookup of \"" + Printing.escape(query ? src : keyText, true)
                            + "\" gave DEFER: " + e.getMessage());
                }
                throw ExpansionException.error(ByteStrings.internal(e.getMessage()));
            } catch (RuntimeException e) {
                throw ExpansionException.lookupDeferred("lookup of \"" + Printing.escape(query ? src : keyText, true)
                        + "\" gave DEFER: " + e);
            }
        }
        ev.setValue(found);
        String out = yesNo.apply(ev, skipping, found != null, savedValue, "lookup");
        ev.restoreNumbered(saved);
        return out;
    }
}
