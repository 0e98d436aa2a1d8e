package org.osprey.mta.router.manualroute;

/**
 * The option words after a rule's host list. Each word may be abbreviated, as Exim compares
 * only the word's own length: {@code randomize}, {@code no_randomize}, {@code byname},
 * {@code bydns}, {@code ipv4_prefer}, {@code ipv4_only}; any other word names the transport
 * for this rule.
 *
 * @param randomize whether the host list's order is randomized (within "+" groups)
 * @param lookup how host addresses are found: a set of the {@code LK_*} bits
 * @param transport the transport this rule names, or {@code null} for the router's own
 */
record RuleOptions(boolean randomize, int lookup, String transport) {
    /** No byname or bydns given: DNS first, then the system's resolver if DNS says "no such host". */
    static final int LK_DEFAULT = 1;
    static final int LK_BYNAME = 2;
    static final int LK_BYDNS = 4;
    static final int LK_IPV4_ONLY = 8;
    static final int LK_IPV4_PREFER = 16;

    static RuleOptions parse(String options, boolean randomizeByDefault) {
        boolean randomize = randomizeByDefault;
        int lookup = LK_DEFAULT;
        String transport = null;
        for (String word : options.strip().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (abbreviates(word, "randomize")) {
                randomize = true;
            } else if (abbreviates(word, "no_randomize")) {
                randomize = false;
            } else if (abbreviates(word, "byname")) {
                lookup = lookup & ~(LK_DEFAULT | LK_BYDNS) | LK_BYNAME;
            } else if (abbreviates(word, "bydns")) {
                // Exim 4.96 writes "& LK_BYDNS" here where "| LK_BYDNS" was meant: bydns also
                // drops an ipv4_prefer or ipv4_only that came before it.
                lookup = LK_BYDNS;
            } else if (abbreviates(word, "ipv4_prefer")) {
                lookup |= LK_IPV4_PREFER;
            } else if (abbreviates(word, "ipv4_only")) {
                lookup |= LK_IPV4_ONLY;
            } else {
                transport = word;
            }
        }
        return new RuleOptions(randomize, lookup, transport);
    }

    boolean has(int bit) {
        return (lookup & bit) != 0;
    }

    private static boolean abbreviates(String word, String option) {
        return option.startsWith(word);
    }
}
