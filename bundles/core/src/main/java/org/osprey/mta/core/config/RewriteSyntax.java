package org.osprey.mta.core.config;

/** A transport's {@code headers_rewrite}: rewrite rules, checked now and kept as text. */
final class RewriteSyntax extends OptionSyntax<String> {
    RewriteSyntax() {
        super("rewrite rules");
    }

    @Override
    String parse(String name, String text, ValueContext context, Location location) throws ConfigException {
        String value = QuotedString.optionValue(text, name, location);
        int flags = 0;
        for (String rule : ListItems.all(value, 0)) {
            flags |= RewriteRule.parse(rule, false, location).flags();
        }
        if ((flags & (RewriteRule.ALL_ENVELOPE | RewriteRule.SMTP)) != 0) {
            throw ConfigException.inLine(location,
                    "rewrite rule specifies a non-header rewrite - not allowed at transport time -");
        }
        return value;
    }

    @Override
    String show(String name, String value, PrintContext context, boolean noLabels) {
        return STRING.show(name, value, context, noLabels);
    }
}
