package org.osprey.mta.kernel.option;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * One entry of a driver's option table: a name, a type, a default, and whether the value
 * is expanded when it is used.
 *
 * <p>Options are constants of the driver, declared once:
 * <pre>{@code
 * static final Option<Duration> CONNECT_TIMEOUT = Option.time("connect_timeout", Duration.ofMinutes(5));
 * static final Option<String> HELO_DATA = Option.string("helo_data", "$primary_hostname").expanded();
 * }</pre>
 * A {@code null} default means "unset", which {@code -bP} prints as an empty value.
 * An expanded option keeps its text until use: its type is checked on the result of
 * the expansion (see {@link OptionValues#expand}).
 *
 * @param <T> the Java type of the value
 */
public final class Option<T> implements Comparable<Option<?>> {
    private final String name;
    private final OptionType<T> type;
    private final T defaultValue;
    private final boolean expanded;

    private Option(String name, OptionType<T> type, T defaultValue, boolean expanded) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("option names are lower case letters, digits and _: " + name);
        }
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
        this.defaultValue = defaultValue;
        this.expanded = expanded;
    }

    /** An option of any type; the factories below are shorthands for this. */
    public static <T> Option<T> of(String name, OptionType<T> type, T defaultValue) {
        return new Option<>(name, type, defaultValue, false);
    }

    public static Option<Boolean> bool(String name, boolean defaultValue) {
        return of(name, OptionType.BOOLEAN, defaultValue);
    }

    public static Option<Integer> integer(String name, Integer defaultValue) {
        return of(name, OptionType.INTEGER, defaultValue);
    }

    public static Option<Integer> octal(String name, Integer defaultValue) {
        return of(name, OptionType.OCTAL, defaultValue);
    }

    public static Option<BigDecimal> fixedPoint(String name, BigDecimal defaultValue) {
        return of(name, OptionType.FIXED_POINT, defaultValue);
    }

    public static Option<Duration> time(String name, Duration defaultValue) {
        return of(name, OptionType.TIME, defaultValue);
    }

    public static Option<String> string(String name, String defaultValue) {
        return of(name, OptionType.STRING, defaultValue);
    }

    /** An unset string option. */
    public static Option<String> string(String name) {
        return of(name, OptionType.STRING, null);
    }

    /** The same option, expanded at the moment of use. */
    public Option<T> expanded() {
        return new Option<>(name, type, defaultValue, true);
    }

    public String name() {
        return name;
    }

    public OptionType<T> type() {
        return type;
    }

    /** The default value, or {@code null} for "unset". */
    public T defaultValue() {
        return defaultValue;
    }

    public boolean isExpanded() {
        return expanded;
    }

    @Override
    public int compareTo(Option<?> other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name + " (" + type + (expanded ? ", expanded" : "") + ")";
    }
}
