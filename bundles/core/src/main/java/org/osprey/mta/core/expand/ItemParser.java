package org.osprey.mta.core.expand;

import java.util.ArrayList;
import java.util.List;

/** Reads the expansion items ({@code ${name{arg}...}}) for the {@link Parser}, each as Exim scans it. */
final class ItemParser {
    private final Parser p;

    ItemParser(Parser parser) {
        this.p = parser;
    }

    /** The item called {@code name}, its name read; null when there is no such item. */
    Node item(String name) {
        switch (name) {
            case "if": return ifItem();
            case "lookup": return lookup();
            case "extract": return extract();
            case "listextract": return listExtract();
            case "env": return env();
            case "run": return run();
            case "map": case "filter": case "reduce": return iteration(name);
            case "sort": return sort();
            case "readsocket": return readSocket();
            case "certextract": return certExtract();
            case "prvscheck": return prvsCheck();
            case "perl": case "dlfunc":
                return p.fail(SyntaxError.plain("\"${" + name + "\" encountered, but this facility is not included in this binary"));
            case "acl": return args(name, 10, 1, true, SystemItems::acl, false);
            case "authresults": return args(name, 1, 1, true, SystemItems::authResults, true);
            case "hash": case "nhash": case "substr": return args(name, 3, 2, true, TextItems.substring(name), true);
            case "length": return args(name, 2, 2, true, TextItems.substring(name), true);
            case "hmac": return args(name, 3, 3, true, DigestItems::hmac, false);
            case "imapfolder": return args(name, 3, 1, true, ImapFolder::encode, true);
            case "listquote": return args(name, 2, 2, true, TextItems::listQuote, true);
            case "prvs": return args(name, 3, 2, true, DigestItems::prvs, false);
            case "readfile": return new Guarded(Restriction.READFILE, args(name, 2, 1, true, SystemItems::readFile, false));
            case "sg": return args(name, 3, 3, true, TextItems::substitute, true);
            case "srs_encode": return args(name, 3, 3, true, DigestItems::srsEncode, false);
            case "tr": return args(name, 3, 3, true, TextItems::translate, true);
            default: return null;
        }
    }

    /** Exim's read_subs: up to {@code n} braced arguments, at least {@code m}, then (if asked) the closing brace. */
    List<Node> readSubs(String name, int n, int m, boolean checkEnd) {
        List<Node> args = new ArrayList<>();
        p.skipSpace();
        for (int i = 0; i < n; i++) {
            if (p.at() != '{') {
                if (i < m) {
                    args.add(p.fail(SyntaxError.curly("Not enough arguments for '" + name + "' (min is " + m + ")")));
                    return args;
                }
                break;
            }
            p.pos++;
            args.add(p.argument(true));
            if (p.failed) {
                return args;
            }
            p.skipSpace();
        }
        if (checkEnd) {
            int c = p.at();
            p.pos++;
            if (c != '}') {
                args.add(p.fail(c == '{'
                        ? SyntaxError.plain("Too many arguments for '" + name + "' (max is " + n + ")")
                        : SyntaxError.curly("missing '}' after '" + name + "'")));
            }
        }
        return args;
    }

    private Node args(String name, int n, int m, boolean checkEnd, ItemAction action, boolean whenSkipping) {
        List<Node> args = readSubs(name, n, m, checkEnd);
        if (p.failed) {
            return new Prefix(args);
        }
        return new ArgsItem(args, n, action, whenSkipping);
    }

    /** Exim's process_yesno, as syntax: the strings after an item's head. */
    YesNo yesNo(String type) {
        if (p.skipSpace() == '}') {
            p.pos++;
            return YesNo.NONE;
        }
        if (p.at() != '{') {
            return YesNo.broken(p.fail(curly("'yes' part did not start with '{'")));
        }
        p.pos++;
        Node yes = p.argument(true);
        if (p.failed) {
            return YesNo.broken(yes);
        }
        Node no = null;
        boolean failKeyword = false;
        if (p.skipSpace() == '{') {
            p.pos++;
            no = p.argument(true);
            if (p.failed) {
                return new YesNo(yes, no, false, null, null);
            }
        } else if (p.at() != '}') {
            String word = p.readName("_");
            if (!word.equals("fail")) {
                return new YesNo(yes, p.fail(SyntaxError.plain("syntax error in \"" + type + "\" item - \"fail\" expected")),
                        false, null, null);
            }
            failKeyword = true;
            if (p.skipSpace() != '}') {
                p.failed = true;
                return new YesNo(yes, null, true, p.rest(), null);
            }
        }
        if (p.skipSpace() != '}') {
            return new YesNo(yes, no, failKeyword, null, p.fail(curly("did not close with '}'")));
        }
        p.pos++;
        return new YesNo(yes, no, failKeyword, null, null);
    }

    private SyntaxError curly(String where) {
        return YesNo.curly(where, p.rest());
    }

    private Node ifItem() {
        p.skipSpace();
        Condition condition = p.conditions().condition();
        if (p.failed) {
            return new IfItem(condition, YesNo.NONE);
        }
        return new IfItem(condition, yesNo("if"));
    }

    private Node lookup() {
        Node key = null;
        List<Node> before = new ArrayList<>();
        if (p.skipSpace() == '{') {
            p.pos++;
            key = p.argument(true);
            before.add(key);
            if (p.failed) {
                return new Guarded(Restriction.LOOKUP, new Prefix(before));
            }
            p.skipSpace();
        }
        if (!Chars.isAlpha(p.at())) {
            before.add(p.fail(SyntaxError.plain("missing lookup type")));
            return new Guarded(Restriction.LOOKUP, new Prefix(before));
        }
        int start = p.pos;
        while (!p.atEnd() && p.at() != '{' && !Chars.isSpace(p.at())) {
            p.pos++;
        }
        String type = p.s.substring(start, Math.min(p.pos, start + 255));
        p.skipSpace();
        Node source;
        YesNo yesNo = YesNo.NONE;
        if (p.at() != '{') {
            source = p.fail(SyntaxError.curly("missing '{' for lookup file-or-query arg"));
        } else {
            p.pos++;
            source = p.argument(true);
            if (!p.failed) {
                p.skipSpace();
                yesNo = yesNo("lookup");
            }
        }
        return new Guarded(Restriction.LOOKUP, new LookupItem(key, type, source, yesNo));
    }

    private Node extract() {
        ExtractItem.Format format = ExtractItem.Format.BASIC;
        if (p.skipSpace() != '{' && p.s.startsWith("json", p.pos)) {
            p.pos += 4;
            if (p.at() == 's') {
                p.pos++;
                format = ExtractItem.Format.JSONS;
            } else {
                format = ExtractItem.Format.JSON;
            }
        }
        int start = p.pos;
        Parser two = new Parser(p.s, start);
        ExtractItem.Reading keyed = new ItemParser(two).extractReading(2);
        Parser three = new Parser(p.s, start);
        ExtractItem.Reading numbered = format == ExtractItem.Format.BASIC ? new ItemParser(three).extractReading(3) : keyed;
        Parser skim = new Parser(p.s, start);
        List<Node> skimmed = new ItemParser(skim).extractSkim();
        Parser chosen = !three.failed && format == ExtractItem.Format.BASIC ? three : !two.failed ? two : skim;
        p.pos = chosen.pos;
        p.failed = two.failed && three.failed && skim.failed;
        return new ExtractItem(format, keyed, numbered, skimmed);
    }

    private ExtractItem.Reading extractReading(int count) {
        List<Node> args = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (p.skipSpace() != '{') {
                args.add(p.fail(SyntaxError.curly("missing '{' for arg " + (i + 1) + " of extract")));
                return new ExtractItem.Reading(args, YesNo.NONE);
            }
            p.pos++;
            args.add(p.argument(true));
            if (p.failed) {
                return new ExtractItem.Reading(args, YesNo.NONE);
            }
        }
        return new ExtractItem.Reading(args, yesNo("extract"));
    }

    /** The scan Exim makes while skipping: up to five braced strings, "fail", the closing brace. */
    private List<Node> extractSkim() {
        List<Node> parts = new ArrayList<>();
        for (int j = 5; j > 0 && p.at() == '{'; j--) {
            p.pos++;
            parts.add(p.argument(true));
            if (p.failed) {
                return parts;
            }
            p.skipSpace();
        }
        if (p.s.startsWith("fail", p.pos)) {
            int c = p.at(4);
            if (c == '}' || c == ' ' || c == '\t' || c == 0) {
                p.pos += 4;
                p.skipSpace();
            }
        }
        if (p.at() != '}') {
            parts.add(p.fail(SyntaxError.curly("missing '}' closing extract")));
            return parts;
        }
        p.pos++;
        return parts;
    }

    private Node listExtract() {
        List<Node> args = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            if (p.skipSpace() != '{') {
                args.add(p.fail(SyntaxError.curly("missing '{' for arg " + (i + 1) + " of listextract")));
                return new Prefix(args);
            }
            p.pos++;
            args.add(p.argument(true));
            if (p.failed) {
                return new Prefix(args);
            }
        }
        return new ListExtractItem(args.get(0), args.get(1), yesNo("listextract"));
    }

    private Node env() {
        if (p.skipSpace() != '{') {
            return p.fail(SyntaxError.plain(""));
        }
        p.pos++;
        Node name = p.argument(true);
        if (p.failed) {
            return new Prefix(List.of(name));
        }
        return new EnvItem(name, yesNo("env"));
    }

    private Node run() {
        boolean preexpand = false;
        while (p.at() == ',') {
            p.pos++;
            if (p.s.startsWith("preexpand", p.pos)) {
                preexpand = true;
                p.pos += 9;
            } else {
                int t = p.pos;
                do {
                    t++;
                } while (t < p.s.length() && Chars.isAlpha(p.s.charAt(t)));
                return new Guarded(Restriction.RUN, p.fail(SyntaxError.plain(
                        "bad option '" + p.s.substring(p.pos, Math.min(t, p.s.length())) + "' for run")));
            }
        }
        p.skipSpace();
        if (p.at() != '{') {
            return new Guarded(Restriction.RUN, p.fail(SyntaxError.curly("missing '{' for command arg of run")));
        }
        p.pos++;
        String raw = null;
        Node command = null;
        if (preexpand) {
            command = p.sequence(true, true);
            if (p.failed) {
                return new Guarded(Restriction.RUN, new Prefix(List.of(command)));
            }
            p.skipSpace();
        } else {
            Parser scan = new Parser(p.s, p.pos);
            scan.sequence(true, true);
            int end = Math.min(unknownVariableEnd(p.s, p.pos, scan.pos), p.s.length());
            raw = p.s.substring(p.pos, end);
            p.pos = end;
        }
        if (p.at() != '}') {
            p.pos++;
            Node error = p.fail(SyntaxError.curly("missing '}' closing command arg of run"));
            return new Guarded(Restriction.RUN, command == null ? error : new Prefix(List.of(command, error)));
        }
        p.pos++;
        return new Guarded(Restriction.RUN, new RunItem(raw, command, yesNo("run")));
    }

    /**
     * Exim finds the end of a command's arguments by scanning them as a skipped expansion; an
     * unknown variable stops that scan just after its name. Returns where the scan stops.
     */
    private static int unknownVariableEnd(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '$' && i + 1 < to && Chars.isAlpha(s.charAt(i + 1))) {
                int j = i + 1;
                while (j < to && (Chars.isAlnum(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                String name = s.substring(i + 1, j);
                boolean special = name.startsWith("acl_c") || name.startsWith("acl_m") || name.startsWith("r_")
                        || name.matches("auth[1-4]") || HeaderReference.isHeaderName(name);
                if (!special && !Variables.known(name)) {
                    return j;
                }
                i = j - 1;
            }
        }
        return to;
    }

    private Node iteration(String name) {
        List<Node> before = new ArrayList<>();
        p.skipSpace();
        if (p.at() != '{') {
            before.add(p.fail(SyntaxError.curly("missing '{' for first arg of " + name)));
            return new Prefix(before);
        }
        p.pos++;
        Node list = p.argument(true);
        before.add(list);
        if (p.failed) {
            return new Prefix(before);
        }
        Node init = null;
        if (name.equals("reduce")) {
            p.skipSpace();
            if (p.at() != '{') {
                before.add(p.fail(SyntaxError.curly("missing '{' for second arg of reduce")));
                return new Prefix(before);
            }
            p.pos++;
            init = p.argument(true);
            before.add(init);
            if (p.failed) {
                return new Prefix(before);
            }
        }
        p.skipSpace();
        if (p.at() != '{') {
            before.add(p.fail(SyntaxError.curly("missing '{' for last arg of " + name)));
            return new Prefix(before);
        }
        p.pos++;
        Node expr = null;
        Condition condition = null;
        if (name.equals("filter")) {
            condition = p.conditions().condition();
        } else {
            expr = p.sequence(true, true);
        }
        if (p.failed) {
            return new ListIterationItem(name, list, init, expr, condition, null);
        }
        SyntaxError trailing = null;
        if (p.skipSpace() != '}') {
            trailing = p.fail(SyntaxError.plain("missing } at end of condition or expression inside \"" + name
                    + "\"; could be an unquoted } in the content"));
        } else {
            p.pos++;
            if (p.skipSpace() != '}') {
                trailing = p.fail(SyntaxError.plain("missing } at end of \"" + name + "\""));
            } else {
                p.pos++;
            }
        }
        return new ListIterationItem(name, list, init, expr, condition, trailing);
    }

    private Node sort() {
        List<Node> before = new ArrayList<>();
        String[] what = {"list", "comparator", "extractor"};
        Node[] args = new Node[3];
        String extractorText = null;
        for (int i = 0; i < 3; i++) {
            p.skipSpace();
            if (p.at() != '{') {
                SyntaxError error = p.fail(SyntaxError.curly("missing '{' for " + what[i] + " arg of sort"));
                return i == 2 ? new SortItem(args[0], args[1], error, null, null) : prefix(before, error);
            }
            p.pos++;
            int start = p.pos;
            args[i] = p.argument(i != 1);
            if (p.failed) {
                return i == 2 ? new SortItem(args[0], args[1], args[2], null, null) : prefix(before, args[i]);
            }
            if (i == 2) {
                extractorText = p.s.substring(start, p.pos - 1);
            }
            before.add(args[i]);
        }
        SyntaxError trailing = null;
        if (p.at() != '}') {
            trailing = p.fail(SyntaxError.plain("missing } at end of \"sort\""));
        }
        p.pos++;
        return new SortItem(args[0], args[1], args[2], extractorText, trailing);
    }

    private static Node prefix(List<Node> before, Node last) {
        List<Node> all = new ArrayList<>(before);
        all.add(last);
        return new Prefix(all);
    }

    private Node readSocket() {
        List<Node> args = readSubs("readsocket", 4, 2, false);
        if (p.failed) {
            return new Guarded(Restriction.READSOCKET, new Prefix(args));
        }
        Node failString = null;
        if (p.at() == '{') {
            p.pos++;
            failString = p.argument(true);
            if (p.failed) {
                return new Guarded(Restriction.READSOCKET, new ReadSocketItem(args, failString, null));
            }
            p.skipSpace();
        }
        SyntaxError trailing = null;
        if (p.at() != '}') {
            trailing = p.fail(SyntaxError.curly("missing '}' closing readsocket"));
        }
        p.pos++;
        return new Guarded(Restriction.READSOCKET, new ReadSocketItem(args, failString, trailing));
    }

    private Node certExtract() {
        if (p.skipSpace() != '{') {
            return p.fail(SyntaxError.curly("missing '{' for field arg of certextract"));
        }
        p.pos++;
        Node field = p.argument(true);
        if (p.failed) {
            return new Prefix(List.of(field));
        }
        if (p.skipSpace() != '{') {
            return new Prefix(List.of(field, p.fail(SyntaxError.curly("missing '{' for cert variable arg of certextract"))));
        }
        p.pos++;
        if (p.at() != '$') {
            return new Prefix(List.of(field,
                    p.fail(SyntaxError.plain("second argument of \"certextract\" must be a certificate variable"))));
        }
        p.pos++;
        Node variable = p.argument(false);
        if (p.failed) {
            return new Prefix(List.of(field, variable));
        }
        return new CertExtractItem(field, variable, yesNo("certextract"));
    }

    private Node prvsCheck() {
        List<Node> first = readSubs("prvscheck", 1, 1, false);
        if (p.failed) {
            return new Prefix(first);
        }
        List<Node> rest = readSubs("prvscheck", 2, 1, true);
        if (p.failed) {
            List<Node> all = new ArrayList<>(first);
            all.addAll(rest);
            return new Prefix(all);
        }
        return new PrvsCheckItem(first.get(0), rest.get(0), rest.size() > 1 ? rest.get(1) : null);
    }
}
