package org.osprey.mta.core.acl;

/** How an ACL ended (Exim's OK, DISCARD, FAIL, FAIL_DROP, DEFER, ERROR). */
public enum AclVerdict {
    /** accept, or a discard's acceptance without delivery. */
    ACCEPT,
    /** discard: accept, but drop the recipient (or the message). */
    DISCARD,
    /** deny, or a failed require. */
    DENY,
    /** drop: deny and close the connection (421 after the 5xx). */
    DROP,
    /** defer, or a condition that could not be decided. */
    DEFER,
    /** a configuration or expansion error. */
    ERROR
}
