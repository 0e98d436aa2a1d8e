package org.osprey.mta.kernel.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A mail address as routing sees it (Exim's address_item, reduced to what drivers read).
 *
 * <p>The local part and domain are what the routers work on: after a router with
 * {@code local_part_prefix} or {@code local_part_suffix} has matched, the local part is
 * the remainder and the affixes are kept beside it ({@code $local_part_prefix},
 * {@code $local_part_suffix}). An address made by redirection has the address it came from
 * as its {@linkplain #parent() parent}. The {@linkplain #errorsTo() errors address} is
 * where bounces for it go when a router's {@code errors_to} set one. Properties carry the
 * per-address values routers set, such as {@code address_data}.
 *
 * <p>Immutable: each {@code with} method returns a new address.
 */
public final class Address {
    private final String localPart;
    private final String domain;
    private final String prefix;
    private final String suffix;
    private final Address parent;
    private final String errorsTo;
    private final Map<String, String> properties;

    private Address(String localPart, String domain, String prefix, String suffix, Address parent,
            String errorsTo, Map<String, String> properties) {
        this.localPart = Objects.requireNonNull(localPart, "localPart");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.prefix = prefix;
        this.suffix = suffix;
        this.parent = parent;
        this.errorsTo = errorsTo;
        this.properties = properties;
    }

    /** A top-level address. An empty domain is an unqualified local part. */
    public static Address of(String localPart, String domain) {
        return new Address(localPart, domain, "", "", null, null, Map.of());
    }

    /** A new address generated from this one (by redirection), with this one as its parent. */
    public Address child(String localPart, String domain) {
        return new Address(localPart, domain, "", "", this, errorsTo, Map.of());
    }

    public String localPart() {
        return localPart;
    }

    public String domain() {
        return domain;
    }

    /** The prefix removed from the local part by the router that matched, or "". */
    public String prefix() {
        return prefix;
    }

    /** The suffix removed from the local part by the router that matched, or "". */
    public String suffix() {
        return suffix;
    }

    public Optional<Address> parent() {
        return Optional.ofNullable(parent);
    }

    /** The address bounces go to instead of the sender, when a router set one. */
    public Optional<String> errorsTo() {
        return Optional.ofNullable(errorsTo);
    }

    public Optional<String> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    public Map<String, String> properties() {
        return properties;
    }

    /** {@code local_part@domain}, the affixes included, as the address is written. */
    public String text() {
        String full = prefix + localPart + suffix;
        return domain.isEmpty() ? full : full + "@" + domain;
    }

    /** This address with {@code prefix} and {@code suffix} taken off its local part. */
    public Address withAffixes(String prefix, String suffix) {
        String full = this.prefix + localPart + this.suffix;
        if (!full.startsWith(prefix) || !full.endsWith(suffix) || prefix.length() + suffix.length() > full.length()) {
            throw new IllegalArgumentException("\"" + prefix + "\" and \"" + suffix + "\" are not affixes of " + full);
        }
        String rest = full.substring(prefix.length(), full.length() - suffix.length());
        return new Address(rest, domain, prefix, suffix, parent, errorsTo, properties);
    }

    public Address withErrorsTo(String errorsTo) {
        return new Address(localPart, domain, prefix, suffix, parent, errorsTo, properties);
    }

    public Address withProperty(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(properties);
        copy.put(name, value);
        return new Address(localPart, domain, prefix, suffix, parent, errorsTo, Collections.unmodifiableMap(copy));
    }

    /** Equal when the written address is equal, domains compared without case (as Exim compares them). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Address a
                && (prefix + localPart + suffix).equals(a.prefix + a.localPart + a.suffix)
                && domain.equalsIgnoreCase(a.domain);
    }

    @Override
    public int hashCode() {
        return Objects.hash(prefix + localPart + suffix, domain.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
        return text();
    }
}
