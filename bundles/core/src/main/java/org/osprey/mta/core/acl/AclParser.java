package org.osprey.mta.core.acl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.osprey.mta.core.config.LogicalLine;

/**
 * Parses the lines of one ACL into statements, as Exim's acl_read does: a verb starts a
 * statement, and the conditions and modifiers after it (on its line and on the lines that
 * follow) belong to it. Reports Exim's errors for unknown verbs and conditions, negated verbs
 * and modifiers, a misplaced {@code endpass}, bad {@code set} names and a missing {@code =}.
 * Where an item may be used is checked when it runs, as in Exim.
 */
final class AclParser {
    private final Predicate<String> driverExists;

    /** @param driverExists whether an ACL condition driver of this name is available */
    AclParser(Predicate<String> driverExists) {
        this.driverExists = driverExists;
    }

    Acl parse(String description, List<LogicalLine> lines) throws AclSyntaxException {
        List<AclStatement> statements = new ArrayList<>();
        AclVerb verb = null;
        org.osprey.mta.core.config.Location verbLocation = null;
        List<AclItem> items = null;
        for (LogicalLine line : lines) {
            String saveline = line.text();
            String s = saveline;
            int p = skipSpace(s, 0);
            boolean negated = false;
            if (at(s, p) == '!') {
                negated = true;
                p++;
            }
            int nameStart = skipSpace(s, p);
            p = readName(s, p);
            String name = s.substring(nameStart, nameEnd(s, nameStart));
            if (at(s, p) == ':' || (!name.isEmpty() && Character.isUpperCase(name.charAt(0)) && at(s, p) == '=')) {
                break;
            }
            AclVerb v = AclVerb.find(name);
            if (v == null) {
                if (verb == null) {
                    throw new AclSyntaxException("unknown ACL verb \"" + name + "\" in \"" + saveline + "\"",
                            line.location());
                }
            } else {
                if (negated) {
                    throw new AclSyntaxException("malformed ACL line \"" + saveline + "\"", line.location());
                }
                if (verb != null) {
                    statements.add(new AclStatement(verb, verbLocation, items));
                }
                verb = v;
                verbLocation = line.location();
                items = new ArrayList<>();
                if (p >= s.length()) {
                    continue;
                }
                if (at(s, p) == '!') {
                    negated = true;
                    p++;
                }
                nameStart = skipSpace(s, p);
                p = readName(s, p);
                name = s.substring(nameStart, nameEnd(s, nameStart));
            }
            items.add(item(verb, name, negated, s, p, saveline, line));
        }
        if (verb != null) {
            statements.add(new AclStatement(verb, verbLocation, items));
        }
        return new Acl(description, statements);
    }

    private AclItem item(AclVerb verb, String name, boolean negated, String s, int p, String saveline,
            LogicalLine line) throws AclSyntaxException {
        AclItemType type = AclItemType.builtIn(name);
        if (type == null) {
            if (name.isEmpty() || !driverExists.test(name)) {
                throw new AclSyntaxException("unknown ACL condition/modifier in \"" + saveline + "\"", line.location());
            }
            type = AclItemType.DRIVER;
        }
        if (negated && type.modifier()) {
            throw new AclSyntaxException("ACL error: negation is not allowed with \"" + name + "\"", line.location());
        }
        if (type == AclItemType.ENDPASS && verb != AclVerb.ACCEPT && verb != AclVerb.DISCARD) {
            throw new AclSyntaxException("ACL error: \"endpass\" is not allowed with \"" + verb.word() + "\"",
                    line.location());
        }
        String variable = null;
        if (type == AclItemType.SET) {
            String rest = s.substring(p);
            if (!rest.startsWith("acl_c") && !rest.startsWith("acl_m")) {
                throw new AclSyntaxException("invalid variable name after \"set\" in ACL modifier \"set " + rest
                        + "\" (must start \"acl_c\" or \"acl_m\")", line.location());
            }
            int e = p + 5;
            if (!(Character.isDigit(at(s, e)) && at(s, e) < 128) && at(s, e) != '_') {
                throw new AclSyntaxException("invalid variable name after \"set\" in ACL modifier \"set " + rest
                        + "\" (digit or underscore must follow acl_c or acl_m)", line.location());
            }
            while (e < s.length() && at(s, e) != '=' && !isSpace(at(s, e))) {
                char c = at(s, e);
                if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_'))) {
                    throw new AclSyntaxException("invalid character \"" + c
                            + "\" in variable name in ACL modifier \"set " + rest + "\"", line.location());
                }
                e++;
            }
            variable = s.substring(p, e);
            p = skipSpace(s, e);
        }
        String argument = "";
        if (type != AclItemType.ENDPASS) {
            if (at(s, p) != '=') {
                throw new AclSyntaxException("\"=\" missing after ACL \"" + name + "\" "
                        + (type.modifier() ? "modifier" : "condition"), line.location());
            }
            argument = s.substring(skipSpace(s, p + 1));
        }
        return new AclItem(type, name, negated, argument, variable);
    }

    /** Exim's readconf_readname: spaces, a name (a letter, then letters, digits, underscores), spaces. */
    private static int readName(String s, int p) {
        p = skipSpace(s, p);
        return skipSpace(s, nameEnd(s, p));
    }

    private static int nameEnd(String s, int p) {
        if (p < s.length() && isAsciiLetter(s.charAt(p))) {
            while (p < s.length() && (isAsciiLetter(s.charAt(p)) || Character.isDigit(s.charAt(p))
                    && s.charAt(p) < 128 || s.charAt(p) == '_')) {
                p++;
            }
        }
        return p;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static int skipSpace(String s, int p) {
        while (p < s.length() && isSpace(s.charAt(p))) {
            p++;
        }
        return p;
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }

    private static char at(String s, int p) {
        return p < s.length() ? s.charAt(p) : '\0';
    }
}
