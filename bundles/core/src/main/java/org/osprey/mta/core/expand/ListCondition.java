package org.osprey.mta.core.expand;

import org.osprey.mta.core.lists.ListMatching;
import org.osprey.mta.core.lists.ListReader;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.MatchResult;
import org.osprey.mta.kernel.model.IpAddress;

/**
 * {@code inlist}/{@code inlisti} (plain membership) and {@code match_domain},
 * {@code match_local_part}, {@code match_address}, {@code match_ip} (Exim's list matching; the
 * list is not expanded, named lists are). $value gets what matched.
 */
final class ListCondition extends TwoArgs {

    ListCondition(String name, Node first, Node second) {
        super(name, first, second);
    }

    @Override
    boolean decide(Evaluation ev, String subject, String list, long na, long nb) throws ExpansionException {
        if (name.startsWith("inlist")) {
            ListReader reader = new ListReader(list);
            for (String item = reader.next(); item != null; item = reader.next()) {
                if (name.equals("inlisti") ? Chars.compareIgnoreCase(subject, item) == 0 : subject.equals(item)) {
                    ev.setValue(item);
                    return true;
                }
            }
            return false;
        }
        ListMatching matching = ev.engine().listMatching(ev);
        ListMatching.Outcome outcome;
        switch (name) {
            case "match_domain":
                outcome = matching.domain(list, subject, false);
                break;
            case "match_local_part":
                outcome = matching.localPart(list, subject, false);
                break;
            case "match_address":
                outcome = matching.address(list, subject, false);
                break;
            default:
                if (!subject.isEmpty() && IpAddress.version(subject) == 0) {
                    throw ExpansionException.error("\"" + subject + "\" is not an IP address");
                }
                outcome = matching.host(list, "", subject, false);
                break;
        }
        ev.setValue(outcome.value());
        if (outcome.captures() != null && outcome.result() == MatchResult.MATCH) {
            ev.setNumbered(outcome.captures(), outcome.captures().length);
        }
        if (outcome.result() == MatchResult.DEFER) {
            throw ExpansionException.lookupDeferred("unable to complete match against \"" + list + "\": "
                    + (outcome.deferMessage() == null ? "NULL" : outcome.deferMessage()));
        }
        return outcome.result() == MatchResult.MATCH;
    }
}
