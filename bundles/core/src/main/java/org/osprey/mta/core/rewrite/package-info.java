/**
 * Exim 4.96's address rewriting (its chapter "Address rewriting", rewrite.c).
 * {@link org.osprey.mta.core.rewrite.Rewriter} applies an ordered list of rules (the rewrite
 * section's, or a transport's {@code headers_rewrite}) to envelope addresses, to the argument
 * of MAIL and RCPT (the S flag), and to the addresses in Sender:, From:, Reply-To:, To:, Cc:
 * and Bcc: headers and their Resent- versions, where it also qualifies unqualified addresses.
 * {@link org.osprey.mta.core.rewrite.RewriteTester} is {@code -brw}.
 *
 * <p>Patterns are matched as one-item address lists (expanded first; lookups, wildcards,
 * regular expressions, {@code @@} split lookups), replacements expanded with {@code $0},
 * {@code $1} ..., {@code $local_part} and {@code $domain}. A rule that goes wrong never fails
 * a message: the address stays as it was and the panic log says why, as in Exim.
 */
package org.osprey.mta.core.rewrite;
