package org.osprey.mta.core.expand;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osprey.mta.core.lists.ListReader;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * {@code ${sort{list}{comparator}{extractor}}}: an insertion sort (stable, as Exim's) on the
 * key the extractor gives for each item, with a string comparator ({@code lt}, {@code gei} ...)
 * or a numeric one ({@code <}, {@code >=} ...).
 */
record SortItem(Node list, Node comparator, Node extractor, String extractorText, SyntaxError trailing)
        implements Node {
    private static final Set<String> COMPARATORS =
            Set.of("<", "<=", ">", ">=", "ge", "gei", "gt", "gti", "le", "lei", "lt", "lti");

    @Override
    public String eval(Evaluation ev, boolean skipping) throws ExpansionException {
        String text = list.eval(ev, skipping);
        String cmp = comparator.eval(ev, skipping);
        Parser p = new Parser(cmp, 0);
        String op = ConditionParser.operatorName(p);
        if (op.isEmpty()) {
            throw ExpansionException.error("condition name expected, but found \"" + Chars.rest(cmp, p.pos, 16) + "\"");
        }
        if (!COMPARATORS.contains(op)) {
            throw ExpansionException.error(ConditionParser.isCondition(op) ? "comparator not handled for sort" : "");
        }
        extractor.eval(ev, true);
        if (trailing != null) {
            trailing.eval(ev, skipping);
        }
        if (skipping) {
            return "";
        }
        boolean alpha = Chars.isAlpha(op.charAt(0));
        String savedItem = ev.item();
        List<String> items = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        ListReader reader = new ListReader(text);
        try {
            for (String item = reader.next(); item != null; item = reader.next()) {
                ev.setItem(item);
                String key;
                try {
                    key = extractor.eval(ev, false);
                } catch (ExpansionException e) {
                    key = "";
                }
                if (key.isEmpty()) {
                    throw ExpansionException.error("field-extract in sort: \"" + extractorText + "\"");
                }
                int at = items.size();
                for (int i = 0; i < keys.size(); i++) {
                    if (before(op, alpha, key, keys.get(i))) {
                        at = i;
                        break;
                    }
                }
                items.add(at, item);
                keys.add(at, key);
            }
        } finally {
            ev.setItem(savedItem);
        }
        String sep = String.valueOf((char) reader.separator());
        StringBuilder out = new StringBuilder();
        for (String item : items) {
            if (out.length() > 0) {
                out.append(sep);
            }
            out.append(item.replace(sep, sep + sep));
        }
        return out.toString();
    }

    private static boolean before(String op, boolean alpha, String left, String right) {
        if (alpha) {
            return Comparison.holds(op, left, right, 0, 0);
        }
        try {
            return Comparison.holds(op, left, right, Numbers.integer(left), Numbers.integer(right));
        } catch (ExpansionException e) {
            return false;
        }
    }
}
