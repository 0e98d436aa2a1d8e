package org.osprey.mta.lookup.lsearch;

import org.osgi.service.component.annotations.Component;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.lookup.LookupDriver;

/**
 * Exim's wildlsearch: like lsearch, but each key in the file is expanded in the caller's
 * context and then matched as a pattern ({@code ^regex}, {@code *suffix}, literal, with
 * {@code !} and {@code /file} as in a string list). Use {@code \N...\N} to keep a regular
 * expression from being expanded.
 */
@Component(service = LookupDriver.class)
@MtaDriver(kind = MtaDriver.LOOKUP, name = "wildlsearch")
public final class WildlsearchDriver extends WildSearch {

    public WildlsearchDriver() {
        super(true);
    }
}
