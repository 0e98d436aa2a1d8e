package org.osprey.mta.core.config;

import java.math.BigDecimal;
import org.osprey.mta.kernel.option.OptionType;

/** Exim's fixed-point numbers, kept to three decimal places: the kernel's type, in the reader's terms. */
final class FixedPointSyntax extends OptionSyntax<BigDecimal> {
    FixedPointSyntax() {
        super("fixed-point");
    }

    @Override
    BigDecimal parse(String name, String text, ValueContext context, Location location) throws ConfigException {
        return KernelTypes.parse(OptionType.FIXED_POINT, name, text, location);
    }

    /** A value that wrapped round to a negative number shows as unset, as in Exim. */
    @Override
    String show(String name, BigDecimal value, PrintContext context, boolean noLabels) {
        if (value == null || value.signum() < 0) {
            return name + " =";
        }
        return labelled(name, OptionType.FIXED_POINT.format(value), noLabels);
    }
}
