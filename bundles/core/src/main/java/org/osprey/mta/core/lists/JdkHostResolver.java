package org.osprey.mta.core.lists;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.osprey.mta.core.dns.DnsAnswer;
import org.osprey.mta.core.dns.DnsClient;
import org.osprey.mta.core.dns.DnsOptions;
import org.osprey.mta.kernel.model.IpAddress;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The engine's {@link HostResolver}: {@link InetAddress} for names and addresses (so
 * /etc/hosts counts, as with Exim's gethostbyname), and for MX records the engine's DNS client
 * ({@link DnsClient}, dnsjava on the resolvers of /etc/resolv.conf), which the routers use too.
 */
public final class JdkHostResolver implements HostResolver {

    @Override
    public List<String> addresses(String name) throws DnsDeferredException {
        try {
            List<String> out = new ArrayList<>();
            for (InetAddress a : InetAddress.getAllByName(name)) {
                out.add(text(a));
            }
            return out;
        } catch (UnknownHostException e) {
            return List.of();
        } catch (SecurityException e) {
            throw new DnsDeferredException("DNS lookup of \"" + name + "\" deferred");
        }
    }

    @Override
    public List<String> names(String address) {
        try {
            InetAddress a = InetAddress.getByName(address);
            String name = a.getCanonicalHostName();
            return name.equals(a.getHostAddress()) ? List.of() : List.of(name);
        } catch (UnknownHostException e) {
            return List.of();
        }
    }

    @Override
    public List<MxRecord> mx(String domain) throws DnsDeferredException {
        DnsAnswer answer = Dns.CLIENT.lookup(domain, Type.MX, false, false, false);
        switch (answer.status()) {
            case SUCCEED -> {
                List<MxRecord> out = new ArrayList<>();
                for (Record r : answer.ofType(Type.MX)) {
                    MXRecord mx = (MXRecord) r;
                    String host = mx.getTarget().toString();
                    out.add(new MxRecord(mx.getPriority(), host.endsWith(".") ? host.substring(0, host.length() - 1)
                            : host));
                }
                return out;
            }
            case NOMATCH, NODATA -> {
                return List.of();
            }
            default -> throw new DnsDeferredException("DNS lookup of \"" + domain + "\" deferred");
        }
    }

    /** The engine's DNS client on the system's resolvers, made when first needed. */
    private static final class Dns {
        static final DnsClient CLIENT = DnsClient.system(DnsOptions.defaults());
    }

    @Override
    public List<String> localAddresses() {
        List<String> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    out.add(text(a));
                }
            }
        } catch (SocketException e) {
            out.add("127.0.0.1");
        }
        return out;
    }

    private static String text(InetAddress a) {
        String s = a.getHostAddress();
        int scope = s.indexOf('%');
        if (scope >= 0) {
            s = s.substring(0, scope);
        }
        return s.indexOf(':') >= 0 ? IpAddress.of(a.getAddress()).compressed() : s;
    }
}
