package org.osprey.mta.core.rewrite;

import java.io.PrintStream;
import org.osprey.mta.core.config.RewriteRule;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.kernel.address.Rfc822;

/**
 * Exim's {@code -brw address} (rewrite_test): the S rules' result when there are any, then
 * the address as each header and envelope field would have it after the rules. Prints what
 * Exim prints, byte for byte; problems with the rules go to the log the caller gives.
 */
public final class RewriteTester {
    private RewriteTester() {
    }

    /**
     * Runs the test for {@code address} (as given on the command line); returns the exit code.
     */
    public static int run(Rewriter rewriter, String address, ExpansionContext context, RewriteLog log,
            PrintStream out) {
        if (rewriter.isEmpty()) {
            out.print("No rewrite rules are defined\n");
            return 0;
        }
        String s = Rfc822.bytes(address);
        boolean doneSmtp = false;
        if (rewriter.hasRulesFor(RewriteRule.SMTP)) {
            Rewriter.Outcome o = rewriter.rewriteOne(s, null, true, null, null, context, log);
            if (o.rewritten()) {
                print(out, "    SMTP: " + (o.address().isEmpty() ? "<>" : o.address()) + "\n");
                doneSmtp = true;
            }
        }
        if (!rewriter.hasRulesFor(~RewriteRule.SMTP)) {
            return 0;
        }
        if (Rfc822.findAt(s) < 0) {
            s = rewriter.qualify(s, true);
        }
        Rfc822.Extracted r = Rfc822.extract(s, rewriter.syntax().copy(), false);
        if (!r.ok()) {
            if (!doneSmtp) {
                String e = r.error();
                print(out, "Syntax error in " + s + "\n" + (e.isEmpty() ? "" : Character.toUpperCase(e.charAt(0))
                        + e.substring(1)) + "\n");
            }
            return 0;
        }
        for (AddressField field : AddressField.values()) {
            Rewriter.Outcome o = rewriter.rewriteOne(r.address(), field, false, null, null, context, log);
            String shown;
            if (o.address().isEmpty()) {
                shown = "<>";
            } else if (o.whole() || !field.isHeader()) {
                shown = o.address();
            } else {
                shown = s.substring(0, r.start()) + o.address() + s.substring(r.end());
            }
            print(out, field.testName() + ": " + shown + "\n");
        }
        return 0;
    }

    private static void print(PrintStream out, String bytes) {
        out.write(Rfc822.latin1Bytes(bytes), 0, bytes.length());
        out.flush();
    }
}
