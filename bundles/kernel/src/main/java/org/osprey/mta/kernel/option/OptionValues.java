package org.osprey.mta.kernel.option;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;

/**
 * The values of one configured instance's private options, checked against the driver's
 * {@link OptionTable}. Immutable; built by the engine when it reads the configuration (and
 * by tests through {@link #builder}).
 *
 * <p>A value that is not expanded is parsed once, when the file is read. An expanded value
 * keeps its text and is expanded and parsed each time it is used, in the context of that
 * use (the address being routed, the host being tried).
 */
public final class OptionValues {
    private final OptionTable table;
    private final Map<String, Object> parsed;
    private final Map<String, String> text;

    private OptionValues(OptionTable table, Map<String, Object> parsed, Map<String, String> text) {
        this.table = table;
        this.parsed = Collections.unmodifiableMap(parsed);
        this.text = Collections.unmodifiableMap(text);
    }

    public static Builder builder(OptionTable table) {
        return new Builder(table);
    }

    public OptionTable table() {
        return table;
    }

    /** True when the configuration set the option (even to its default). */
    public boolean isSet(Option<?> option) {
        return text.containsKey(checked(option).name());
    }

    /** The option's text as configured, if it was set. */
    public Optional<String> text(Option<?> option) {
        return Optional.ofNullable(text.get(checked(option).name()));
    }

    /**
     * The value of an option that is not expanded: the configured value, or the default
     * ({@code null} when unset).
     *
     * @throws IllegalArgumentException if the option is expanded (use {@link #expand})
     *         or not in this table
     */
    public <T> T get(Option<T> option) {
        if (checked(option).isExpanded()) {
            throw new IllegalArgumentException("option \"" + option.name() + "\" is expanded: use expand()");
        }
        @SuppressWarnings("unchecked")
        T value = parsed.containsKey(option.name()) ? (T) parsed.get(option.name()) : option.defaultValue();
        return value;
    }

    /**
     * The value of an expanded option in the current context: its text expanded by
     * {@code expander} and parsed by the option's type. An unset option yields its
     * default, itself expanded when it is a string.
     *
     * @throws ExpansionException when the expansion fails (forced failure included)
     * @throws OptionValueException when the result is not a value of the option's type
     */
    public <T> T expand(Option<T> option, Expander expander) throws ExpansionException, OptionValueException {
        checked(option);
        String configured = text.get(option.name());
        if (configured == null) {
            T fallback = option.defaultValue();
            if (fallback instanceof String s && option.isExpanded()) {
                @SuppressWarnings("unchecked")
                T expandedDefault = (T) expander.expand(s);
                return expandedDefault;
            }
            return fallback;
        }
        if (!option.isExpanded()) {
            return get(option);
        }
        return option.type().parse(option.name(), expander.expand(configured));
    }

    private Option<?> checked(Option<?> option) {
        if (!table.contains(option)) {
            throw new IllegalArgumentException("option \"" + option.name() + "\" is not in this driver's table");
        }
        return option;
    }

    /** Collects configured values, checking each against the table as it comes. */
    public static final class Builder {
        private final OptionTable table;
        private final Map<String, Object> parsed = new LinkedHashMap<>();
        private final Map<String, String> text = new LinkedHashMap<>();

        private Builder(OptionTable table) {
            this.table = table;
        }

        /**
         * Sets an option from its configured text.
         *
         * @throws OptionValueException when the name is not in the table (in Exim's words:
         *         {@code option "foo" unknown}) or the value does not fit the type
         */
        public Builder set(String name, String value) throws OptionValueException {
            Option<?> option = table.find(name)
                    .orElseThrow(() -> new OptionValueException("option \"" + name + "\" unknown"));
            // A string keeps what the configuration reader gave (it has already removed the
            // blanks around an unquoted value, and kept those inside quotes: "From ").
            String kept = option.type() == OptionType.STRING ? value : value.strip();
            if (!option.isExpanded()) {
                parsed.put(name, option.type().parse(name, kept));
            }
            text.put(name, kept);
            return this;
        }

        public OptionValues build() {
            return new OptionValues(table, new LinkedHashMap<>(parsed), new LinkedHashMap<>(text));
        }
    }
}
