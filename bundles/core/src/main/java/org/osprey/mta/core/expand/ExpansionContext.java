package org.osprey.mta.core.expand;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osprey.mta.kernel.model.Header;

/**
 * What one expansion sees of the work in hand: the values of Exim's variables that the
 * caller knows ({@code local_part}, {@code sender_host_address}, {@code acl_m_x},
 * {@code auth1} ... by name, without the dollar), the message's headers, and what the
 * expansion may not do. Immutable; {@link #with} adds variables.
 */
public final class ExpansionContext {
    private static final ExpansionContext EMPTY = new ExpansionContext(Map.of(), List.of(), Set.of(), List.of());
    private final Map<String, String> variables;
    private final List<Header> headers;
    private final Set<Restriction> forbidden;
    private final List<String> numbered;

    private ExpansionContext(Map<String, String> variables, List<Header> headers, Set<Restriction> forbidden,
            List<String> numbered) {
        this.variables = variables;
        this.headers = headers;
        this.forbidden = forbidden;
        this.numbered = numbered;
    }

    public static ExpansionContext empty() {
        return EMPTY;
    }

    /** This context with these variables added (or replaced); a null value removes one. */
    public ExpansionContext with(Map<String, String> more) {
        Map<String, String> copy = new HashMap<>(variables);
        more.forEach((k, v) -> {
            if (v == null) {
                copy.remove(k);
            } else {
                copy.put(k, ByteStrings.internal(v));
            }
        });
        return new ExpansionContext(Map.copyOf(copy), headers, forbidden, numbered);
    }

    /** This context for a message with these headers. */
    public ExpansionContext withHeaders(List<Header> messageHeaders) {
        return new ExpansionContext(variables, List.copyOf(messageHeaders), forbidden, numbered);
    }

    /** This context with these things forbidden (as for a user's filter). */
    public ExpansionContext forbidding(Set<Restriction> restrictions) {
        Set<Restriction> all = EnumSet.noneOf(Restriction.class);
        all.addAll(forbidden);
        all.addAll(restrictions);
        return new ExpansionContext(variables, headers, Set.copyOf(all), numbered);
    }

    /**
     * This context with the numbered variables set at the start of each expansion: {@code $0}
     * empty, {@code $1}, {@code $2} ... from {@code values}, as Exim leaves them for
     * server_condition and server_set_id after an authenticator has run.
     */
    public ExpansionContext withNumbered(List<String> values) {
        List<String> internal = new ArrayList<>(values.size() + 1);
        internal.add("");
        values.forEach(v -> internal.add(ByteStrings.internal(v)));
        return new ExpansionContext(variables, headers, forbidden, List.copyOf(internal));
    }

    /**
     * This context with {@code $0}, {@code $1} ... set from {@code values} as a match left
     * them (a rewriting rule's pattern, for its replacement); null entries read as empty.
     */
    public ExpansionContext withCaptures(List<String> values) {
        List<String> internal = new ArrayList<>(values.size());
        values.forEach(v -> internal.add(v == null ? "" : ByteStrings.internal(v)));
        return new ExpansionContext(variables, headers, forbidden, List.copyOf(internal));
    }

    /** The numbered variables from $0 that each expansion starts with; empty when none are set. */
    List<String> numbered() {
        return numbered;
    }

    String variableOrNull(String name) {
        return variables.get(name);
    }

    /** The message's headers, in order (empty before DATA). */
    public List<Header> headers() {
        return headers;
    }

    boolean forbids(Restriction restriction) {
        return forbidden.contains(restriction);
    }
}
