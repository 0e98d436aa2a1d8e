package org.osprey.mta.kernel.model;

import java.util.Objects;

/**
 * One header line of a message.
 *
 * @param name the field name, without the colon
 * @param value the field body as received: unfolded continuation lines keep their line
 *        breaks, and no trailing newline
 */
public record Header(String name, String value) {
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
