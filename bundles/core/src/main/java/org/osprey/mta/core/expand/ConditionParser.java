package org.osprey.mta.core.expand;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads conditions (Exim's eval_condition, as syntax) for the {@link Parser}. */
final class ConditionParser {
    private static final Set<String> TWO_ARGS = Set.of("<", "<=", "=", "==", ">", ">=", "crypteq", "eq", "eqi",
            "ge", "gei", "gt", "gti", "inlist", "inlisti", "le", "lei", "lt", "lti", "match", "match_address",
            "match_domain", "match_ip", "match_local_part");
    private static final Set<String> ONE_ARG = Set.of("exists", "isip", "isip4", "isip6", "pam", "radius",
            "ldapauth", "pwcheck");
    private final Parser p;

    ConditionParser(Parser parser) {
        this.p = parser;
    }

    private static final Set<String> OTHERS = Set.of("def", "first_delivery", "queue_running", "and", "or", "forall",
            "forany", "forall_json", "forany_json", "forall_jsons", "forany_jsons", "bool", "bool_lax", "acl",
            "saslauthd", "inbound_srs");

    /** Whether Exim has a condition of this name. */
    static boolean isCondition(String name) {
        return TWO_ARGS.contains(name) || ONE_ARG.contains(name) || OTHERS.contains(name);
    }

    /** A condition, optionally negated by leading '!'s, at the current position. */
    Condition condition() {
        boolean negate = false;
        while (p.skipSpace() == '!') {
            negate = !negate;
            p.pos++;
        }
        Condition c = named();
        return negate ? new Negated(c) : c;
    }

    /** Exim's identify_operator: a symbolic comparison or a name; "" when neither is there. */
    static String operatorName(Parser p) {
        int c = p.at();
        if (c == '=' || c == '>' || c == '<') {
            p.pos++;
            if (p.at() == '=') {
                p.pos++;
                return (char) c + "=";
            }
            return String.valueOf((char) c);
        }
        return p.readName("_");
    }

    private Condition named() {
        String name = operatorName(p);
        if (name.isEmpty()) {
            return p.fail(SyntaxError.plain("condition name expected, but found \"" + Chars.rest(p.s, p.pos, 16) + "\""));
        }
        if (TWO_ARGS.contains(name)) {
            return twoArgs(name);
        }
        if (ONE_ARG.contains(name)) {
            return oneArg(name);
        }
        switch (name) {
            case "def": return def();
            case "first_delivery": case "queue_running": return new FlagCondition(name);
            case "and": case "or": return combination(name);
            case "forall": case "forany": case "forall_json": case "forany_json": case "forall_jsons": case "forany_jsons":
                return iteration(name);
            case "bool": case "bool_lax": return bool(name);
            case "acl": return acl();
            case "saslauthd": return saslauthd();
            case "inbound_srs": return inboundSrs();
            default: return p.fail(SyntaxError.plain("unknown condition \"" + name + "\""));
        }
    }

    private Condition def() {
        if (p.at() != ':') {
            return p.fail(SyntaxError.plain("\":\" expected after \"def\""));
        }
        p.pos++;
        String name = p.readName("_");
        if (!name.isEmpty() && HeaderReference.isHeaderName(name)) {
            StringBuilder header = new StringBuilder(name.substring(name.indexOf('_') + 1));
            while (!p.atEnd() && Chars.isGraph(p.at()) && p.at() != ':') {
                header.append((char) p.at());
                p.pos++;
            }
            if (p.at() == ':') {
                p.pos++;
            }
            return new DefCondition(header.append(':').toString(), true);
        }
        return new DefCondition(name, false);
    }

    private Condition twoArgs(String name) {
        Node[] args = new Node[2];
        boolean expandSecond = !name.startsWith("match_");
        for (int i = 0; i < 2; i++) {
            if (p.skipSpace() != '{') {
                SyntaxError error = p.fail(SyntaxError.plain(i == 0 ? "missing { after \"" + name + "\""
                        : "missing 2nd string in {} after \"" + name + "\""));
                args[i] = error;
                return TwoArgs.of(name, args[0], i == 0 ? null : error);
            }
            p.pos++;
            args[i] = p.argument(i == 0 || expandSecond);
            if (p.failed) {
                return TwoArgs.of(name, args[0], i == 0 ? null : args[1]);
            }
        }
        return TwoArgs.of(name, args[0], args[1]);
    }

    private Condition oneArg(String name) {
        if (p.skipSpace() != '{') {
            return p.fail(SyntaxError.plain("missing { after \"" + name + "\""));
        }
        p.pos++;
        Node arg = p.argument(true);
        return new SingleArgCondition(name, arg);
    }

    private Condition combination(String name) {
        List<Condition> subs = new ArrayList<>();
        if (p.skipSpace() != '{') {
            return p.fail(SyntaxError.plain("missing { after \"" + name + "\""));
        }
        p.pos++;
        for (;;) {
            if (p.skipSpace() == '}') {
                break;
            }
            if (p.at() != '{') {
                subs.add(p.fail(SyntaxError.plain("each subcondition inside an \"" + name
                        + "{...}\" condition must be in its own {}")));
                return new Combination(name, subs, true);
            }
            p.pos++;
            Condition sub = condition();
            subs.add(sub);
            if (p.failed) {
                return new Combination(name, subs, false);
            }
            if (p.skipSpace() != '}') {
                subs.add(p.fail(SyntaxError.plain("missing } at end of condition inside \"" + name + "\" group")));
                return new Combination(name, subs, true);
            }
            p.pos++;
        }
        p.pos++;
        return new Combination(name, subs, false);
    }

    private Condition iteration(String name) {
        if (p.skipSpace() != '{') {
            return p.fail(SyntaxError.plain("missing { after \"" + name + "\""));
        }
        p.pos++;
        Node list = p.argument(true);
        if (p.failed) {
            return new IterationCondition(name, list, null, null);
        }
        if (p.skipSpace() != '{') {
            return new IterationCondition(name, list, p.fail(SyntaxError.plain("missing { after \"" + name + "\"")), null);
        }
        p.pos++;
        Condition condition = condition();
        if (p.failed) {
            return new IterationCondition(name, list, condition, null);
        }
        if (p.skipSpace() != '}') {
            return new IterationCondition(name, list, condition,
                    p.fail(SyntaxError.plain("missing } at end of condition inside \"" + name + "\"")));
        }
        p.pos++;
        return new IterationCondition(name, list, condition, null);
    }

    private Condition bool(String name) {
        if (p.skipSpace() != '{') {
            return p.fail(SyntaxError.plain("missing { after \"" + name + "\""));
        }
        p.pos++;
        Node arg = p.argument(true);
        return new BoolCondition(name.equals("bool_lax"), arg);
    }

    private Condition acl() {
        if (p.skipSpace() != '{') {
            p.pos++;
            return p.fail(SyntaxError.plain("missing { after \"acl\""));
        }
        p.pos++;
        return new AclCondition(tooFew(new ItemParser(p).readSubs("acl", 10, 1, true), "acl"));
    }

    private Condition saslauthd() {
        if (p.skipSpace() != '{') {
            p.pos++;
            return p.fail(SyntaxError.plain("missing { after \"saslauthd\""));
        }
        p.pos++;
        return new SaslauthdCondition(tooFew(new ItemParser(p).readSubs("saslauthd", 4, 2, true), "saslauthd"));
    }

    /** Exim words a bracketing problem in these conditions' arguments its own way. */
    private static List<Node> tooFew(List<Node> args, String name) {
        int last = args.size() - 1;
        if (last >= 0 && args.get(last) instanceof SyntaxError e && e.kind() == SyntaxError.Kind.CURLY) {
            List<Node> fixed = new ArrayList<>(args);
            fixed.set(last, SyntaxError.plain("too few arguments or bracketing error for " + name));
            return fixed;
        }
        return args;
    }

    private Condition inboundSrs() {
        List<Node> args = new ItemParser(p).readSubs("inbound_srs", 2, 2, false);
        return new InboundSrsCondition(args);
    }
}
