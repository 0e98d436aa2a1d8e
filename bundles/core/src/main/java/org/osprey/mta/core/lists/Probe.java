package org.osprey.mta.core.lists;

/**
 * What one list match is about (Exim's check_string_block, check_address_block and
 * check_host_block) and what it has found so far: the value for $value, the numeric variables
 * and the message of a deferral.
 */
final class Probe {
    final String original;
    String subject;
    boolean caseless;
    final int expandSetup;
    final boolean atIsSpecial;
    final String hostName;
    final String hostAddress;
    String value;
    String[] captures;
    String deferMessage;
    boolean fileMatched;

    private Probe(String original, boolean caseless, int expandSetup, boolean atIsSpecial, String hostName,
            String hostAddress) {
        this.original = original;
        this.caseless = caseless;
        this.subject = caseless ? StringPatterns.lower(original) : original;
        this.expandSetup = expandSetup;
        this.atIsSpecial = atIsSpecial;
        this.hostName = hostName;
        this.hostAddress = hostAddress;
    }

    static Probe forString(String subject, boolean caseless, int expandSetup, boolean atIsSpecial) {
        return new Probe(subject, caseless, expandSetup, atIsSpecial, null, null);
    }

    /** An address: lower-cased whole when caseless, else only the domain. */
    static Probe forAddress(String address, boolean caseless) {
        return forAddress(address, caseless, -1);
    }

    /** An address whose match sets the numbered variables when {@code expandSetup} is 0. */
    static Probe forAddress(String address, boolean caseless, int expandSetup) {
        Probe p = new Probe(address, caseless, expandSetup, false, null, null);
        if (!caseless) {
            int at = address.lastIndexOf('@');
            p.subject = at < 0 ? address : address.substring(0, at) + StringPatterns.lower(address.substring(at));
        }
        return p;
    }

    static Probe forHost(String name, String address) {
        return new Probe(address, false, -1, false, name, address);
    }

    /** {@code +caseful}: local parts are compared with their case from here on. */
    void caseful() {
        if (hostAddress != null) {
            return;
        }
        int at = original.lastIndexOf('@');
        if (expandSetup < 0 && at >= 0) {
            subject = original.substring(0, at) + subject.substring(at);
        } else if (expandSetup >= 0) {
            subject = original;
        }
        caseless = false;
    }

    /** The key under which a named list's result for this subject is cached. */
    String key() {
        return hostAddress != null ? hostAddress : subject;
    }
}
