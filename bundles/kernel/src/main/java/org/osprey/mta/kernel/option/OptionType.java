package org.osprey.mta.kernel.option;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * The type of an option's value: how its text is parsed and checked, and how the value is
 * printed back (by {@code -bP}). Parsing follows Exim 4.96's reader (readconf.c), so the
 * same text is accepted or refused with the same words.
 *
 * <p>List and rewrite types keep their text: Exim matches lists and applies rewrite rules
 * from the text at the moment of use, after expansion, and so does the engine. The type
 * still tells the engine (and {@code -bP}) what kind of list it is.
 *
 * @param <T> the Java type of a parsed value
 */
public abstract sealed class OptionType<T> {

    /** {@code true}, {@code false}, {@code yes}, {@code no}; the bare name or a {@code no_} prefix in the file. */
    public static final OptionType<Boolean> BOOLEAN = new BooleanType();
    /** A signed 32-bit integer: decimal, {@code 0x} hex or leading-zero octal, with an optional K, M, G or T suffix (powers of 1024). */
    public static final OptionType<Integer> INTEGER = new IntegerType("integer", 0);
    /** An octal integer such as a file mode ({@code 0600}); K/M/G suffixes as for integers. */
    public static final OptionType<Integer> OCTAL = new IntegerType("octal", 8);
    /** A fixed-point number with up to three decimal places, such as {@code 1.5}. */
    public static final OptionType<BigDecimal> FIXED_POINT = new FixedPointType();
    /** A time interval as a sequence of number-and-unit pairs ({@code s m h d w}), such as {@code 1h30m}. */
    public static final OptionType<Duration> TIME = new TimeType();
    /** Free text. With {@link Option#expanded()} it is Exim's "expandable string". */
    public static final OptionType<String> STRING = new TextType("string");
    /** A list of strings, colon-separated unless the list starts with {@code <} and another separator. */
    public static final OptionType<String> STRING_LIST = new TextType("string list");
    /** A domain list (Exim's chapter "Domain, host, address, and local part lists"). */
    public static final OptionType<String> DOMAIN_LIST = new TextType("domain list");
    /** A host list. */
    public static final OptionType<String> HOST_LIST = new TextType("host list");
    /** An address list. */
    public static final OptionType<String> ADDRESS_LIST = new TextType("address list");
    /** A local part list. */
    public static final OptionType<String> LOCAL_PART_LIST = new TextType("local part list");
    /** Address rewriting rules, in the syntax of the {@code begin rewrite} section. */
    public static final OptionType<String> REWRITE_RULES = new TextType("rewrite rules");

    private final String description;

    private OptionType(String description) {
        this.description = description;
    }

    /** What the type is called in messages, such as {@code time} or {@code host list}. */
    public final String description() {
        return description;
    }

    /**
     * Parses a configured value.
     *
     * @param optionName the option's name, for the message
     * @param text the value as written, leading and trailing white space removed
     * @throws OptionValueException when the text is not a value of this type
     */
    public abstract T parse(String optionName, String text) throws OptionValueException;

    /** The value as {@code -bP} prints it. */
    public abstract String format(T value);

    @Override
    public final String toString() {
        return description;
    }

    /** Exim's extra_chars_error: the value must end where the number does, bar white space. */
    static void checkNothingFollows(String rest, String what) throws OptionValueException {
        String extra = rest.strip();
        if (!extra.isEmpty()) {
            throw new OptionValueException("extra characters follow " + what
                    + (extra.startsWith("#") ? " (# is comment only at line start)" : ""));
        }
    }

    static final class BooleanType extends OptionType<Boolean> {
        BooleanType() {
            super("boolean");
        }

        @Override
        public Boolean parse(String optionName, String text) throws OptionValueException {
            switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "yes" -> { return Boolean.TRUE; }
                case "false", "no" -> { return Boolean.FALSE; }
                default -> throw new OptionValueException(
                        "\"" + text + "\" is not a valid value for the \"" + optionName + "\" option");
            }
        }

        @Override
        public String format(Boolean value) {
            return value ? "true" : "false";
        }
    }

    static final class IntegerType extends OptionType<Integer> {
        private static final String SUFFIXES = "KMGT";
        private final int radix;

        IntegerType(String description, int radix) {
            super(description);
            this.radix = radix;
        }

        @Override
        public Integer parse(String optionName, String text) throws OptionValueException {
            String prefix = radix == 8 ? "octal " : "";
            int pos = 0;
            boolean negative = false;
            if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
                negative = text.charAt(pos) == '-';
                pos++;
            }
            int base = radix;
            if (base == 0) {
                if (text.startsWith("0x", pos) || text.startsWith("0X", pos)) {
                    base = 16;
                    pos += 2;
                } else if (text.startsWith("0", pos)) {
                    base = 8;
                } else {
                    base = 10;
                }
            }
            int digitsStart = pos;
            while (pos < text.length() && Character.digit(text.charAt(pos), base) >= 0) {
                pos++;
            }
            if (pos == digitsStart) {
                throw new OptionValueException(prefix + "integer expected for " + optionName);
            }
            long value;
            try {
                value = Long.parseLong(text.substring(digitsStart, pos), base);
            } catch (NumberFormatException e) {
                throw overflow(text);
            }
            if (negative) {
                value = -value;
            }
            if (pos < text.length()) {
                int multiplier = SUFFIXES.indexOf(Character.toUpperCase(text.charAt(pos)));
                if (multiplier >= 0) {
                    pos++;
                    for (int i = 0; i <= multiplier; i++) {
                        value *= 1024;
                        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
                            throw overflow(text);
                        }
                    }
                }
            }
            if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
                throw overflow(text);
            }
            checkNothingFollows(text.substring(pos), prefix + "integer value for " + optionName);
            return (int) value;
        }

        private static OptionValueException overflow(String text) {
            return new OptionValueException("absolute value of integer \"" + text + "\" is too large (overflow)");
        }

        @Override
        public String format(Integer value) {
            return radix == 8 ? "0" + Integer.toOctalString(value) : Integer.toString(value);
        }
    }

    static final class FixedPointType extends OptionType<BigDecimal> {
        FixedPointType() {
            super("fixed-point");
        }

        @Override
        public BigDecimal parse(String optionName, String text) throws OptionValueException {
            int pos = 0;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos == 0) {
                throw new OptionValueException("fixed-point number expected for " + optionName);
            }
            long thousandths = Long.parseLong(text.substring(0, Math.min(pos, 12))) * 1000;
            if (pos > 12 || thousandths > Integer.MAX_VALUE) {
                throw new OptionValueException("integer \"" + text + "\" is too large (overflow)");
            }
            if (pos < text.length() && text.charAt(pos) == '.') {
                // Exim reads the digits after the point but keeps only three.
                int weight = 100;
                while (++pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    thousandths += (text.charAt(pos) - '0') * weight;
                    weight /= 10;
                }
            }
            checkNothingFollows(text.substring(pos), "fixed-point value for " + optionName);
            return BigDecimal.valueOf(thousandths, 3);
        }

        @Override
        public String format(BigDecimal value) {
            // Exim prints the integer part, a point and three digits with trailing zeros dropped.
            String plain = value.setScale(3, java.math.RoundingMode.DOWN).toPlainString();
            int end = plain.length();
            while (plain.charAt(end - 1) == '0' && plain.charAt(end - 2) != '.') {
                end--;
            }
            return plain.substring(0, end);
        }
    }

    static final class TimeType extends OptionType<Duration> {
        TimeType() {
            super("time");
        }

        @Override
        public Duration parse(String optionName, String text) throws OptionValueException {
            long seconds = TimeValues.parse(text);
            if (seconds < 0) {
                throw new OptionValueException("invalid time value for " + optionName);
            }
            return Duration.ofSeconds(seconds);
        }

        @Override
        public String format(Duration value) {
            return TimeValues.format(value.getSeconds());
        }
    }

    static final class TextType extends OptionType<String> {
        TextType(String description) {
            super(description);
        }

        @Override
        public String parse(String optionName, String text) {
            return text;
        }

        @Override
        public String format(String value) {
            return value;
        }
    }
}
