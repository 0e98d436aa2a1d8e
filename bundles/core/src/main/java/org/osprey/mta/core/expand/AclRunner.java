package org.osprey.mta.core.expand;

import java.util.List;

/**
 * Runs a named ACL for {@code ${acl}} and the {@code acl} condition. The ACL engine supplies
 * one; without it every ACL is unknown, and Exim answers ERROR for an unknown ACL.
 */
@FunctionalInterface
public interface AclRunner {

    /** An ACL's verdict ({@code OK} for accept, {@code FAIL} for deny ...) and the text of its {@code message=}. */
    record Result(Verdict verdict, String message) {
    }

    /** Exim's results of acl_eval. */
    enum Verdict { OK, DISCARD, FAIL, FAIL_DROP, DEFER, ERROR }

    Result run(String name, List<String> arguments);

    /**
     * Runs an ACL from an expansion in {@code context}: the engine uses the caller's variables
     * when no ACL is running on this thread.
     */
    default Result run(String name, List<String> arguments, ExpansionContext context) {
        return run(name, arguments);
    }

    /** The runner of an engine without ACLs. */
    AclRunner NONE = (name, arguments) -> new Result(Verdict.ERROR, null);
}
