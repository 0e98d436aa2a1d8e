package org.osprey.mta.core.acl;

import java.util.List;
import org.osprey.mta.core.config.Location;

/**
 * One verb of an ACL with its conditions and modifiers, in order.
 *
 * @param verb the verb
 * @param location where the verb is (null for an ACL given as text in an option)
 * @param items its conditions and modifiers
 */
record AclStatement(AclVerb verb, Location location, List<AclItem> items) {
    AclStatement {
        items = List.copyOf(items);
    }
}
