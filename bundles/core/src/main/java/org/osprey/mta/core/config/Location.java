package org.osprey.mta.core.config;

import java.util.Objects;

/**
 * Where a line of the configuration came from: a file and a line number in it, written
 * as Exim writes it ({@code line 12 of /etc/osprey/configure}). For a line continued
 * over several physical lines, the number is that of the last one, as in Exim.
 *
 * @param file the file's name, as the configuration or an {@code .include} gave it
 * @param line the line number, from 1
 */
public record Location(String file, int line) {
    public Location {
        Objects.requireNonNull(file, "file");
    }

    @Override
    public String toString() {
        return "line " + line + " of " + file;
    }
}
