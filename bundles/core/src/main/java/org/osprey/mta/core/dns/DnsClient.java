package org.osprey.mta.core.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.osprey.mta.kernel.model.IpAddress;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * One DNS query as Exim's {@code dns_lookup} makes it: the name qualified or searched as the C
 * resolver's {@code res_search} would (RES_DEFNAMES, RES_DNSRCH, {@code ndots}), the rcode
 * mapped as glibc maps it (NXDOMAIN is no such name, an empty answer no data, SERVFAIL and a
 * timeout try again, anything else a failure), CNAMEs followed {@code dns_cname_loops} times,
 * and the AD bit kept through the chain. Thread-safe; it never throws for a DNS fault.
 */
public final class DnsClient {
    /** Exim's default check_dns_names_pattern: labels of letters, digits, '-', '/' and '_', starting and ending with a word character. */
    private static final Pattern NAME_SYNTAX = Pattern.compile(
            "(?i)\\w(?:[a-z0-9/_-]*\\w)?(?:\\.\\w(?:[a-z0-9/_-]*\\w)?)*\\.?");
    /** The EDNS0 payload size glibc advertises. */
    private static final int EDNS_PAYLOAD = 1232;

    private final Resolver resolver;
    private final List<String> searchList;
    private final int ndots;
    private final DnsOptions options;

    /**
     * @param servers the name servers, tried in turn
     * @param searchList the resolver's search list, its first entry the default domain
     *        (resolv.conf's {@code domain} or {@code search})
     * @param ndots resolv.conf's {@code ndots}: names with at least this many dots are tried as they are first
     */
    public DnsClient(List<InetSocketAddress> servers, List<String> searchList, int ndots, DnsOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.searchList = List.copyOf(searchList);
        this.ndots = ndots;
        Duration timeout = options.timeout();
        List<Resolver> each = new ArrayList<>();
        for (InetSocketAddress server : servers) {
            SimpleResolver r = new SimpleResolver(server);
            r.setTimeout(timeout);
            each.add(r);
        }
        ExtendedResolver extended = new ExtendedResolver(each);
        extended.setRetries(options.attempts());
        extended.setLoadBalance(false);
        extended.setTimeout(timeout.multipliedBy((long) options.attempts() * Math.max(1, servers.size())));
        this.resolver = extended;
    }

    /** The resolvers, default domain, search list and ndots of /etc/resolv.conf. */
    public static DnsClient system(DnsOptions options) {
        ResolverConfig config = ResolverConfig.getCurrentConfig();
        List<String> search = config.searchPath().stream().map(DnsClient::text).toList();
        return new DnsClient(config.servers(), search, config.ndots(), options);
    }

    public DnsOptions options() {
        return options;
    }

    /**
     * Looks up records of {@code type} for {@code name}, following CNAMEs.
     *
     * @param qualifySingle a name without dots gets the default domain (RES_DEFNAMES)
     * @param searchParents a name with dots but no final dot is tried in each domain of the search list (RES_DNSRCH)
     * @param dnssec the DO bit is set (unless dns_dnssec_ok says otherwise)
     */
    public DnsAnswer lookup(String name, int type, boolean qualifySingle, boolean searchParents, boolean dnssec) {
        String current = name;
        boolean secure = true;
        String owner = null;
        for (int loop = 0; loop <= options.cnameLoops(); loop++) {
            DnsAnswer answer = search(current, type, loop == 0 && qualifySingle, loop == 0 && searchParents, dnssec);
            if (answer.status() != DnsAnswer.Status.SUCCEED) {
                return answer;
            }
            secure &= answer.secure();
            Record cname = null;
            Record data = null;
            for (Record r : answer.records()) {
                if (r.getType() == type && data == null) {
                    data = r;
                } else if (r.getType() == Type.CNAME && cname == null) {
                    cname = r;
                }
            }
            if (loop == 0) {
                Record first = cname != null ? cname : data;
                if (first != null) {
                    String rrName = text(first.getName());
                    if (!rrName.equalsIgnoreCase(name) && !rrName.startsWith("*")) {
                        owner = rrName;
                    }
                }
            }
            if (data != null) {
                return new DnsAnswer(DnsAnswer.Status.SUCCEED, answer.records(), owner, secure);
            }
            if (cname == null) {
                return DnsAnswer.of(DnsAnswer.Status.FAIL);
            }
            current = text(((CNAMERecord) cname).getTarget());
        }
        // Exim logs "CNAME loop for <name> encountered" here.
        return DnsAnswer.of(DnsAnswer.Status.FAIL);
    }

    /** glibc's res_search: the name as it is and in the domains of the search list, in its order. */
    private DnsAnswer search(String name, int type, boolean defnames, boolean dnsrch, boolean dnssec) {
        if (type != Type.PTR && type != Type.TXT && !NAME_SYNTAX.matcher(name).matches()) {
            return DnsAnswer.of(DnsAnswer.Status.NOMATCH);
        }
        if ((type == Type.A || type == Type.AAAA) && IpAddress.isValid(name)) {
            return DnsAnswer.of(DnsAnswer.Status.NOMATCH);
        }
        int dots = (int) name.chars().filter(c -> c == '.').count();
        boolean trailingDot = name.endsWith(".");
        DnsAnswer saved = null;
        boolean triedAsIs = false;
        if (dots >= ndots || trailingDot) {
            DnsAnswer a = query(name, type, dnssec);
            if (a.status() == DnsAnswer.Status.SUCCEED || trailingDot) {
                return again(name, a);
            }
            saved = a;
            triedAsIs = true;
        }
        boolean gotNodata = false;
        boolean gotServfail = false;
        DnsAnswer last = null;
        if ((dots == 0 && defnames) || (dots > 0 && dnsrch)) {
            for (String domain : searchList) {
                last = query(name + "." + domain, type, dnssec);
                if (last.status() == DnsAnswer.Status.SUCCEED) {
                    return last;
                }
                if (last.status() == DnsAnswer.Status.NODATA) {
                    gotNodata = true;
                } else if (last.status() == DnsAnswer.Status.AGAIN) {
                    gotServfail = true;
                } else if (last.status() != DnsAnswer.Status.NOMATCH) {
                    break;
                }
                if (!dnsrch) {
                    break;
                }
            }
        }
        if (!triedAsIs) {
            last = query(name, type, dnssec);
            if (last.status() == DnsAnswer.Status.SUCCEED) {
                return last;
            }
        }
        DnsAnswer result = saved != null ? saved
                : gotNodata ? DnsAnswer.of(DnsAnswer.Status.NODATA)
                : gotServfail ? DnsAnswer.of(DnsAnswer.Status.AGAIN) : last;
        return again(name, result);
    }

    /** dns_again_means_nonexist: a temporary failure for a listed name is no such name. */
    private DnsAnswer again(String name, DnsAnswer answer) {
        if (answer.status() == DnsAnswer.Status.AGAIN && options.againMeansNonexist().test(name)) {
            return DnsAnswer.of(DnsAnswer.Status.NOMATCH);
        }
        return answer;
    }

    /** One query to the name servers. */
    private DnsAnswer query(String name, int type, boolean dnssec) {
        Message response;
        try {
            Message query = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
            boolean doBit = options.doBit(dnssec);
            if (options.edns(doBit)) {
                query.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0, doBit ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
            }
            response = resolver.send(query);
        } catch (TextParseException e) {
            return DnsAnswer.of(DnsAnswer.Status.NOMATCH);
        } catch (IOException e) {
            return DnsAnswer.of(DnsAnswer.Status.AGAIN);
        }
        List<Record> answers = response.getSection(Section.ANSWER);
        return switch (response.getRcode()) {
            case Rcode.NOERROR -> answers.isEmpty() ? DnsAnswer.of(DnsAnswer.Status.NODATA)
                    : new DnsAnswer(DnsAnswer.Status.SUCCEED, answers, null, response.getHeader().getFlag(Flags.AD));
            case Rcode.NXDOMAIN -> DnsAnswer.of(DnsAnswer.Status.NOMATCH);
            case Rcode.SERVFAIL -> DnsAnswer.of(DnsAnswer.Status.AGAIN);
            default -> DnsAnswer.of(DnsAnswer.Status.FAIL);
        };
    }

    /** A DNS name as Exim writes it: no final dot, lower case as the DNS gave it. */
    static String text(Name name) {
        String s = name.toString();
        return s.length() > 1 && s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
