package org.osprey.mta.core.acl;

/**
 * One condition or modifier of an ACL statement, as written.
 *
 * @param type what it is
 * @param name its name as written (the driver's name for {@link AclItemType#DRIVER})
 * @param negated written with a leading {@code !} (conditions only)
 * @param argument the text after {@code =}, not expanded; "" for {@code endpass}
 * @param variable for {@code set}, the variable's name ({@code acl_c0}, {@code acl_m_x}); else null
 */
record AclItem(AclItemType type, String name, boolean negated, String argument, String variable) {
}
