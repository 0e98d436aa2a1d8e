package org.osprey.mta.core.config;

import static org.osprey.mta.core.config.AsciiChars.at;
import static org.osprey.mta.core.config.AsciiChars.isDigit;

import java.util.Optional;
import org.osprey.mta.kernel.option.CNumbers;

/**
 * Finds users and groups given in the configuration as Exim's route_finduser and
 * route_findgroup do: a number (a leading minus allowed, cut to 32 bits) is taken as it
 * is; a name is looked up in the accounts, with {@code max_username_length} applied.
 */
final class UserLookup {
    private UserLookup() {
    }

    /** A uid: a number, or a name in the passwd file; Exim's message when there is no such user. */
    static long findUser(String s, ValueContext context, Location location) throws ConfigException {
        Optional<Long> numeric = numericId(s);
        if (numeric.isPresent()) {
            return numeric.get();
        }
        int max = context.maxUsernameLength().getAsInt();
        Optional<Accounts.User> user = max > 0 && s.length() > max ? Optional.empty() : context.accounts().user(s);
        return user.orElseThrow(() -> ConfigException.inLine(location, "user " + s + " was not found")).uid();
    }

    /** A gid: a number, or a name in the group file; Exim's message when there is no such group. */
    static long findGroup(String s, ValueContext context, Location location) throws ConfigException {
        Optional<Long> numeric = numericId(s);
        if (numeric.isPresent()) {
            return numeric.get();
        }
        return context.accounts().group(s)
                .orElseThrow(() -> ConfigException.inLine(location, "group " + s + " was not found")).gid();
    }

    /** The primary group of a user given by name (not by number), for the user-sets-group rule. */
    static Optional<Long> primaryGroup(String text, ValueContext context) {
        if (numericId(text).isPresent()) {
            return Optional.empty();
        }
        return context.accounts().user(text).map(Accounts.User::gid);
    }

    private static Optional<Long> numericId(String s) {
        if (!(isDigit(at(s, 0)) || at(s, 0) == '-')) {
            return Optional.empty();
        }
        for (int i = 1; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return Optional.empty();
            }
        }
        CNumbers.Parsed p = CNumbers.strtol(s, 0, 10);
        return Optional.of(((int) p.value()) & 0xffffffffL);
    }
}
