package org.osprey.mta.lookup.lsearch;

import org.osgi.service.component.annotations.Component;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.lookup.LookupDriver;

/** Exim's nwildlsearch: wildlsearch without the expansion of the keys in the file. */
@Component(service = LookupDriver.class)
@MtaDriver(kind = MtaDriver.LOOKUP, name = "nwildlsearch")
public final class NwildlsearchDriver extends WildSearch {

    public NwildlsearchDriver() {
        super(false);
    }
}
