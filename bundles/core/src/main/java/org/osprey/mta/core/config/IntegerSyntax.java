package org.osprey.mta.core.config;

import org.osprey.mta.kernel.option.OptionType;

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

    private final Kind kind;

    IntegerSyntax(Kind kind) {
        super(kind == Kind.OCTAL ? "octal integer" : "integer");
        this.kind = kind;
    }

    @Override
    Integer parse(String name, String text, ValueContext context, Location location) throws ConfigException {
        return KernelTypes.parse(kind == Kind.OCTAL ? OptionType.OCTAL : OptionType.INTEGER, name, text, location);
    }

    @Override
    String show(String name, Integer value, PrintContext context, boolean noLabels) {
        int x = value;
        String text = switch (kind) {
            case PLAIN -> Integer.toString(x);
            case OCTAL -> OptionType.OCTAL.format(x);
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
