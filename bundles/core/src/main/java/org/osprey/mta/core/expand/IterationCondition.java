package org.osprey.mta.core.expand;

import org.osprey.mta.core.lists.ListReader;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * {@code forall}, {@code forany} and their {@code _json} (array elements) and {@code _jsons}
 * (elements unquoted) forms: the condition is scanned once, then tested with $item set to each
 * element, stopping as soon as the answer is known. As in Exim the elements are tested even
 * while skipping.
 */
record IterationCondition(String name, Node list, Condition condition, SyntaxError trailing) implements Condition {

    @Override
    public boolean test(Evaluation ev, boolean skipping) throws ExpansionException {
        boolean any = name.startsWith("forany");
        boolean json = name.contains("_json");
        boolean jsons = name.endsWith("_jsons");
        String text = list.eval(ev, skipping);
        if (condition == null) {
            throw ExpansionException.error("internal error: broken " + name);
        }
        try {
            condition.test(ev, true);
        } catch (ExpansionException e) {
            throw Errors.wrap(e, e.getMessage() + " inside \"" + name + "\" condition");
        }
        if (trailing != null) {
            trailing.eval(ev, skipping);
        }
        String savedItem = ev.item();
        boolean result = false;
        try {
            ListReader reader = json ? null : new ListReader(text);
            Json.Elements elements = null;
            if (json) {
                try {
                    elements = new Json.Elements(Json.dewrap(text, '[', ']'));
                } catch (Json.Unwrapped e) {
                    throw ExpansionException.error(e.getMessage() + " wrapping array for " + name);
                }
            }
            for (String item = json ? elements.next() : reader.next(); item != null;
                    item = json ? elements.next() : reader.next()) {
                if (jsons) {
                    try {
                        item = Json.dewrap(item, '"', '"');
                    } catch (Json.Unwrapped e) {
                        throw ExpansionException.error(e.getMessage() + " wrapping string result for extract jsons");
                    }
                }
                ev.setItem(item);
                boolean r;
                try {
                    r = condition.test(ev, false);
                } catch (ExpansionException e) {
                    throw Errors.wrap(e, e.getMessage() + " inside \"" + name + "\" condition");
                }
                result = r;
                if (r == any) {
                    break;
                }
            }
        } finally {
            ev.setItem(savedItem);
        }
        return result;
    }
}
