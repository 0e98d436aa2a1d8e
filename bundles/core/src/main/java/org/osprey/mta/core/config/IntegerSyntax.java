package org.osprey.mta.core.config;

/** Exim's integers: decimal, 0x hex or 0 octal, with a K, M, G or T multiplier. */
final class IntegerSyntax extends OptionSyntax<Integer> {
    enum Kind {
        /** opt_int: shown in decimal. */
        PLAIN,
        /** opt_mkint: shown with K or M when a multiple of 1024. */
        SIZED,
        /** opt_octint: read and shown in octal. */
        OCTAL
    }

    private static final String MULTIPLIERS = "TtGgMmKk";
    private final Kind kind;

    IntegerSyntax(Kind kind) {
        super(kind == Kind.OCTAL ? "octal integer" : "integer");
        this.kind = kind;
    }

    @Override
    Integer parse(String name, String text, ValueContext context, Location location) throws ConfigException {
        String prefix = kind == Kind.OCTAL ? "octal " : "";
        CNumbers.Parsed p = CNumbers.strtol(text, 0, kind == Kind.OCTAL ? 8 : 0);
        if (p.end() == 0) {
            throw ConfigException.inLine(location, prefix + "integer expected for " + name);
        }
        long value = p.value();
        boolean overflow = p.overflow();
        int end = p.end();
        if (!overflow && end < text.length()) {
            int m = MULTIPLIERS.indexOf(text.charAt(end));
            if (m >= 0) {
                end++;
                do {
                    if (value > Integer.MAX_VALUE / 1024 || value < Integer.MIN_VALUE / 1024) {
                        overflow = true;
                        break;
                    }
                    value *= 1024;
                    m += 2;
                } while (m < MULTIPLIERS.length());
            }
        }
        if (overflow || value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw ConfigException.inLine(location,
                    "absolute value of integer \"" + text + "\" is too large (overflow)");
        }
        end = CNumbers.skipSpace(text, end);
        if (end < text.length()) {
            throw ConfigException.inLine(location, extraCharacters(text, end, prefix + "integer value for " + name));
        }
        return (int) value;
    }

    @Override
    String show(String name, Integer value, PrintContext context, boolean noLabels) {
        int x = value;
        String text = switch (kind) {
            case PLAIN -> Integer.toString(x);
            case OCTAL -> x == 0 ? "0" : "0" + Integer.toOctalString(x);
            case SIZED -> sized(x);
        };
        return labelled(name, text, noLabels);
    }

    private static String sized(int x) {
        if (x == 0 || (x & 1023) != 0) {
            return Integer.toString(x);
        }
        x >>= 10;
        if ((x & 1023) == 0) {
            return (x >> 10) + "M";
        }
        return x + "K";
    }
}
