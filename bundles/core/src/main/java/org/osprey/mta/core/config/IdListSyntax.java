package org.osprey.mta.core.config;

import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.kernel.expand.ExpansionException;

/** A list of users or groups ({@code never_users}, {@code admin_groups} ...), expanded and looked up now. */
final class IdListSyntax extends OptionSyntax<List<Long>> {
    private final boolean user;

    IdListSyntax(boolean user) {
        super(user ? "user list" : "group list");
        this.user = user;
    }

    @Override
    List<Long> parse(String name, String text, ValueContext context, Location location) throws ConfigException {
        String value = QuotedString.optionValue(text, name, location);
        String list;
        try {
            list = context.expander().expand(value);
        } catch (ExpansionException e) {
            throw ConfigException.inLine(location, "failed to expand " + name + ": " + e.getMessage());
        }
        // Exim counts the entries by colons, then takes that many items from the list;
        // when the list runs out first, the last item read is used again.
        int count = 1;
        if (!list.isEmpty()) {
            count++;
        }
        for (int i = 0; i < list.length(); i++) {
            if (list.charAt(i) == ':' && i + 1 < list.length()) {
                count++;
            }
        }
        List<Long> ids = new ArrayList<>();
        ListItems items = new ListItems(list, 0);
        String last = "";
        for (int n = 1; n < count; n++) {
            String item = items.next();
            if (item != null) {
                last = item;
            }
            ids.add(user ? UserLookup.findUser(last, context, location) : UserLookup.findGroup(last, context, location));
        }
        return List.copyOf(ids);
    }

    @Override
    String show(String name, List<Long> value, PrintContext context, boolean noLabels) {
        StringBuilder out = new StringBuilder();
        if (!noLabels) {
            out.append(name).append(" =");
        }
        if (value != null) {
            String sep = noLabels ? "" : " ";
            for (long id : value) {
                out.append(sep).append(user ? context.accounts().userName(id) : context.accounts().groupName(id));
                sep = ":";
            }
        }
        return out.toString();
    }
}
