package org.osprey.mta.transport.smtp;

import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.HostStatus;
import org.osprey.mta.kernel.model.IpAddress;

/**
 * The {@code hosts} option's list read into hosts, as Exim reads a manualroute host list:
 * colon-separated (a doubled colon is a colon; {@code <;} and the like change the
 * separator), each item a name or an IP address, optionally with a port:
 * {@code mail.example.com:2525} (written {@code mail.example.com::2525} in a colon list),
 * {@code [2001:db8::1]:2525}. An IP address is its own name, as Exim logs it.
 */
final class HostList {
    private HostList() {
    }

    /** The hosts of an expanded list, in order; items that are empty are skipped. */
    static List<Host> parse(String list) {
        List<Host> hosts = new ArrayList<>();
        for (String item : items(list)) {
            hosts.add(host(item));
        }
        return hosts;
    }

    /** Exim's string_nextinlist: the separator, doubled to stand for itself, white space trimmed. */
    static List<String> items(String list) {
        String text = list.strip();
        char separator = ':';
        if (text.length() >= 2 && text.charAt(0) == '<' && !Character.isLetterOrDigit(text.charAt(1))
                && !Character.isWhitespace(text.charAt(1))) {
            separator = text.charAt(1);
            text = text.substring(2);
        }
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == separator) {
                if (i + 1 < text.length() && text.charAt(i + 1) == separator) {
                    item.append(c);
                    i++;
                    continue;
                }
                add(items, item);
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
        add(items, item);
        return items;
    }

    private static void add(List<String> items, StringBuilder item) {
        String s = item.toString().strip();
        if (!s.isEmpty()) {
            items.add(s);
        }
    }

    private static Host host(String item) {
        String name = item;
        int port = Host.DEFAULT_PORT;
        if (item.startsWith("[")) {
            int close = item.indexOf(']');
            if (close > 0) {
                name = item.substring(1, close);
                String rest = item.substring(close + 1);
                if (rest.startsWith(":") && rest.substring(1).chars().allMatch(Character::isDigit) && rest.length() > 1) {
                    port = Integer.parseInt(rest.substring(1));
                }
            }
        } else {
            int colon = item.lastIndexOf(':');
            if (colon > 0 && item.indexOf(':') == colon && colon + 1 < item.length()
                    && item.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                name = item.substring(0, colon);
                port = Integer.parseInt(item.substring(colon + 1));
            }
        }
        String address = IpAddress.parse(name).map(IpAddress::toString).orElse(null);
        return new Host(name, address, port, Host.NO_MX, HostStatus.UNKNOWN);
    }
}
