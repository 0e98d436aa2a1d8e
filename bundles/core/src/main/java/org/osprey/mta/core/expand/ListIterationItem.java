package org.osprey.mta.core.expand;

import org.osprey.mta.core.lists.ListReader;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * {@code ${map{list}{string}}}, {@code ${filter{list}{condition}}} and
 * {@code ${reduce{list}{start}{string}}}: the expression is first scanned once as skipped (so
 * its errors appear even for an empty list), then applied with $item set to each item. The
 * output lists keep the input's separator, doubling it inside items.
 */
record ListIterationItem(String kind, Node list, Node init, Node expr, Condition condition, SyntaxError trailing)
        implements Node {

    @Override
    public String eval(Evaluation ev, boolean skipping) throws ExpansionException {
        String savedItem = ev.item();
        String savedValue = ev.value();
        String text = list.eval(ev, skipping);
        if (init != null) {
            ev.setValue(init.eval(ev, skipping));
        }
        try {
            if (condition != null) {
                condition.test(ev, true);
            } else {
                expr.eval(ev, true);
            }
        } catch (ExpansionException e) {
            throw Errors.wrap(e, e.getMessage() + " inside \"" + kind + "\" item");
        }
        if (trailing != null) {
            trailing.eval(ev, skipping);
        }
        if (skipping) {
            ev.setValue(savedValue);
            return "";
        }
        StringBuilder out = new StringBuilder();
        ListReader reader = new ListReader(text);
        try {
            for (String item = reader.next(); item != null; item = reader.next()) {
                ev.setItem(item);
                char sep = (char) reader.separator();
                String temp;
                if (condition != null) {
                    boolean ok;
                    try {
                        ok = condition.test(ev, false);
                    } catch (ExpansionException e) {
                        throw Errors.wrap(e, e.getMessage() + " inside \"" + kind + "\" condition");
                    }
                    if (!ok) {
                        continue;
                    }
                    temp = item;
                } else {
                    try {
                        temp = expr.eval(ev, false);
                    } catch (ExpansionException e) {
                        throw Errors.wrap(e, e.getMessage() + " inside \"" + kind + "\" item");
                    }
                    if (kind.equals("reduce")) {
                        ev.setValue(temp);
                        continue;
                    }
                }
                if (out.length() > 0 && (temp.isEmpty() || temp.charAt(0) == sep)) {
                    out.append(' ');
                }
                String doubled = String.valueOf(sep);
                out.append(temp.replace(doubled, doubled + doubled)).append(sep);
                ev.checkLength(out.length());
            }
        } finally {
            ev.setItem(savedItem);
        }
        if (kind.equals("reduce")) {
            String result = ev.value() == null ? "" : ev.value();
            ev.setValue(savedValue);
            return result;
        }
        if (out.length() > 0) {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }
}
