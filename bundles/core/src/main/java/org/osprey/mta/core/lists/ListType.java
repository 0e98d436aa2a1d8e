package org.osprey.mta.core.lists;

/** The four kinds of Exim list, each with its own matching rules and its own named lists. */
public enum ListType {
    DOMAIN("domainlist"),
    HOST("hostlist"),
    ADDRESS("addresslist"),
    LOCAL_PART("localpartlist");

    private final String keyword;

    ListType(String keyword) {
        this.keyword = keyword;
    }

    /** The configuration keyword that defines a named list of this type, such as {@code domainlist}. */
    public String keyword() {
        return keyword;
    }
}
