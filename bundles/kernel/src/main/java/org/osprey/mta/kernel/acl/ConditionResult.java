package org.osprey.mta.kernel.acl;

import java.util.Map;
import java.util.Objects;

/** The value of an ACL condition (Exim's OK, FAIL, DEFER and ERROR). */
public sealed interface ConditionResult {

    /**
     * The condition is true.
     *
     * @param variables variables the condition sets for the rest of the ACL statement and
     *        its message, such as {@code dnslist_text}; names without the dollar sign
     */
    record Ok(Map<String, String> variables) implements ConditionResult {
        public Ok {
            variables = Map.copyOf(variables);
        }
    }

    /** The condition is false. */
    record Fail() implements ConditionResult {
    }

    /**
     * The condition cannot be decided now: the ACL verb's defer rules apply.
     *
     * @param message the reason, logged
     */
    record Defer(String message) implements ConditionResult {
        public Defer {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The condition is wrongly used (a bad argument): an error, logged to the panic log.
     *
     * @param message the reason
     */
    record Error(String message) implements ConditionResult {
        public Error {
            Objects.requireNonNull(message, "message");
        }
    }

    static ConditionResult ok() {
        return new Ok(Map.of());
    }

    static ConditionResult fail() {
        return new Fail();
    }
}
