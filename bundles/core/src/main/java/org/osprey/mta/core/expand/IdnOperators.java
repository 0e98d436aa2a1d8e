package org.osprey.mta.core.expand;

import java.net.IDN;
import org.osprey.mta.kernel.expand.ExpansionException;

/** The internationalisation operators: domains and local parts between UTF-8 and A-labels. */
final class IdnOperators {
    private IdnOperators() {
    }

    static String domainToAlabel(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        try {
            return IDN.toASCII(ByteStrings.external(s), IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw ExpansionException.error("error converting utf8 (" + Printing.escape(s, false) + ") to alabel: " + e.getMessage());
        }
    }

    static String domainFromAlabel(Evaluation ev, String name, String arg, String s) {
        return ByteStrings.internal(IDN.toUnicode(s, IDN.ALLOW_UNASSIGNED));
    }

    static String localPartToAlabel(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        return s;
    }

    static String localPartFromAlabel(Evaluation ev, String name, String arg, String s) {
        return s;
    }
}
