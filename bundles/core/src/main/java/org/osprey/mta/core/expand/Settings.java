package org.osprey.mta.core.expand;

import java.util.Map;
import java.util.Optional;

/**
 * The main configuration options an expansion reads ({@code primary_hostname},
 * {@code qualify_domain}, {@code qualify_recipient}, {@code spool_directory},
 * {@code headers_charset}, {@code strict_acl_vars}), as text. The configuration reader supplies them.
 */
@FunctionalInterface
public interface Settings {

    /** The option's value as configured, or empty when it is not set. */
    Optional<String> get(String option);

    static Settings of(Map<String, String> options) {
        Map<String, String> copy = Map.copyOf(options);
        return option -> Optional.ofNullable(copy.get(option));
    }
}
