package org.osprey.mta.kernel.model;

/** What is known of a host's usability, from the retry hints (Exim's hstatus_*). */
public enum HostStatus {
    /** Nothing known: the host may be tried. */
    UNKNOWN,
    /** Tried and usable. */
    USABLE,
    /** Not to be tried now: its retry time has not come, or it failed for this message. */
    UNUSABLE,
    /** Not usable, and past the retry cutoff for this message. */
    UNUSABLE_EXPIRED
}
