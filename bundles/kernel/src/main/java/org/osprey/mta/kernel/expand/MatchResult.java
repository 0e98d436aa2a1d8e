package org.osprey.mta.kernel.expand;

/** The result of testing an item against an Exim list (Exim's OK, FAIL and DEFER from match_isinlist). */
public enum MatchResult {
    /** The item is in the list (a positive entry matched first). */
    MATCH,
    /** The item is not in the list, or a negated entry matched first. */
    NO_MATCH,
    /** The answer cannot be had now: a lookup or a DNS query deferred. */
    DEFER
}
