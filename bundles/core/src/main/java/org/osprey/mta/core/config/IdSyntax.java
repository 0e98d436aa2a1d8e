package org.osprey.mta.core.config;

/** A user (opt_uid) or group (opt_gid): a name looked up now, or a number. */
final class IdSyntax extends OptionSyntax<Long> {
    private final boolean user;

    IdSyntax(boolean user) {
        super(user ? "user" : "group");
        this.user = user;
    }

    @Override
    Long parse(String name, String text, ValueContext context, Location location) throws ConfigException {
        String value = QuotedString.optionValue(text, name, location);
        return user ? UserLookup.findUser(value, context, location) : UserLookup.findGroup(value, context, location);
    }

    @Override
    String show(String name, Long value, PrintContext context, boolean noLabels) {
        if (value == null) {
            return labelled(name, "", noLabels);
        }
        return labelled(name, user ? context.accounts().userName(value)
                : context.accounts().group(value).map(Accounts.Group::name)
                        .orElse(Integer.toString((int) (long) value)), noLabels);
    }
}
