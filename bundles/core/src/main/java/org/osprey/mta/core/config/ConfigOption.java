package org.osprey.mta.core.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.osprey.mta.kernel.option.TimeValues;

/**
 * One of Exim's own options (a main option, or a generic option of routers, transports or
 * authenticators): its name, the kind of value it takes, its default, and whether Exim
 * expands it when it is used. Declared once, in {@link MainOptions} and the generic
 * option tables; the reader checks configured values against it and {@code -bP} prints
 * from it.
 *
 * <p>A few options are not plain: a hidden one is accepted but never printed (Exim keeps
 * old names such as {@code daemon_smtp_port} that way, as aliases of the current name);
 * a repeatable one may be set more than once and the settings are combined (a router's
 * {@code condition}, {@code headers_add}, {@code headers_remove} and {@code set}); and
 * {@code verify} and {@code fail_verify} set two options at once.
 *
 * @param <T> the Java type of the value; {@code null} stands for "unset"
 */
public final class ConfigOption<T> implements Comparable<ConfigOption<?>> {
    /** How a repeated setting combines with the earlier one. */
    enum Repeat {
        /** Setting the option twice is an error. */
        NEVER,
        /** Each condition is and-ed with the earlier ones. */
        CONDITION,
        /** Each setting's items are appended to the list. */
        LIST
    }

    private final String name;
    private final OptionSyntax<T> syntax;
    private final T defaultValue;
    private final boolean expanded;
    private final boolean hidden;
    private final String storage;
    private final Repeat repeat;
    private final List<String> alsoSets;

    private ConfigOption(String name, OptionSyntax<T> syntax, T defaultValue, boolean expanded, boolean hidden,
            String storage, Repeat repeat, List<String> alsoSets) {
        this.name = Objects.requireNonNull(name, "name");
        this.syntax = Objects.requireNonNull(syntax, "syntax");
        this.defaultValue = defaultValue;
        this.expanded = expanded;
        this.hidden = hidden;
        this.storage = storage;
        this.repeat = repeat;
        this.alsoSets = List.copyOf(alsoSets);
    }

    static <T> ConfigOption<T> of(String name, OptionSyntax<T> syntax, T defaultValue) {
        return new ConfigOption<>(name, syntax, defaultValue, false, false, name, Repeat.NEVER, List.of());
    }

    static ConfigOption<Boolean> bool(String name, boolean defaultValue) {
        return of(name, OptionSyntax.BOOLEAN, defaultValue);
    }

    static ConfigOption<BoolOrExpansion> boolOrExpansion(String name, boolean defaultValue) {
        return of(name, OptionSyntax.BOOLEAN_OR_EXPANSION, new BoolOrExpansion(defaultValue, null));
    }

    static ConfigOption<Integer> integer(String name, int defaultValue) {
        return of(name, OptionSyntax.INTEGER, defaultValue);
    }

    /** An integer that {@code -bP} shows with K or M (Exim's opt_mkint). */
    static ConfigOption<Integer> sizedInteger(String name, int defaultValue) {
        return of(name, OptionSyntax.SIZED_INTEGER, defaultValue);
    }

    /** A size held in kilobytes (Exim's opt_Kint). */
    static ConfigOption<Long> kilobytes(String name, long defaultValue) {
        return of(name, OptionSyntax.KILOBYTES, defaultValue);
    }

    /** An unset fixed-point number. */
    static ConfigOption<BigDecimal> fixedPoint(String name) {
        return of(name, OptionSyntax.FIXED_POINT, null);
    }

    static ConfigOption<Duration> time(String name, String defaultValue) {
        return of(name, OptionSyntax.TIME, Duration.ofSeconds(TimeValues.parse(defaultValue, 0, '\0')));
    }

    static ConfigOption<List<Duration>> timeList(String name, String defaultValue) {
        return of(name, OptionSyntax.TIME_LIST,
                List.of(Duration.ofSeconds(TimeValues.parse(defaultValue, 0, '\0'))));
    }

    static ConfigOption<TimeOrExpansion> timeOrExpansion(String name, String defaultValue) {
        return of(name, OptionSyntax.TIME_OR_EXPANSION,
                new TimeOrExpansion(Duration.ofSeconds(TimeValues.parse(defaultValue, 0, '\0')), null));
    }

    static ConfigOption<String> string(String name, String defaultValue) {
        return of(name, OptionSyntax.STRING, defaultValue);
    }

    static ConfigOption<String> string(String name) {
        return of(name, OptionSyntax.STRING, null);
    }

    static ConfigOption<Long> user(String name) {
        return of(name, OptionSyntax.USER, null);
    }

    static ConfigOption<Long> group(String name) {
        return of(name, OptionSyntax.GROUP, null);
    }

    static ConfigOption<IdOrExpansion> userOrExpansion(String name) {
        return of(name, OptionSyntax.USER_OR_EXPANSION, null);
    }

    static ConfigOption<IdOrExpansion> groupOrExpansion(String name) {
        return of(name, OptionSyntax.GROUP_OR_EXPANSION, null);
    }

    static ConfigOption<List<Long>> userList(String name) {
        return of(name, OptionSyntax.USER_LIST, null);
    }

    static ConfigOption<List<Long>> groupList(String name) {
        return of(name, OptionSyntax.GROUP_LIST, null);
    }

    static ConfigOption<String> rewriteRules(String name) {
        return of(name, OptionSyntax.REWRITE, null);
    }

    /** The same option, expanded by Exim when it is used. */
    ConfigOption<T> expanded() {
        return new ConfigOption<>(name, syntax, defaultValue, true, hidden, storage, repeat, alsoSets);
    }

    /** The same option as a hidden alias of {@code target}: it sets the target's value. */
    ConfigOption<T> aliasOf(String target) {
        return new ConfigOption<>(name, syntax, defaultValue, expanded, true, target, repeat, alsoSets);
    }

    /** The same option, hidden and setting these options besides its own target. */
    ConfigOption<T> hiddenSetting(String target, String... others) {
        return new ConfigOption<>(name, syntax, defaultValue, expanded, true, target, repeat, List.of(others));
    }

    /**
     * The same option, left out of {@code -bP}'s full listing: an option Osprey has that the
     * reference build (made without that feature) does not list. {@code -bP name} shows it.
     */
    ConfigOption<T> unlisted() {
        return new ConfigOption<>(name, syntax, defaultValue, expanded, true, storage, repeat, alsoSets);
    }

    /** The same option, repeatable. */
    ConfigOption<T> repeatable(Repeat how) {
        return new ConfigOption<>(name, syntax, defaultValue, expanded, hidden, storage, how, alsoSets);
    }

    public String name() {
        return name;
    }

    OptionSyntax<T> syntax() {
        return syntax;
    }

    /** The default, or {@code null} for unset. */
    public T defaultValue() {
        return defaultValue;
    }

    /** Whether Exim expands the value each time it is used. */
    public boolean isExpanded() {
        return expanded;
    }

    /** Whether {@code -bP} leaves the option out (aliases kept for old configurations). */
    public boolean isHidden() {
        return hidden;
    }

    /** Whether the option takes no value, only on or off. */
    public boolean isBoolean() {
        return syntax.isBoolean();
    }

    /** The option whose value this one sets: its own name unless it is an alias. */
    String storage() {
        return storage;
    }

    Repeat repeat() {
        return repeat;
    }

    /** Further options a setting of this one sets to the same value. */
    List<String> alsoSets() {
        return alsoSets;
    }

    @Override
    public int compareTo(ConfigOption<?> other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name + " (" + syntax + (expanded ? ", expanded" : "") + ")";
    }
}
