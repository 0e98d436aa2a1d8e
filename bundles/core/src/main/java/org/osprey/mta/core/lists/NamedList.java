package org.osprey.mta.core.lists;

import java.util.Objects;

/**
 * A named list from the configuration ({@code domainlist local_domains = @ : localhost}),
 * referred to elsewhere as {@code +local_domains}.
 *
 * @param type which of the four kinds
 * @param name its name
 * @param value its text, unexpanded
 * @param cached whether match results are cached (the {@code _cache} keyword forms, and
 *        any list whose text has no {@code $})
 * @param hidden defined with {@code hide}: {@code -bP} does not show its value
 */
public record NamedList(ListType type, String name, String value, boolean cached, boolean hidden) {
    public NamedList {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
