package org.osprey.mta.core.retry;

import java.util.Locale;

/**
 * The keys of the retry database, as Exim writes them:
 * <ul>
 * <li>{@code T:host:ip} (or {@code T:host} when the transport's
 * retry_include_ip_address is false), with {@code :port} added for a non-standard port:
 * a host error (connection refused or timed out, error on connect or EHLO, lost
 * connection, I/O error, timeout other than after MAIL, RCPT or the final dot);</li>
 * <li>{@code T:host:ip:msgid}: a message error at that host (4xx or timeout after MAIL,
 * 4xx after DATA or the final dot, timeout or lost connection after the final dot);</li>
 * <li>{@code R:local@domain}, or {@code R:local@domain:<sender>} when the smtp transport's
 * address_retry_include_sender is true: a recipient error (4xx or timeout after RCPT);</li>
 * <li>{@code R:domain}: a routing deferral for the domain; {@code T:domain} or
 * {@code T:local@domain} (retry_use_local_part) for local transports.</li>
 * </ul>
 * Host names and domains are lower-cased (Exim's {@code %S}); local parts are kept as they are.
 */
public final class RetryKeys {
    private RetryKeys() {
    }

    /** The key of a host: {@code T:host:ip[:port]}, or {@code T:host[:port]} without the address. */
    public static String host(String name, String ip, int port, boolean includeIp) {
        return host(name, ip, port, null, includeIp);
    }

    /**
     * The key of a host reached from a chosen outgoing interface (the smtp transport's
     * {@code interface}): Exim adds {@code /interface} after the port part, so
     * {@code T:host:ip/192.0.2.7} or {@code T:host:ip:587/192.0.2.7}.
     */
    public static String host(String name, String ip, int port, String outgoingInterface, boolean includeIp) {
        String portPart = port > 0 && port != 25 ? ":" + port : "";
        if (outgoingInterface != null && !outgoingInterface.isEmpty()) {
            portPart += "/" + outgoingInterface;
        }
        return "T:" + name.toLowerCase(Locale.ROOT) + (includeIp ? ":" + ip : "") + portPart;
    }

    /** The key of a message at a host: the host's key, a colon and the message id. */
    public static String message(String hostKey, String messageId) {
        return hostKey + ":" + messageId;
    }

    /** The routing key of a domain: {@code R:domain}. */
    public static String domain(String domain) {
        return "R:" + domain.toLowerCase(Locale.ROOT);
    }

    /** The routing key of an address: {@code R:local@domain}. */
    public static String address(String localPart, String domain) {
        return "R:" + localPart + "@" + domain.toLowerCase(Locale.ROOT);
    }

    /** The key the smtp transport writes after a 4xx to RCPT when address_retry_include_sender is set. */
    public static String addressWithSender(String localPart, String domain, String sender) {
        return address(localPart, domain) + ":<" + sender + ">";
    }

    /** A local transport's key: {@code T:} and the domain, or the address with retry_use_local_part. */
    public static String localTransport(String localPart, String domain, boolean useLocalPart) {
        return "T:" + (useLocalPart ? localPart + "@" : "") + domain.toLowerCase(Locale.ROOT);
    }
}
