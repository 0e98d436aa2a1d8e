package org.osprey.mta.lookup.lsearch;

import java.util.Map;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;

/** An expander for the drivers' tests: known templates give known results, anything else is itself. */
final class MapExpander implements Expander {
    private final Map<String, Object> outcomes;

    /** Each value is the expansion's result (a String) or the ExpansionException it throws. */
    MapExpander(Map<String, Object> outcomes) {
        this.outcomes = outcomes;
    }

    MapExpander() {
        this(Map.of());
    }

    @Override
    public String expand(String template) throws ExpansionException {
        Object outcome = outcomes.getOrDefault(template, template);
        if (outcome instanceof ExpansionException e) {
            throw e;
        }
        return (String) outcome;
    }

    @Override
    public Expander with(Map<String, String> variables) {
        return this;
    }
}
