package org.osprey.mta.core.acl;

/** Runs the configuration's ACLs for the SMTP session and local submissions. */
@FunctionalInterface
public interface AclEngine {

    /**
     * Runs the ACL that the main option {@link AclWhere#option()} names (an ACL of the
     * {@code begin acl} section, an absolute file name, or the text of an ACL, after expansion).
     *
     * @return the result, or null when the option is unset, so that the caller applies the
     *         point's default (accept, or for RCPT deny, VRFY 252, EXPN 550, ETRN 458)
     */
    AclResult run(AclWhere where, AclSubject subject);

    /** An engine for a configuration without ACL options: every option unset. */
    AclEngine NONE = (where, subject) -> null;
}
