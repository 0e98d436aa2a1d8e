package org.osprey.mta.lookup.dnsdb;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.osprey.mta.kernel.model.IpAddress;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Exim's dns_lookup over a dnsjava resolver: names that cannot be in the DNS are not
 * asked for (Exim's default check_dns_names_pattern, except for PTR and TXT; an address
 * asked for as an A or AAAA name), a CNAME without records of the type is followed once,
 * and the response code becomes one of Exim's statuses. Names are absolute: no search
 * domains are appended.
 */
final class DnsClient {
    /** Exim's check_dns_names_pattern: labels of letters, digits, '-', '/' and '_', beginning and ending with a word character. */
    private static final Pattern NAME_SYNTAX = Pattern.compile(
            "(?i)\\w(?:[a-z0-9/_-]*\\w)?(?:\\.\\w(?:[a-z0-9/_-]*\\w)?)*\\.?");
    /** Exim's dns_cname_loops: how many CNAMEs are followed by hand. */
    private static final int CNAME_LOOPS = 1;

    /** Makes a resolver with the given timeout and retries (null and -1 for the defaults). */
    @FunctionalInterface
    interface Resolvers {
        Resolver create(Duration timeout, int retries, boolean dnssec);
    }

    private final Resolvers resolvers;

    DnsClient(Resolvers resolvers) {
        this.resolvers = resolvers;
    }

    /** Looks up records of {@code type} for {@code name}. */
    DnsAnswer lookup(String name, int type, DnsdbQuery query) {
        String current = name;
        Resolver resolver = resolvers.create(query.timeout(), query.retries(), query.dnssec() != DnsdbQuery.Mode.NEVER);
        boolean secure = true;
        for (int loop = 0; loop <= CNAME_LOOPS; loop++) {
            DnsAnswer answer = basicLookup(resolver, current, type);
            if (answer.status() != DnsAnswer.Status.SUCCEED) {
                return answer;
            }
            secure &= answer.authenticated();
            Record cname = null;
            for (Record record : answer.records()) {
                if (record.getType() == type) {
                    return new DnsAnswer(DnsAnswer.Status.SUCCEED, answer.records(), secure);
                }
                if (record.getType() == Type.CNAME) {
                    cname = record;
                }
            }
            if (cname == null) {
                return DnsAnswer.of(DnsAnswer.Status.FAIL);
            }
            current = ((CNAMERecord) cname).getTarget().toString();
        }
        return DnsAnswer.of(DnsAnswer.Status.FAIL);
    }

    private static DnsAnswer basicLookup(Resolver resolver, String name, int type) {
        if (type != Type.PTR && type != Type.TXT && !NAME_SYNTAX.matcher(name).matches()) {
            return DnsAnswer.of(DnsAnswer.Status.NO_MATCH);
        }
        if ((type == Type.A || type == Type.AAAA) && IpAddress.isValid(name)) {
            return DnsAnswer.of(DnsAnswer.Status.NO_MATCH);
        }
        Message response;
        try {
            Name dnsName = Name.fromString(name, Name.root);
            response = resolver.send(Message.newQuery(Record.newRecord(dnsName, type, DClass.IN)));
        } catch (TextParseException e) {
            return DnsAnswer.of(DnsAnswer.Status.NO_MATCH);
        } catch (IOException e) {
            return DnsAnswer.of(DnsAnswer.Status.AGAIN);
        }
        List<Record> answers = response.getSection(Section.ANSWER);
        switch (response.getRcode()) {
            case Rcode.NOERROR:
                return answers.isEmpty() ? DnsAnswer.of(DnsAnswer.Status.NO_DATA)
                        : new DnsAnswer(DnsAnswer.Status.SUCCEED, answers, response.getHeader().getFlag(Flags.AD));
            case Rcode.NXDOMAIN:
                return DnsAnswer.of(DnsAnswer.Status.NO_MATCH);
            case Rcode.SERVFAIL:
                return DnsAnswer.of(DnsAnswer.Status.AGAIN);
            default:
                return DnsAnswer.of(DnsAnswer.Status.FAIL);
        }
    }

    /** The resolvers of the system's configuration (/etc/resolv.conf), tried in turn. */
    static Resolver systemResolver(Duration timeout, int retries, boolean dnssec) {
        ExtendedResolver resolver = new ExtendedResolver();
        configure(resolver, timeout, retries, dnssec);
        return resolver;
    }

    /** Applies a query's timeout, retries and DNSSEC wish to a resolver. */
    static void configure(Resolver resolver, Duration timeout, int retries, boolean dnssec) {
        if (timeout != null) {
            resolver.setTimeout(timeout);
        }
        if (retries >= 0 && resolver instanceof ExtendedResolver extended) {
            extended.setRetries(Math.max(1, retries));
        }
        if (dnssec) {
            resolver.setEDNS(0, 0, ExtendedFlags.DO, List.of());
        }
    }
}
