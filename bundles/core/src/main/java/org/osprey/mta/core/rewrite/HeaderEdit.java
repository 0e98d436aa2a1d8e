package org.osprey.mta.core.rewrite;

import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.kernel.address.Rfc822;

/**
 * Exim's rewrite_one_header for one header: each address in turn qualified and rewritten,
 * and the new address edited into the text in place, down to the fold Exim adds after an
 * address that grew when the line has become long. Offsets follow the C code so that the
 * result is Exim's byte for byte.
 *
 * <p>With a routed change of domain (Exim's routed_old and routed_new, from a router's
 * rf_change_domain) no address is qualified: an address at the old domain, in any case, gets
 * the new one, and the header's rules then apply to it; other addresses stay as they are.
 */
final class HeaderEdit {
    private final Rewriter rewriter;
    private final AddressField field;
    private final String routedOld;
    private final String routedNew;
    private String text;

    HeaderEdit(Rewriter rewriter, AddressField field, String text) {
        this(rewriter, field, text, null, null);
    }

    /** A routed change of domain: addresses at {@code routedOld} move to {@code routedNew} (byte strings). */
    HeaderEdit(Rewriter rewriter, AddressField field, String text, String routedOld, String routedNew) {
        this.rewriter = rewriter;
        this.field = field;
        this.text = text;
        this.routedOld = routedOld;
        this.routedNew = routedNew;
    }

    /** The new text, or null when no address changed. */
    String run(boolean allowUnqualifiedSender, boolean allowUnqualifiedRecipient, ExpansionContext context,
            RewriteLog log) {
        Rfc822.Syntax syntax = rewriter.syntax().copy();
        syntax.allowGroup = true;
        boolean isRecipient = !field.isSender();
        boolean changedAny = false;
        int lastNewline = 0;
        int s = text.indexOf(':') + 1;
        while (s < text.length() && Rfc822.isSpace(text.charAt(s))) {
            s++;
        }
        while (s < text.length() && text.charAt(s) != 0) {
            int ss = Rfc822.findAddressEnd(text, s, false);
            boolean terminated = ss < text.length() && text.charAt(ss) != 0;
            Rfc822.Extracted r = Rfc822.extract(text.substring(s, ss), syntax, false);
            int sprev = s;
            s = ss + (terminated ? 1 : 0);
            while (s < text.length() && Rfc822.isSpace(text.charAt(s))) {
                s++;
            }
            if (!r.ok()) {
                // Debian's 4.96 notes the address and carries on (the source exits here).
                if ((!rewriter.isEmpty() || routedOld != null) && !r.error().equals("empty address")) {
                    log.note("rewrite: " + Rfc822.text(r.error()));
                }
                continue;
            }
            String recipient;
            boolean changed;
            if (routedOld != null) {
                int domain = r.domain();
                if (domain <= 0 || !asciiEqualsIgnoreCase(r.address().substring(domain), routedOld)) {
                    continue;
                }
                recipient = r.address().substring(0, domain) + routedNew;
                changed = true;
            } else {
                recipient = rewriter.qualify(r.address(), isRecipient);
                changed = !recipient.equals(r.address());
                if (changed && !(isRecipient ? allowUnqualifiedRecipient : allowUnqualifiedSender)) {
                    continue;
                }
            }
            String replacement = recipient;
            int start = r.start();
            int end = r.end();
            if (rewriter.hasRulesFor(field.flag())) {
                Rewriter.Outcome o = rewriter.rewriteOne(recipient, field, false, null, null, context, log);
                if (o.rewritten()) {
                    changed = true;
                    replacement = o.address();
                    if (o.whole()) {
                        start = 0;
                        end = ss - sprev;
                        if (end > 0 && text.charAt(sprev + end - 1) == '\n') {
                            end--;
                        }
                    }
                }
            }
            if (!changed) {
                continue;
            }
            int newlen = replacement.length();
            int oldlen = end - start;
            StringBuilder newt = new StringBuilder(text.length() + newlen + 4);
            newt.append(text, 0, sprev + start).append(replacement);
            if (s - (sprev + end) > 0) {
                newt.append(text, sprev + end, s);
            }
            if (newlen > oldlen && newt.length() - lastNewline > 40) {
                int p = s - 1;
                while (p > 0 && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
                    p--;
                }
                if (text.charAt(p) != '\n') {
                    lastNewline = newt.length();
                    newt.append("\n\t");
                }
            }
            newt.append(text, s, text.length());
            int remlen = s - oldlen + newlen;
            text = newt.toString();
            s = remlen;
            changedAny = true;
        }
        return changedAny ? text : null;
    }

    /** Exim's strcmpic: only ASCII letters fold. */
    private static boolean asciiEqualsIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && lower(x) != lower(y)) {
                return false;
            }
        }
        return true;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
