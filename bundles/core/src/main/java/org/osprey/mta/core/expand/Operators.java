package org.osprey.mta.core.expand;

import java.util.Map;
import java.util.Set;

/**
 * The table of operators. As in Exim, names that contain an underscore as part of the name
 * ({@code local_part}, {@code time_eval} ...) are looked up whole; any other name is cut at
 * its first underscore, the rest being an argument ({@code sha2_256}, {@code length_3}).
 */
final class Operators {
    private static final Set<String> UNDERSCORED = Set.of("from_utf8", "local_part", "quote_local_part", "reverse_ip",
            "time_eval", "time_interval", "utf8_domain_from_alabel", "utf8_domain_to_alabel",
            "utf8_localpart_from_alabel", "utf8_localpart_to_alabel");

    private static final Map<String, Operator> TABLE = Map.ofEntries(
            Map.entry("from_utf8", TextOperators::fromUtf8),
            Map.entry("local_part", AddressOperators::extract),
            Map.entry("quote_local_part", TextOperators::quote),
            Map.entry("reverse_ip", IpOperators::reverse),
            Map.entry("time_eval", TimeIntervals::evalOperator),
            Map.entry("time_interval", TimeIntervals::intervalOperator),
            Map.entry("utf8_domain_from_alabel", IdnOperators::domainFromAlabel),
            Map.entry("utf8_domain_to_alabel", IdnOperators::domainToAlabel),
            Map.entry("utf8_localpart_from_alabel", IdnOperators::localPartFromAlabel),
            Map.entry("utf8_localpart_to_alabel", IdnOperators::localPartToAlabel),
            Map.entry("address", AddressOperators::extract),
            Map.entry("addresses", AddressOperators::addresses),
            Map.entry("base32", Codecs::base32),
            Map.entry("base32d", Codecs::base32d),
            Map.entry("base62", Codecs::base62),
            Map.entry("base62d", Codecs::base62d),
            Map.entry("base64", Codecs::base64),
            Map.entry("base64d", Codecs::base64d),
            Map.entry("domain", AddressOperators::extract),
            Map.entry("escape", TextOperators::escape),
            Map.entry("escape8bit", TextOperators::escape8bit),
            Map.entry("eval", Arithmetic::operator),
            Map.entry("eval10", Arithmetic::operator),
            Map.entry("expand", TextOperators::expand),
            Map.entry("h", TextOperators::legacy),
            Map.entry("hash", TextOperators::legacy),
            Map.entry("hex2b64", Codecs::hex2b64),
            Map.entry("hexquote", TextOperators::hexquote),
            Map.entry("ipv6denorm", IpOperators::normalise),
            Map.entry("ipv6norm", IpOperators::normalise),
            Map.entry("l", TextOperators::legacy),
            Map.entry("lc", (ev, n, a, s) -> Chars.lower(s)),
            Map.entry("length", TextOperators::legacy),
            Map.entry("listcount", TextOperators::listcount),
            Map.entry("listnamed", ListNamed::operator),
            Map.entry("mask", IpOperators::mask),
            Map.entry("md5", Digests::md5Operator),
            Map.entry("nh", TextOperators::legacy),
            Map.entry("nhash", TextOperators::legacy),
            Map.entry("quote", TextOperators::quote),
            Map.entry("randint", TextOperators::randint),
            Map.entry("rfc2047", Rfc2047::encodeOperator),
            Map.entry("rfc2047d", Rfc2047::decodeOperator),
            Map.entry("rxquote", TextOperators::rxquote),
            Map.entry("s", TextOperators::legacy),
            Map.entry("sha1", Digests::sha1Operator),
            Map.entry("sha2", Digests::sha2Operator),
            Map.entry("sha256", Digests::sha2Operator),
            Map.entry("sha3", Digests::sha3Operator),
            Map.entry("stat", SystemItems::stat),
            Map.entry("str2b64", Codecs::base64),
            Map.entry("strlen", (ev, n, a, s) -> Integer.toString(s.length())),
            Map.entry("substr", TextOperators::legacy),
            Map.entry("uc", (ev, n, a, s) -> Chars.upper(s)),
            Map.entry("utf8clean", TextOperators::utf8clean));

    private Operators() {
    }

    /** The operator {@code name} denotes, or null when there is none. */
    static Operator find(String name) {
        if (UNDERSCORED.contains(name)) {
            return TABLE.get(name);
        }
        int u = name.indexOf('_');
        return TABLE.get(u < 0 ? name : name.substring(0, u));
    }

    /** What follows the underscore that ends the operator's name, or null. */
    static String argument(String name) {
        if (UNDERSCORED.contains(name)) {
            return null;
        }
        int u = name.indexOf('_');
        return u < 0 ? null : name.substring(u + 1);
    }

    /** The operator's own name, without argument. */
    static String base(String name) {
        int u = name.indexOf('_');
        return UNDERSCORED.contains(name) || u < 0 ? name : name.substring(0, u);
    }
}
