package org.osprey.mta.kernel.acl;

import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;

/**
 * What a condition may ask of the engine: expansion in the ACL's context (the connection,
 * the message so far, {@code $acl_c*} and {@code $acl_m*} variables) and list matching.
 */
public interface AclContext {

    Expander expander();

    ListMatcher lists();

    /** The ACL being run, such as {@code acl_smtp_rcpt}, for messages. */
    String aclName();
}
