package org.osprey.mta.core.expand;

import java.util.Optional;
import org.osprey.mta.core.lists.ListReader;
import org.osprey.mta.core.lists.ListType;
import org.osprey.mta.core.lists.NamedList;
import org.osprey.mta.kernel.expand.ExpansionException;

/** {@code ${listnamed:name}} and {@code ${listnamed_d:name}} (a, d, h, l): a named list as a colon list, nested lists expanded. */
final class ListNamed {
    private static final int MAX_DEPTH = 30;

    private ListNamed() {
    }

    static String operator(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        StringBuilder out = new StringBuilder();
        append(ev, out, s, arg, 0);
        return out.toString();
    }

    private static void append(Evaluation ev, StringBuilder out, String given, String suffix, int depth)
            throws ExpansionException {
        String name = given.startsWith("+") ? given.substring(1) : given;
        Optional<NamedList> list;
        String kind;
        if (suffix == null) {
            kind = "";
            list = find(ev, ListType.ADDRESS, name).or(() -> find(ev, ListType.DOMAIN, name))
                    .or(() -> find(ev, ListType.HOST, name)).or(() -> find(ev, ListType.LOCAL_PART, name));
        } else {
            ListType type = switch (suffix.isEmpty() ? ' ' : suffix.charAt(0)) {
                case 'a' -> ListType.ADDRESS;
                case 'd' -> ListType.DOMAIN;
                case 'h' -> ListType.HOST;
                case 'l' -> ListType.LOCAL_PART;
                default -> null;
            };
            if (type == null) {
                throw ExpansionException.error("bad suffix on \"list\" operator");
            }
            kind = switch (type) {
                case ADDRESS -> "address ";
                case DOMAIN -> "domain ";
                case HOST -> "host ";
                default -> "localpart ";
            };
            list = find(ev, type, name);
        }
        if (list.isEmpty() || depth > MAX_DEPTH) {
            throw ExpansionException.error("\"" + name + "\" is not a " + kind + "named list");
        }
        ListReader reader = new ListReader(ByteStrings.internal(list.get().value()));
        boolean needSep = false;
        for (String item = reader.next(); item != null; item = reader.next()) {
            if (needSep) {
                out.append(" : ");
            }
            needSep = true;
            if (item.startsWith("+")) {
                append(ev, out, item, suffix, depth + 1);
            } else if (reader.separator() != ':') {
                out.append(item.replace(":", "::"));
            } else {
                out.append(item);
            }
        }
    }

    private static Optional<NamedList> find(Evaluation ev, ListType type, String name) {
        return ev.engine().environment().namedList(type, ByteStrings.external(name));
    }
}
