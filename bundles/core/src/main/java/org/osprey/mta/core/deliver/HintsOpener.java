package org.osprey.mta.core.deliver;

import org.osprey.mta.core.hints.HintsException;
import org.osprey.mta.core.hints.HintsStore;

/** Opens the hints store for a delivery process. */
@FunctionalInterface
public interface HintsOpener {
    /**
     * Opens the store; with {@code create} false, only one that exists already (reading or
     * deleting in an absent store is pointless, and creating one costs). Null for none.
     */
    HintsStore open(boolean create) throws HintsException;
}
