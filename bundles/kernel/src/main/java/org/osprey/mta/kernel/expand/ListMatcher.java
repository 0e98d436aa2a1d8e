package org.osprey.mta.kernel.expand;

import org.osprey.mta.kernel.model.Host;

/**
 * Matches items against Exim lists (named lists, lookups, negation, wildcards and the
 * other forms of Exim's chapter "Domain, host, address, and local part lists"). The list
 * text is expanded first, as Exim does for the options that hold lists.
 */
public interface ListMatcher {

    MatchResult domain(String list, String domain) throws ExpansionException;

    /** Matches a host by address and, where the list needs it, by name (looked up if the host has none). */
    MatchResult host(String list, Host host) throws ExpansionException;

    MatchResult address(String list, String address) throws ExpansionException;

    MatchResult localPart(String list, String localPart) throws ExpansionException;
}
