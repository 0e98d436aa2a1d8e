package org.osprey.mta.kernel.expand;

import java.util.Map;

/**
 * Exim's string expansion, bound to the context of the call that handed it out.
 * Thread-confined: an expander belongs to the delivery or session that made it.
 */
public interface Expander {

    /**
     * Expands {@code template}: variables, expansion items, operators and conditions.
     *
     * @throws ExpansionException on an error or a forced failure; never anything else,
     *         whatever the template holds
     */
    String expand(String template) throws ExpansionException;

    /**
     * An expander that sees the same context plus {@code variables}, for the variables a
     * driver defines while it works: {@code $auth1}..{@code $authN} in an authenticator,
     * {@code $value} while a driver evaluates a lookup result, and the like. The names are
     * given without the dollar sign; the engine refuses names that are not such variables.
     */
    Expander with(Map<String, String> variables);
}
