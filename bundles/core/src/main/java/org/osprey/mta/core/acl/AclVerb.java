package org.osprey.mta.core.acl;

import java.util.Locale;

/** The seven ACL verbs. */
enum AclVerb {
    ACCEPT, DEFER, DENY, DISCARD, DROP, REQUIRE, WARN;

    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static AclVerb find(String name) {
        for (AclVerb v : values()) {
            if (v.word().equals(name)) {
                return v;
            }
        }
        return null;
    }

    /**
     * Whether {@code message} and {@code log_message} apply when the statement's conditions end
     * with this result (Exim's msgcond table; accept's FAIL case only matters after endpass).
     */
    boolean usesMessages(Outcome rc) {
        return switch (this) {
            case ACCEPT, DISCARD -> rc == Outcome.OK || rc == Outcome.FAIL || rc == Outcome.FAIL_DROP;
            case DEFER, DENY, DROP, WARN -> rc == Outcome.OK;
            case REQUIRE -> rc == Outcome.FAIL || rc == Outcome.FAIL_DROP;
        };
    }

    /** Exim's internal results of a condition, a statement or an ACL. */
    enum Outcome { OK, DISCARD, FAIL, FAIL_DROP, DEFER, ERROR }
}
