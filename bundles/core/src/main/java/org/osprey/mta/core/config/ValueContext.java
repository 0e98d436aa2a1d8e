package org.osprey.mta.core.config;

import java.util.function.IntSupplier;
import org.osprey.mta.kernel.expand.Expander;

/**
 * What reading an option's value may need besides its text: the system's accounts (for
 * users and groups), an expander (Exim expands uid and gid lists as it reads them), and
 * {@code max_username_length} as set so far.
 */
record ValueContext(Accounts accounts, Expander expander, IntSupplier maxUsernameLength) {
}
