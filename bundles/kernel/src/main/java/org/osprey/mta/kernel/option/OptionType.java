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
        String extra = rest.substring(CNumbers.skipSpace(rest, 0));
        if (!extra.isEmpty()) {
            throw new OptionValueException("extra characters follow " + what
                    + (extra.startsWith("#") ? " (# is comment only at line start)" : ""));
        }
    }

    static final class BooleanType extends OptionType<Boolean> {
        /** Exim reads the word as a name: at most 63 characters. */
        private static final int NAME_MAX = 63;

        BooleanType() {
            super("boolean");
        }

        @Override
        public Boolean parse(String optionName, String text) throws OptionValueException {
            int s = 0;
            StringBuilder word = new StringBuilder();
            if (isLetter(CNumbers.at(text, s))) {
                while (isLetter(CNumbers.at(text, s)) || CNumbers.isDigit(CNumbers.at(text, s))
                        || CNumbers.at(text, s) == '_') {
                    if (word.length() >= NAME_MAX) {
                        throw new OptionValueException("exim item name too long (>64), unable to use \""
                                + word + "\" (truncated)");
                    }
                    word.append(text.charAt(s++));
                }
            }
            Boolean value = switch (word.toString().toLowerCase(Locale.ROOT)) {
                case "true", "yes" -> Boolean.TRUE;
                case "false", "no" -> Boolean.FALSE;
                default -> throw new OptionValueException(
                        "\"" + word + "\" is not a valid value for the \"" + optionName + "\" option");
            };
            checkNothingFollows(text.substring(s), "\"" + word + "\" for boolean option " + optionName);
            return value;
        }

        private static boolean isLetter(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
        }

        @Override
        public String format(Boolean value) {
            return value ? "true" : "false";
        }
    }

    static final class IntegerType extends OptionType<Integer> {
        /** Exim's multipliers: each letter multiplies by 1024 once more than the one after it. */
        private static final String MULTIPLIERS = "TtGgMmKk";
        private final int radix;

        IntegerType(String description, int radix) {
            super(description);
            this.radix = radix;
        }

        @Override
        public Integer parse(String optionName, String text) throws OptionValueException {
            String prefix = radix == 8 ? "octal " : "";
            CNumbers.Parsed p = CNumbers.strtol(text, 0, radix);
            if (p.end() == 0) {
                throw new OptionValueException(prefix + "integer expected for " + optionName);
            }
            long value = p.value();
            boolean overflow = p.overflow();
            int end = p.end();
            if (!overflow && end < text.length()) {
                int m = MULTIPLIERS.indexOf(text.charAt(end));
                if (m >= 0) {
                    end++;
                    for (; m < MULTIPLIERS.length(); m += 2) {
                        if (value > Integer.MAX_VALUE / 1024 || value < Integer.MIN_VALUE / 1024) {
                            overflow = true;
                            break;
                        }
                        value *= 1024;
                    }
                }
            }
            if (overflow || value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
                throw new OptionValueException("absolute value of integer \"" + text + "\" is too large (overflow)");
            }
            checkNothingFollows(text.substring(end), prefix + "integer value for " + optionName);
            return (int) value;
        }

        @Override
        public String format(Integer value) {
            return radix == 8 ? (value == 0 ? "0" : "0" + Integer.toOctalString(value)) : Integer.toString(value);
        }
    }

    static final class FixedPointType extends OptionType<BigDecimal> {
        FixedPointType() {
            super("fixed-point");
        }

        @Override
        public BigDecimal parse(String optionName, String text) throws OptionValueException {
            CNumbers.Parsed p = CNumbers.scanInt(text, 0);
            if (p == null) {
                throw new OptionValueException("fixed-point number expected for " + optionName);
            }
            int value = (int) p.value();
            if (value < 0) {
                throw new OptionValueException("integer \"" + text + "\" is too large (overflow)");
            }
            // Exim checks again after multiplying, but its compiler drops that check (signed
            // overflow cannot happen in C): a value too large wraps round, as here.
            value *= 1000;
            int count = p.end();
            if (CNumbers.at(text, count) == '.') {
                // Exim reads every digit after the point but keeps only three.
                int weight = 100;
                while (CNumbers.isDigit(CNumbers.at(text, ++count))) {
                    value += (text.charAt(count) - '0') * weight;
                    weight /= 10;
                }
            }
            checkNothingFollows(text.substring(count), "fixed-point value for " + optionName);
            return BigDecimal.valueOf(value, 3);
        }

        /** The integer part, a point, and the decimals up to the last non-zero one (at least one). */
        @Override
        public String format(BigDecimal value) {
            int thousandths = value.movePointRight(3).intValue();
            StringBuilder out = new StringBuilder().append(thousandths / 1000).append('.');
            int rest = thousandths % 1000;
            int weight = 100;
            do {
                out.append(rest / weight);
                rest %= weight;
                weight /= 10;
            } while (rest != 0);
            return out.toString();
        }
    }

    static final class TimeType extends OptionType<Duration> {
        TimeType() {
            super("time");
        }

        @Override
        public Duration parse(String optionName, String text) throws OptionValueException {
            int seconds = TimeValues.parse(text);
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
