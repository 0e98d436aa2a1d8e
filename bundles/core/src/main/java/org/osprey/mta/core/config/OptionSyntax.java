package org.osprey.mta.core.config;

/**
 * The kinds of value Exim's own options take (its opt_* types), each read and shown
 * exactly as Exim 4.96 reads and shows it: the words of every error, where a number
 * stops, the K and M that {@code -bP} prints. Drivers' private options use the kernel's
 * option types instead; these are for the main options and the generic options of
 * routers, transports and authenticators. There is one subclass per kind, named after it
 * ({@link IntegerSyntax}, {@link TimeListSyntax} ...); this class holds the instances.
 *
 * @param <T> the Java type of a value ({@code null} stands for "unset")
 */
abstract class OptionSyntax<T> {
    static final BooleanSyntax BOOLEAN = new BooleanSyntax();
    static final BoolOrExpansionSyntax BOOLEAN_OR_EXPANSION = new BoolOrExpansionSyntax();
    static final IntegerSyntax INTEGER = new IntegerSyntax(IntegerSyntax.Kind.PLAIN);
    static final IntegerSyntax SIZED_INTEGER = new IntegerSyntax(IntegerSyntax.Kind.SIZED);
    static final IntegerSyntax OCTAL_INTEGER = new IntegerSyntax(IntegerSyntax.Kind.OCTAL);
    static final KilobyteSyntax KILOBYTES = new KilobyteSyntax();
    static final FixedPointSyntax FIXED_POINT = new FixedPointSyntax();
    static final TimeSyntax TIME = new TimeSyntax();
    static final TimeListSyntax TIME_LIST = new TimeListSyntax();
    static final TextSyntax STRING = new TextSyntax();
    static final TimeOrExpansionSyntax TIME_OR_EXPANSION = new TimeOrExpansionSyntax();
    static final IdSyntax USER = new IdSyntax(true);
    static final IdSyntax GROUP = new IdSyntax(false);
    static final IdOrExpansionSyntax USER_OR_EXPANSION = new IdOrExpansionSyntax(true);
    static final IdOrExpansionSyntax GROUP_OR_EXPANSION = new IdOrExpansionSyntax(false);
    static final IdListSyntax USER_LIST = new IdListSyntax(true);
    static final IdListSyntax GROUP_LIST = new IdListSyntax(false);
    static final RewriteSyntax REWRITE = new RewriteSyntax();

    private final String description;

    OptionSyntax(String description) {
        this.description = description;
    }

    /** Whether the option is a boolean: it may be written bare or with {@code no_} or {@code not_}. */
    boolean isBoolean() {
        return false;
    }

    /**
     * Reads a value.
     *
     * @param name the option's name as written (with any {@code no_}), for messages
     * @param text what follows the {@code =} and the white space after it
     */
    abstract T parse(String name, String text, ValueContext context, Location location) throws ConfigException;

    /** The option's line in {@code -bP} output, without the newline. */
    abstract String show(String name, T value, PrintContext context, boolean noLabels);

    @SuppressWarnings("unchecked")
    final String showUnchecked(String name, Object value, PrintContext context, boolean noLabels) {
        return show(name, (T) value, context, noLabels);
    }

    @Override
    public String toString() {
        return description;
    }

    static String labelled(String name, String value, boolean noLabels) {
        return noLabels ? value : name + " = " + value;
    }

    static String printable(String s, PrintContext context) {
        return PrintableText.of(s, true, context.topBitChars());
    }

    static String extraCharacters(String text, int from, String what) {
        return ConfigException.extraCharacters(text.substring(from), what);
    }
}
