package org.osprey.mta.core.config;

import java.util.List;

/**
 * One ACL of the {@code begin acl} section, as read: its name, where the name is, and the
 * logical lines of its body, not yet parsed into verbs and conditions (the ACL engine
 * does that).
 *
 * @param name the ACL's name
 * @param location where the {@code name:} line is
 * @param lines the body, each line with its location
 */
public record AclDefinition(String name, Location location, List<LogicalLine> lines) {
    public AclDefinition {
        lines = List.copyOf(lines);
    }
}
