package org.osprey.mta.lookup.sql;

import java.util.Map;
import org.osprey.mta.kernel.expand.Expander;

/** An expander the SQL lookups never call: they expand nothing. */
final class NoExpander implements Expander {
    static final Expander NONE = new NoExpander();

    @Override
    public String expand(String template) {
        throw new UnsupportedOperationException("the SQL lookups expand nothing");
    }

    @Override
    public Expander with(Map<String, String> variables) {
        return this;
    }
}
