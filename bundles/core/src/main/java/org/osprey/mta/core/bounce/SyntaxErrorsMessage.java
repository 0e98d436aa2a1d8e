package org.osprey.mta.core.bounce;

import java.util.List;
import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.router.RoutingContext.SyntaxError;

/**
 * The message Exim's moan_skipped_syntax_errors sends to a redirect router's
 * {@code syntax_errors_to}: the syntax errors its {@code skip_syntax_errors} skipped. Its text
 * is Exim's, including where Exim puts the References line: after the blank line that ends
 * the headers, so in the body.
 */
public final class SyntaxErrorsMessage {
    private SyntaxErrorsMessage() {
    }

    /**
     * The message, for submission as Exim's child_open_exim does (recipients from its To:).
     *
     * @param original the message being delivered, whose ids go in References
     * @param expander bound to the message being delivered, for {@code dsn_from}
     * @param custom {@code syntax_errors_text}, expanded, or null
     */
    public static String text(HeaderFile original, BounceSettings settings, Expander expander, String router,
            String to, String custom, List<SyntaxError> errors, boolean someGenerated) {
        StringBuilder sb = new StringBuilder("Auto-Submitted: auto-replied\n");
        sb.append("From: ").append(DsnReport.expandOr(expander, settings.dsnFrom(), settings.dsnFrom())).append('\n');
        sb.append("To: ").append(to).append('\n');
        sb.append("Subject: error(s) in forwarding or filtering\n\n");
        String references = DsnReport.references(original);
        if (references != null) {
            sb.append(references);
        }
        if (custom != null) {
            sb.append(custom).append("\n\n");
        }
        sb.append("The ").append(router).append(" router encountered the following error(s):\n\n");
        for (SyntaxError e : errors) {
            sb.append("  ").append(e.message());
            if (e.item() != null) {
                sb.append(" in the address\n  \"").append(e.item()).append('"');
            }
            sb.append("\n\n");
        }
        sb.append(someGenerated ? "Other addresses were processed normally.\n" : "No valid addresses were generated.\n");
        return sb.toString();
    }
}
