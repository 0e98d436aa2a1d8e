package org.osprey.mta.kernel.tls;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A GnuTLS priority string ({@code tls_require_ciphers} in Exim's GnuTLS build, such as
 * {@code NORMAL:%COMPAT} or {@code SECURE256:-VERS-TLS1.0}) turned into what JSSE can be told:
 * protocols, cipher suites and named groups. The mapping is documented in docs/tls.md; a string
 * with an element GnuTLS would refuse is refused with GnuTLS's error, and elements that have no
 * JSSE counterpart (signature algorithms, compression, certificate types, most {@code %} flags)
 * are accepted and have no effect. The server (the engine) and the smtp transport's client
 * share it.
 */
public final class GnutlsPriority {
    /** GnuTLS's default priority, when {@code tls_require_ciphers} is unset. */
    public static final String DEFAULT = "NORMAL";

    private static final List<String> VERSIONS = List.of("TLS1.3", "TLS1.2", "TLS1.1", "TLS1.0");
    private static final List<String> ALL_CIPHERS = List.of("AES-256-GCM", "CHACHA20-POLY1305", "AES-256-CCM",
            "AES-256-CBC", "AES-128-GCM", "AES-128-CCM", "AES-128-CBC", "AES-128-CCM-8", "AES-256-CCM-8",
            "CAMELLIA-256-GCM", "CAMELLIA-128-GCM", "CAMELLIA-256-CBC", "CAMELLIA-128-CBC", "3DES-CBC",
            "ARCFOUR-128", "NULL");
    private static final List<String> ALL_MACS = List.of("AEAD", "SHA1", "SHA256", "SHA384", "MD5");
    private static final List<String> ALL_KX = List.of("ECDHE-ECDSA", "ECDHE-RSA", "RSA", "DHE-RSA", "DHE-DSS");
    private static final List<String> EC_GROUPS = List.of("SECP256R1", "SECP384R1", "SECP521R1", "X25519", "X448");
    private static final List<String> DH_GROUPS = List.of("FFDHE2048", "FFDHE3072", "FFDHE4096", "FFDHE6144",
            "FFDHE8192");
    /** Key exchanges GnuTLS knows that JSSE suites here never use: accepted, without effect. */
    private static final Set<String> OTHER_KX = Set.of("PSK", "DHE-PSK", "ECDHE-PSK", "RSA-PSK", "SRP", "SRP-RSA",
            "SRP-DSS", "ANON-DH", "ANON-ECDH", "RSA-EXPORT", "VKO-GOST-12");
    private static final Set<String> FLAGS = Set.of("COMPAT", "DUMBFW", "NO_EXTENSIONS", "NO_TICKETS",
            "NO_TICKETS_TLS12", "NO_SESSION_HASH", "FORCE_SESSION_HASH", "NO_ETM", "FORCE_ETM", "NO_STATUS_REQUEST",
            "SAFE_RENEGOTIATION", "UNSAFE_RENEGOTIATION", "PARTIAL_RENEGOTIATION", "DISABLE_SAFE_RENEGOTIATION",
            "DISABLE_WILDCARDS", "LATEST_RECORD_VERSION", "SSL3_RECORD_VERSION", "VERIFY_ALLOW_SIGN_RSA_MD5",
            "VERIFY_ALLOW_X509_V1_CA_CRT", "VERIFY_DISABLE_CRL_CHECKS", "VERIFY_ALLOW_BROKEN", "STATELESS_COMPRESSION",
            "ALLOW_SMALL_RECORDS", "PROFILE_LOW", "PROFILE_LEGACY", "PROFILE_MEDIUM", "PROFILE_HIGH", "PROFILE_ULTRA",
            "PROFILE_FUTURE", "PROFILE_SUITEB128", "PROFILE_SUITEB192", "NEW_PADDING", "DEBUG_ALLOW_KEY_USAGE_VIOLATIONS",
            "SERVER_PRECEDENCE");
    private static final Map<String, String> PROTOCOL_NAMES = Map.of(
            "TLS1.3", "TLSv1.3", "TLS1.2", "TLSv1.2", "TLS1.1", "TLSv1.1", "TLS1.0", "TLSv1");

    /**
     * What JSSE is told.
     *
     * @param protocols enabled protocols, such as {@code TLSv1.3}
     * @param cipherSuites enabled JSSE cipher suites, in the order they were offered
     * @param namedGroups named groups for key exchange, BC's names ({@code x25519}, {@code secp256r1}, {@code ffdhe2048})
     * @param serverPrecedence {@code %SERVER_PRECEDENCE}: the server's order of suites wins
     */
    public record Policy(List<String> protocols, List<String> cipherSuites, List<String> namedGroups,
            boolean serverPrecedence) {
    }

    private final Set<String> versions = new LinkedHashSet<>();
    private final Set<String> ciphers = new LinkedHashSet<>();
    private final Set<String> macs = new LinkedHashSet<>();
    private final Set<String> kx = new LinkedHashSet<>();
    private final Set<String> groups = new LinkedHashSet<>();
    private boolean serverPrecedence;

    private GnutlsPriority() {
    }

    /**
     * Parses {@code priority} and applies it to the suites JSSE supports.
     *
     * @param supportedSuites the JSSE suites the provider supports, in its order
     * @throws InvalidPriorityException with GnuTLS's words, for an element it does not know
     */
    public static Policy parse(String priority, Collection<String> supportedSuites) throws InvalidPriorityException {
        GnutlsPriority state = new GnutlsPriority();
        String[] elements = priority.split(":", -1);
        int offset = 0;
        for (int i = 0; i < elements.length; i++) {
            String element = elements[i];
            boolean known = i == 0 ? state.keyword(element) || (state.keyword(DEFAULT) && state.modifier(element))
                    : state.modifier(element);
            if (!known) {
                throw invalid(priority, offset);
            }
            offset += element.length() + 1;
        }
        return state.policy(supportedSuites);
    }

    private static InvalidPriorityException invalid(String priority, int offset) {
        String at = priority.substring(offset);
        return new InvalidPriorityException("gnutls_priority_init(" + priority + ") failed at offset " + offset + ", \""
                + at.substring(0, Math.min(6, at.length())) + "..\"", "The request is invalid.");
    }

    /** A base level; false when {@code element} is none. */
    private boolean keyword(String element) {
        String word = element.toUpperCase(Locale.ROOT);
        if (word.startsWith("@")) {
            word = word.substring(1);
        }
        switch (word) {
            case "NORMAL", "PERFORMANCE", "SYSTEM" -> level(VERSIONS, ALL_CIPHERS.subList(0, 7), List.of("SHA1", "AEAD"),
                    ALL_KX.subList(0, 4), concat(EC_GROUPS, DH_GROUPS));
            case "PFS" -> level(VERSIONS, ALL_CIPHERS.subList(0, 7), List.of("SHA1", "AEAD"),
                    List.of("ECDHE-ECDSA", "ECDHE-RSA", "DHE-RSA"), concat(EC_GROUPS, DH_GROUPS));
            case "LEGACY" -> level(VERSIONS, concat(ALL_CIPHERS.subList(0, 7), List.of("3DES-CBC")),
                    List.of("SHA1", "AEAD", "SHA256", "SHA384"), ALL_KX.subList(0, 4), concat(EC_GROUPS, DH_GROUPS));
            case "SECURE128" -> level(VERSIONS, ALL_CIPHERS.subList(0, 7), List.of("SHA1", "AEAD"),
                    ALL_KX.subList(0, 4), concat(EC_GROUPS, DH_GROUPS.subList(1, 5)));
            case "SECURE192", "SECURE256" -> level(VERSIONS, ALL_CIPHERS.subList(0, 4), List.of("AEAD", "SHA384"),
                    ALL_KX.subList(0, 4), List.of("SECP521R1", "SECP384R1", "X448", "FFDHE8192"));
            case "SUITEB128" -> level(List.of("TLS1.2"), List.of("AES-128-GCM", "AES-256-GCM"), List.of("AEAD"),
                    List.of("ECDHE-ECDSA"), List.of("SECP256R1", "SECP384R1"));
            case "SUITEB192" -> level(List.of("TLS1.2"), List.of("AES-256-GCM"), List.of("AEAD"),
                    List.of("ECDHE-ECDSA"), List.of("SECP384R1"));
            case "NONE" -> level(List.of(), List.of(), List.of(), List.of(), List.of());
            default -> {
                return false;
            }
        }
        return true;
    }

    private void level(List<String> v, List<String> c, List<String> m, List<String> k, List<String> g) {
        versions.clear();
        versions.addAll(v);
        ciphers.clear();
        ciphers.addAll(c);
        macs.clear();
        macs.addAll(m);
        kx.clear();
        kx.addAll(k);
        groups.clear();
        groups.addAll(g);
    }

    /** {@code +X}, {@code -X}, {@code !X} or {@code %FLAG}; false when not one GnuTLS knows. */
    private boolean modifier(String element) {
        if (element.length() < 2) {
            return false;
        }
        char sign = element.charAt(0);
        String name = element.substring(1).toUpperCase(Locale.ROOT);
        if (sign == '%') {
            if (name.equals("SERVER_PRECEDENCE")) {
                serverPrecedence = true;
            }
            return FLAGS.contains(name);
        }
        if (sign != '+' && sign != '-' && sign != '!') {
            return false;
        }
        boolean add = sign == '+';
        if (name.startsWith("VERS-")) {
            String version = name.substring(5);
            List<String> which = switch (version) {
                case "ALL", "TLS-ALL" -> VERSIONS;
                case "TLS1.0", "TLS1.1", "TLS1.2", "TLS1.3" -> List.of(version);
                case "SSL3.0", "DTLS-ALL", "DTLS0.9", "DTLS1.0", "DTLS1.2" -> List.of(); // nothing JSSE offers here
                default -> null;
            };
            return apply(versions, which, add);
        }
        if (name.startsWith("GROUP-") || name.startsWith("CURVE-")) {
            String group = name.substring(name.indexOf('-') + 1);
            List<String> which = switch (group) {
                case "ALL" -> concat(EC_GROUPS, DH_GROUPS);
                case "EC-ALL" -> EC_GROUPS;
                case "DH-ALL" -> DH_GROUPS;
                default -> EC_GROUPS.contains(group) || DH_GROUPS.contains(group) ? List.of(group) : null;
            };
            return apply(groups, which, add);
        }
        if (name.startsWith("SIGN-") || name.startsWith("CTYPE-") || name.startsWith("COMP-")) {
            return name.length() > 5; // accepted, no JSSE counterpart (see docs/tls.md)
        }
        if (name.equals("CIPHER-ALL")) {
            return apply(ciphers, ALL_CIPHERS.subList(0, 7), add);
        }
        if (ALL_CIPHERS.contains(name)) {
            return apply(ciphers, List.of(name), add);
        }
        if (name.equals("MAC-ALL")) {
            return apply(macs, List.of("AEAD", "SHA1", "SHA256", "SHA384"), add);
        }
        if (ALL_MACS.contains(name)) {
            return apply(macs, List.of(name), add);
        }
        if (name.equals("KX-ALL")) {
            return apply(kx, ALL_KX, add);
        }
        if (ALL_KX.contains(name)) {
            return apply(kx, List.of(name), add);
        }
        return OTHER_KX.contains(name);
    }

    private static boolean apply(Set<String> set, List<String> which, boolean add) {
        if (which == null) {
            return false;
        }
        if (add) {
            set.addAll(which);
        } else {
            which.forEach(set::remove);
        }
        return true;
    }

    private Policy policy(Collection<String> supportedSuites) {
        List<String> protocols = new ArrayList<>();
        for (String version : VERSIONS) {
            if (versions.contains(version)) {
                protocols.add(PROTOCOL_NAMES.get(version));
            }
        }
        List<String> suites = new ArrayList<>();
        for (String suite : supportedSuites) {
            JsseSuite parsed = JsseSuite.parse(suite);
            if (parsed == null) {
                continue;
            }
            boolean versionOk = parsed.tls13() ? versions.contains("TLS1.3")
                    : versions.stream().anyMatch(v -> !v.equals("TLS1.3"));
            if (versionOk && ciphers.contains(parsed.cipher()) && macs.contains(parsed.mac())
                    && (parsed.tls13() || kx.contains(parsed.kx()))) {
                suites.add(suite);
            }
        }
        List<String> named = groups.stream().map(g -> g.toLowerCase(Locale.ROOT)).toList();
        return new Policy(List.copyOf(protocols), List.copyOf(suites), named, serverPrecedence);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
