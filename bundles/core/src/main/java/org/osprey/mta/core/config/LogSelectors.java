package org.osprey.mta.core.config;

import java.util.List;
import org.osprey.mta.kernel.option.CNumbers;

/**
 * Checks {@code log_selector} as Exim's decode_bits reads it: {@code +name} and
 * {@code -name} items with the names of Exim's log selectors, or {@code =number}.
 * Only refuses what Exim refuses; the logging code works out which lines to write.
 */
final class LogSelectors {
    private static final List<String> NAMES = BuiltinMacros.logSelectorNames();

    private LogSelectors() {
    }

    static void check(String setting) throws ConfigException {
        if (setting == null) {
            return;
        }
        if (setting.startsWith("=")) {
            CNumbers.Parsed n = CNumbers.strtol(setting, 1, 0);
            int end = n.end() == 1 ? 1 : n.end();
            if (end < setting.length()) {
                throw ConfigException.general("malformed numeric log_selector setting: " + setting);
            }
            return;
        }
        int s = 0;
        for (;;) {
            s = AsciiChars.skipSpace(setting, s);
            if (s >= setting.length()) {
                return;
            }
            char sign = setting.charAt(s);
            if (sign != '+' && sign != '-') {
                throw ConfigException.general("malformed log_selector setting: + or - expected but found \""
                        + setting.substring(s) + "\"");
            }
            int start = ++s;
            while (AsciiChars.isNameChar(AsciiChars.at(setting, s))) {
                s++;
            }
            String name = setting.substring(start, s);
            if (!NAMES.contains(name)) {
                throw ConfigException.general("unknown log_selector setting: " + sign + name);
            }
        }
    }
}
