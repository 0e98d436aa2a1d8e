package org.osprey.mta.core.config;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osprey.mta.core.lists.ListType;
import org.osprey.mta.core.lists.NamedList;

/**
 * The named lists of the main section ({@code domainlist}, {@code hostlist},
 * {@code addresslist}, {@code localpartlist} and their {@code _cache} forms), by type and
 * name. Exim allows sixteen of each type and one name once per type; the same name may be
 * used for lists of different types. Written while the file is read, read-only after.
 */
public final class NamedLists {
    static final int MAX_PER_TYPE = 16;
    private final Map<ListType, Map<String, NamedList>> lists = new EnumMap<>(ListType.class);

    NamedLists() {
        for (ListType type : ListType.values()) {
            lists.put(type, new LinkedHashMap<>());
        }
    }

    /** The list of this type and name, if defined. */
    public Optional<NamedList> find(ListType type, String name) {
        return Optional.ofNullable(lists.get(type).get(name));
    }

    /** The lists of one type, in the order they were defined. */
    public List<NamedList> of(ListType type) {
        return List.copyOf(lists.get(type).values());
    }

    /** Every list, type by type. */
    public List<NamedList> all() {
        List<NamedList> all = new ArrayList<>();
        lists.values().forEach(m -> all.addAll(m.values()));
        return all;
    }

    int count(ListType type) {
        return lists.get(type).size();
    }

    boolean contains(ListType type, String name) {
        return lists.get(type).containsKey(name);
    }

    void add(NamedList list) {
        lists.get(list.type()).put(list.name(), list);
    }
}
