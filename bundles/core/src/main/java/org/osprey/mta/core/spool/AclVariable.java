package org.osprey.mta.core.spool;

import java.util.Objects;

/**
 * An ACL variable kept on the spool: {@code -aclc <rest> <length>} or
 * {@code -aclm <rest> <length>}, followed by exactly {@code length} bytes of value (which may
 * contain newlines) and a newline. It holds the value and never expands it.
 *
 * @param scope {@code 'c'} for {@code acl_c...} (connection) or {@code 'm'} for {@code acl_m...}
 *        (message)
 * @param rest the name after {@code acl_c} or {@code acl_m}, e.g. {@code _flavour} or {@code 0}
 * @param value the value, newlines and all
 * @param tainted whether the line has a second dash
 * @param quoter the lookup type in parentheses, or null
 */
public record AclVariable(char scope, String rest, String value, boolean tainted, String quoter) {
    public AclVariable {
        if (scope != 'c' && scope != 'm') {
            throw new IllegalArgumentException("ACL variable scope must be c or m: " + scope);
        }
        Objects.requireNonNull(rest, "rest");
        Objects.requireNonNull(value, "value");
        if (rest.isEmpty() || rest.indexOf(' ') >= 0 || rest.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("bad ACL variable name: acl_" + scope + rest);
        }
    }

    /** The variable's full name, e.g. {@code acl_m_flavour}. */
    public String fullName() {
        return "acl_" + scope + rest;
    }
}
