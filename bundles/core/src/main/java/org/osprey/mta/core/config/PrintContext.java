package org.osprey.mta.core.config;

/**
 * What showing a value needs: the accounts (a uid is shown as the user's name), whether
 * {@code print_topbitchars} is set, and whether the caller may see hidden values.
 */
record PrintContext(Accounts accounts, boolean topBitChars, boolean admin) {
}
