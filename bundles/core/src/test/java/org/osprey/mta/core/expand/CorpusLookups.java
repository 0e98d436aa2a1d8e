package org.osprey.mta.core.expand;

import org.osprey.mta.core.lookup.Lookups;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.registry.DriverService;

/**
 * The lookup layer with the lsearch and dsearch drivers (and a query-style stand-in for dnsdb), found by name so that the corpus
 * compiles and runs without them (their cases are then skipped).
 */
final class CorpusLookups {
    private static final String[] DRIVERS = {
        "lsearch", "org.osprey.mta.lookup.lsearch.LsearchDriver",
        "wildlsearch", "org.osprey.mta.lookup.lsearch.WildlsearchDriver",
        "nwildlsearch", "org.osprey.mta.lookup.lsearch.NwildlsearchDriver",
        "iplsearch", "org.osprey.mta.lookup.lsearch.IplsearchDriver",
        "dsearch", "org.osprey.mta.lookup.dsearch.DsearchDriver",
    };

    private CorpusLookups() {
    }

    /** The layer, or null when a class it needs is missing. */
    static Lookups create() {
        try {
            DriverRegistry registry = new DriverRegistry();
            for (int i = 0; i < DRIVERS.length; i += 2) {
                Object driver = Class.forName(DRIVERS[i + 1]).getDeclaredConstructor().newInstance();
                registry.add(new DriverService(DriverKind.LOOKUP, DRIVERS[i], driver, 0, i + 1L, "corpus"));
            }
            registry.add(new DriverService(DriverKind.LOOKUP, "dnsdb", new QueryDriver(), 0, 99L, "corpus"));
            Class<?> layer = Class.forName("org.osprey.mta.core.lookup.SearchLayer");
            return (Lookups) layer.getConstructor(DriverRegistry.class).newInstance(registry);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
