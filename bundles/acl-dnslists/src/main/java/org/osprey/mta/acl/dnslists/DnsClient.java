package org.osprey.mta.acl.dnslists;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Exim's dns_basic_lookup over a dnsjava resolver: a name that cannot be in the DNS is not
 * asked for (Exim's default check_dns_names_pattern, except for TXT), names are absolute
 * (no search domains), and the response code becomes one of Exim's statuses. CNAMEs are
 * left to the recursive resolver, whose answer section carries the chain.
 */
final class DnsClient {
    /** Exim's check_dns_names_pattern: labels of letters, digits, '-', '/' and '_', beginning and ending with a word character. */
    private static final Pattern NAME_SYNTAX = Pattern.compile(
            "(?i)\\w(?:[a-z0-9/_-]*\\w)?(?:\\.\\w(?:[a-z0-9/_-]*\\w)?)*\\.?");

    private final Supplier<Resolver> resolvers;

    /** A client that asks the resolvers {@code resolvers} makes: one resolver per condition evaluated. */
    DnsClient(Supplier<Resolver> resolvers) {
        this.resolvers = resolvers;
    }

    /** The resolvers of the system's configuration (/etc/resolv.conf, or dnsjava's dns.server property), tried in turn. */
    static Resolver systemResolver() {
        return new ExtendedResolver();
    }

    /** A resolver for the lookups of one condition. */
    Resolver resolver() {
        return resolvers.get();
    }

    /** Looks up the records of {@code type} for {@code name}. */
    static DnsAnswer lookup(Resolver resolver, String name, int type) {
        if (type != Type.TXT && !NAME_SYNTAX.matcher(name).matches()) {
            return DnsAnswer.of(DnsAnswer.Status.NO_MATCH);
        }
        Message response;
        try {
            response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN)));
        } catch (TextParseException e) {
            // A name the resolver cannot even put in a query (a label over 63 octets):
            // the C resolver's NO_RECOVERY.
            return DnsAnswer.of(DnsAnswer.Status.FAILED);
        } catch (IOException e) {
            return DnsAnswer.of(DnsAnswer.Status.FAILED);
        }
        List<Record> answers = response.getSection(Section.ANSWER);
        return switch (response.getRcode()) {
            case Rcode.NOERROR -> answers.isEmpty() ? DnsAnswer.of(DnsAnswer.Status.NO_DATA)
                    : new DnsAnswer(DnsAnswer.Status.SUCCEED, answers);
            case Rcode.NXDOMAIN -> DnsAnswer.of(DnsAnswer.Status.NO_MATCH);
            default -> DnsAnswer.of(DnsAnswer.Status.FAILED);
        };
    }
}
