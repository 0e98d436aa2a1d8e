package org.osprey.mta.kernel.acl;

/** An ACL condition: published as a service with {@code mta.driver.kind=condition} and the condition's name. */
@FunctionalInterface
public interface ConditionDriver {

    /**
     * Evaluates the condition.
     *
     * @param argument the text after {@code =}, expanded
     * @param context the ACL's context
     */
    ConditionResult evaluate(String argument, AclContext context);
}
