package org.osprey.mta.core.log;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@code log_selector} setting as Exim applies it: the default selectors, then each
 * {@code +name} or {@code -name} in turn ({@code all} being every selector). Immutable.
 *
 * <p>The names come from the same record of Exim's built-in {@code _LOG_} macros that the
 * configuration reader checks {@code log_selector} against, so the two never disagree; this
 * class does not re-check the setting (the reader already refused a bad one) and ignores a
 * name it does not know. A numeric setting ({@code =number}, Exim's obsolete form) leaves the
 * defaults.
 */
public final class LogSelector {
    private static final String MACROS = "/org/osprey/mta/core/config/builtin-macros.txt";
    private static final List<String> NAMES = readNames();
    /** Exim 4.96's log_default[] (globals.c). */
    private static final Set<String> DEFAULTS = Set.of("acl_warn_skipped", "connection_reject", "delay_delivery",
            "dkim", "dnslist_defer", "etrn", "host_lookup_failed", "lost_incoming_connection", "outgoing_interface",
            "msg_id", "queue_run", "queue_time_exclusive", "rejected_header", "retry_defer", "sender_verify_fail",
            "size_reject", "skip_delivery", "smtp_confirmation", "tls_certificate_verified", "tls_cipher");
    private static final LogSelector DEFAULT = new LogSelector(new TreeSet<>(DEFAULTS));

    private final Set<String> on;

    private LogSelector(Set<String> on) {
        this.on = Collections.unmodifiableSet(on);
    }

    /** Exim's default selection, what an unset {@code log_selector} means. */
    public static LogSelector defaults() {
        return DEFAULT;
    }

    /** The selection a {@code log_selector} value makes; null or blank means the defaults. */
    public static LogSelector parse(String setting) {
        if (setting == null || setting.isBlank() || setting.startsWith("=")) {
            return DEFAULT;
        }
        Set<String> on = new TreeSet<>(DEFAULTS);
        int i = 0;
        while (i < setting.length()) {
            char sign = setting.charAt(i++);
            if (sign != '+' && sign != '-') {
                continue;
            }
            int start = i;
            while (i < setting.length() && (Character.isLetterOrDigit(setting.charAt(i)) || setting.charAt(i) == '_')) {
                i++;
            }
            boolean add = sign == '+';
            String name = canonical(setting.substring(start, i).toLowerCase(Locale.ROOT));
            if (name.equals("all")) {
                if (add) {
                    for (String n : NAMES) {
                        if (!n.equals("all")) {
                            on.add(canonical(n));
                        }
                    }
                } else {
                    on.clear();
                }
            } else if (NAMES.contains(name)) {
                if (add) {
                    on.add(name);
                } else {
                    on.remove(name);
                }
            }
        }
        return new LogSelector(on);
    }

    /** This selection with one selector turned on or off. */
    public LogSelector with(Selector selector, boolean enabled) {
        Set<String> copy = new TreeSet<>(on);
        if (enabled) {
            copy.add(selector.eximName());
        } else {
            copy.remove(selector.eximName());
        }
        return new LogSelector(copy);
    }

    public boolean on(Selector selector) {
        return on.contains(selector.eximName());
    }

    /** Whether a selector, by its Exim name, is on. */
    public boolean on(String name) {
        return on.contains(canonical(name));
    }

    /** The selectors that are on, by their Exim names, sorted. */
    public Set<String> enabled() {
        return on;
    }

    /** Every name Exim accepts in {@code log_selector}, sorted. */
    public static List<String> names() {
        return NAMES;
    }

    private static String canonical(String name) {
        return name.equals("rejected_headers") ? "rejected_header" : name;
    }

    private static List<String> readNames() {
        try (InputStream in = LogSelector.class.getResourceAsStream(MACROS)) {
            if (in == null) {
                throw new IllegalStateException(MACROS + " is missing from the bundle");
            }
            List<String> names = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("_LOG_") && line.indexOf('=') > 0) {
                    names.add(line.substring(5, line.indexOf('=')).toLowerCase(Locale.ROOT));
                }
            }
            names.sort(null);
            return List.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return String.join(" ", on);
    }
}
