package org.osprey.mta.lookup.sql;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A driver's open connections, one {@link SharedConnection} per server or database name. */
final class Connections {
    private final ConcurrentMap<String, SharedConnection> byName = new ConcurrentHashMap<>();

    /** The connection named {@code name}, made with {@code opener} the first time it is asked for. */
    SharedConnection get(String name, SharedConnection.Opener opener) {
        return byName.computeIfAbsent(name, n -> new SharedConnection(opener));
    }

    /** Closes every connection and forgets them all; returns the names they had. */
    List<String> closeAll() {
        List<String> names = List.copyOf(byName.keySet());
        byName.values().forEach(SharedConnection::close);
        byName.clear();
        return names;
    }
}
