/**
 * Retry: the rules of the {@code begin retry} section ({@link org.osprey.mta.core.retry.RetryRules},
 * matched as Exim's retry_find_config), the F, G and H arithmetic
 * ({@link org.osprey.mta.core.retry.RetryStep}), the decisions Exim takes with the retry
 * hints ({@link org.osprey.mta.core.retry.RetryPolicy}: may this host, message, address or
 * domain be tried now; what to write after a failure; has it timed out), the keys and
 * records of the retry database, the wait-&lt;transport&gt; and misc hints, and the
 * {@code -brt} tester ({@link org.osprey.mta.core.retry.RetryTester}).
 *
 * <p>Private to the engine (it works on the engine's configuration); the store it uses,
 * {@link org.osprey.mta.core.hints.HintsStore}, is exported for the store bundles.
 *
 * <p>Everything here treats hints as advisory: a missing, stale or unreadable record means
 * "try now", never "fail" or "drop".
 */
package org.osprey.mta.core.retry;
