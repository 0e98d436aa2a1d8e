package org.osprey.mta.core.acl;

import org.osprey.mta.core.config.Location;

/** An ACL that does not parse: Exim's message, without the "error in ACL: " that callers add. */
final class AclSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Location location;

    AclSyntaxException(String message, Location location) {
        super(message);
        this.location = location;
    }

    Location location() {
        return location;
    }
}
