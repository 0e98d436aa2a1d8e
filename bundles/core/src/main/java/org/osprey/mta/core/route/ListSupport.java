package org.osprey.mta.core.route;

import java.util.Optional;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.expand.ExpansionEnvironment;
import org.osprey.mta.core.lists.HostResolver;
import org.osprey.mta.core.lists.ListMatching;
import org.osprey.mta.core.lists.ListType;
import org.osprey.mta.core.lists.NamedList;
import org.osprey.mta.core.lookup.Lookups;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * List matching for the router preconditions, which need the value a list matched with
 * ({@code $domain_data}, {@code $local_part_data}, {@code $sender_data}) and not only
 * whether it matched. One instance per router and address: it keeps the lists' cache.
 */
final class ListSupport implements ListMatching.Support {
    private final ExpansionEngine engine;
    private final ExpansionEnvironment environment;
    private final ExpansionContext context;

    ListSupport(ExpansionEngine engine, ExpansionEnvironment environment, ExpansionContext context) {
        this.engine = engine;
        this.environment = environment;
        this.context = context;
    }

    ListMatching matching() {
        return new ListMatching(this);
    }

    @Override
    public String expand(String text) throws ExpansionException {
        return engine.expander(context).expand(text);
    }

    @Override
    public Optional<NamedList> namedList(ListType type, String name) {
        return environment.namedList(type, name);
    }

    @Override
    public String primaryHostname() {
        return environment.settings().get("primary_hostname").orElse("localhost");
    }

    @Override
    public Lookups lookups() {
        return environment.lookups();
    }

    @Override
    public Expander expander() {
        return engine.expander(context);
    }

    @Override
    public HostResolver resolver() {
        return environment.resolver();
    }
}
