package org.osprey.mta.core.acl;

import java.util.List;

/**
 * A parsed ACL: its statements in order. An ACL with no statements denies.
 *
 * @param description how Exim names it in messages: {@code ACL "name"} or {@code inline ACL}
 */
record Acl(String description, List<AclStatement> statements) {
    Acl {
        statements = List.copyOf(statements);
    }
}
