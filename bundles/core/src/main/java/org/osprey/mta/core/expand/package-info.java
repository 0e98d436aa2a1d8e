/**
 * Exim's string expansion language, compiled once and evaluated many times.
 *
 * <p>{@link org.osprey.mta.core.expand.ExpansionEngine} compiles a string into an immutable
 * tree of nodes (text, variables, one class per family of items, operators and conditions)
 * and evaluates it against an {@link org.osprey.mta.core.expand.ExpansionContext}; it hands
 * out the kernel's {@code Expander} and {@code ListMatcher}. What the configuration supplies
 * comes through {@link org.osprey.mta.core.expand.ExpansionEnvironment}.
 * {@link org.osprey.mta.core.expand.ExpansionTester} is {@code -be}.
 *
 * <p>Fidelity rules: strings are byte strings inside (one char per byte) so that lengths,
 * hashes and escapes count as Exim counts them; syntax errors are kept in place and raised
 * when evaluation reaches them, so that Exim's order of errors holds; in a branch not taken
 * ("skipping") only the errors Exim reports there are reported. Evaluation never throws
 * anything but {@code ExpansionException}, and nesting, result size and regular-expression
 * effort are bounded.
 */
package org.osprey.mta.core.expand;
