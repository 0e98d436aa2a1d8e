package org.osprey.mta.core.expand;

import java.util.List;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * {@code ${extract{key}{string}...}}, {@code ${extract{n}{separators}{string}...}} and the
 * {@code json}/{@code jsons} forms. Whether the first argument is a number decides, when the
 * item runs, how many arguments come before the yes/no strings, so both readings are compiled;
 * while skipping Exim only skims the braces, and so does this.
 */
record ExtractItem(Format format, Reading keyed, Reading numbered, List<Node> skimmed) implements Node {

    enum Format { BASIC, JSON, JSONS }

    /** The arguments and yes/no strings under one reading of the braces. */
    record Reading(List<Node> args, YesNo yesNo) {
    }

    @Override
    public String eval(Evaluation ev, boolean skipping) throws ExpansionException {
        String savedValue = ev.value();
        Object saved = ev.saveNumbered();
        if (skipping) {
            for (Node n : skimmed) {
                n.eval(ev, true);
            }
            ev.setValue(savedValue);
            return "";
        }
        String first = Chars.trim(keyed.args().get(0).eval(ev, false));
        if (first.isEmpty()) {
            throw ExpansionException.error("first argument of \"extract\" must not be empty");
        }
        Integer field = fieldNumber(first);
        Reading reading = field != null && format == Format.BASIC ? numbered : keyed;
        String[] args = new String[reading.args().size()];
        for (int i = 1; i < args.length; i++) {
            args[i] = reading.args().get(i).eval(ev, false);
        }
        String value;
        if (format == Format.BASIC) {
            value = field != null ? Fields.tokened(field, args[1], args[2]) : Fields.keyed(first, args[1]);
        } else {
            value = json(ev, field, first, args[1]);
        }
        ev.setValue(value);
        String out = reading.yesNo().apply(ev, false, value != null, savedValue, "extract");
        ev.restoreNumbered(saved);
        return out;
    }

    private static Integer fieldNumber(String s) {
        int sign = 1;
        int i = 0;
        if (s.charAt(0) == '-') {
            sign = -1;
            i++;
        }
        int x = 0;
        while (i < s.length() && Chars.isDigit(s.charAt(i))) {
            x = x * 10 + s.charAt(i++) - '0';
        }
        return i == s.length() ? sign * x : null;
    }

    private String json(Evaluation ev, Integer field, String key, String text) throws ExpansionException {
        String inner;
        try {
            inner = field != null ? Json.dewrap(text, '[', ']') : Json.dewrap(text, '{', '}');
        } catch (Json.Unwrapped e) {
            throw curly(ev, e.getMessage() + " wrapping " + (field != null ? "array" : "object") + " for extract json");
        }
        Json.Elements elements = new Json.Elements(inner);
        String value = null;
        if (field != null) {
            if (field <= 0) {
                throw ExpansionException.error("first argument of \"extract\" must be greater than zero");
            }
            String item = null;
            for (int n = field; n > 0; n--) {
                item = elements.next();
                if (item == null) {
                    break;
                }
            }
            value = item == null ? null : item.stripTrailing();
        } else {
            for (String item = elements.next(); item != null; item = elements.next()) {
                String name;
                try {
                    name = Json.dewrap(item, '"', '"');
                } catch (Json.Unwrapped e) {
                    throw curly(ev, e.getMessage() + " wrapping string key for extract json");
                }
                if (name.equals(key)) {
                    String rest = Json.afterQuoted(item).stripLeading();
                    if (!rest.startsWith(":")) {
                        throw curly(ev, "missing object value-separator for extract json");
                    }
                    value = rest.substring(1).stripLeading();
                    break;
                }
            }
        }
        if (format == Format.JSONS && value != null) {
            try {
                value = Json.dewrap(value, '"', '"');
            } catch (Json.Unwrapped e) {
                throw curly(ev, e.getMessage() + " wrapping string result for extract jsons");
            }
        }
        return value;
    }

    private static ExpansionException curly(Evaluation ev, String message) {
        return ExpansionException.error(SyntaxError.curly(message).eval(ev));
    }
}
