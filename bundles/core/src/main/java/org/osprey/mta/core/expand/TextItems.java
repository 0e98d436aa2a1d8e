package org.osprey.mta.core.expand;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osprey.mta.kernel.expand.ExpansionException;

/** Items that rework text: ${tr}, ${sg}, ${listquote} and the argument forms of substr, length, hash and nhash. */
final class TextItems {
    private TextItems() {
    }

    static String translate(Evaluation ev, List<String> args) {
        String subject = args.get(0);
        String from = args.get(1);
        String to = args.get(2);
        if (to.isEmpty()) {
            return subject;
        }
        StringBuilder b = new StringBuilder(subject);
        int o2m = to.length() - 1;
        for (int i = 0; i < b.length(); i++) {
            int o = from.lastIndexOf(b.charAt(i));
            if (o >= 0) {
                b.setCharAt(i, to.charAt(Math.min(o, o2m)));
            }
        }
        return b.toString();
    }

    static String listQuote(Evaluation ev, List<String> args) {
        String sep = args.get(0).isEmpty() ? "\0" : args.get(0).substring(0, 1);
        String item = args.get(1);
        if (item.isEmpty()) {
            return " ";
        }
        return item.replace(sep, sep + sep);
    }

    /** ${substr}, ${length}, ${hash}, ${nhash} with braced numbers. */
    static ItemAction substring(String name) {
        return (ev, args) -> {
            String[] sub = {args.get(0), args.get(1), args.size() > 2 ? args.get(2) : null};
            if (sub[2] == null) {
                sub[2] = sub[1];
                sub[1] = null;
                if (name.equals("length")) {
                    sub[1] = sub[0];
                    sub[0] = null;
                }
            }
            int[] val = {0, -1};
            for (int i = 0; i < 2; i++) {
                if (sub[i] != null) {
                    Long v = leadingLong(sub[i]);
                    if (v == null || (i != 0 && v < 0)) {
                        throw ExpansionException.error("\"" + sub[i] + "\" is not a" + (i != 0 ? " positive" : "")
                                + " number (in \"" + name + "\" expansion)");
                    }
                    val[i] = (int) (long) v;
                }
            }
            switch (name) {
                case "hash": return Substrings.hash(sub[2], val[0], val[1]);
                case "nhash": return Substrings.nhash(sub[2], val[0], val[1]);
                default: return Substrings.substr(sub[2], val[0], val[1]);
            }
        };
    }

    /** C's strtol over the whole string; null when characters are left over. */
    private static Long leadingLong(String s) {
        int p = 0;
        while (p < s.length() && Chars.isSpace(s.charAt(p))) {
            p++;
        }
        boolean negative = false;
        if (p < s.length() && (s.charAt(p) == '-' || s.charAt(p) == '+')) {
            negative = s.charAt(p) == '-';
            p++;
        }
        int digits = p;
        long v = 0;
        while (p < s.length() && Chars.isDigit(s.charAt(p))) {
            v = Math.min(v * 10 + s.charAt(p++) - '0', Integer.MAX_VALUE);
        }
        if (p == digits) {
            return s.isEmpty() ? 0L : null;
        }
        return p < s.length() ? null : negative ? -v : v;
    }

    /** ${sg{subject}{regex}{replacement}}: every match replaced; $1.. are set while the replacement is expanded. */
    static String substitute(Evaluation ev, List<String> args) throws ExpansionException {
        String subject = args.get(0);
        Pattern re = Regex.compile(args.get(1), false);
        Object saved = ev.saveNumbered();
        StringBuilder out = new StringBuilder();
        Matcher m = Regex.matcher(re, subject);
        int offset = 0;
        int from = 0;
        boolean notEmpty = false;
        try {
            while (from <= subject.length()) {
                m.region(from, subject.length());
                boolean found = notEmpty ? Regex.lookingAt(m) && m.end() > m.start() : Regex.find(m);
                if (!found) {
                    if (notEmpty) {
                        notEmpty = false;
                        from++;
                        continue;
                    }
                    break;
                }
                String[] groups = Regex.groups(m);
                ev.setNumbered(groups, groups.length);
                out.append(subject, offset, m.start());
                out.append(ev.engine().expandNested(ev, args.get(2)));
                ev.checkLength(out.length());
                offset = m.end();
                from = offset;
                notEmpty = false;
                if (m.start() == m.end()) {
                    if (m.end() == subject.length()) {
                        break;
                    }
                    notEmpty = true;
                }
            }
            out.append(subject, offset, subject.length());
        } finally {
            ev.restoreNumbered(saved);
        }
        return out.toString();
    }
}
