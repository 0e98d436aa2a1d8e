package org.osprey.mta.core.lists;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import org.osprey.mta.kernel.model.IpAddress;

/**
 * A {@link HostResolver} on the JDK alone: {@link InetAddress} for names and addresses (so
 * /etc/hosts counts, as with Exim's gethostbyname), JNDI's DNS provider for MX records.
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
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("com.sun.jndi.dns.timeout.initial", "2000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        try {
            DirContext ctx = new InitialDirContext(env);
            try {
                Attributes attrs = ctx.getAttributes("dns:/" + domain, new String[] {"MX"});
                Attribute mx = attrs.get("MX");
                List<MxRecord> out = new ArrayList<>();
                if (mx != null) {
                    for (int i = 0; i < mx.size(); i++) {
                        String[] parts = mx.get(i).toString().trim().split("\\s+");
                        String host = parts[1].endsWith(".") ? parts[1].substring(0, parts[1].length() - 1) : parts[1];
                        out.add(new MxRecord(Integer.parseInt(parts[0]), host));
                    }
                }
                return out;
            } finally {
                ctx.close();
            }
        } catch (NameNotFoundException e) {
            return List.of();
        } catch (NamingException | RuntimeException e) {
            throw new DnsDeferredException("DNS lookup of \"" + domain + "\" deferred");
        }
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
