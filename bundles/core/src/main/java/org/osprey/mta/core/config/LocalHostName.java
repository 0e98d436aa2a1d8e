package org.osprey.mta.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;

/**
 * The default {@code primary_hostname}, found as Exim finds it: the system's host name
 * and, when that has no dot, the canonical name the resolver gives for it. Used only when
 * the configuration does not set {@code primary_hostname}.
 */
final class LocalHostName implements Supplier<String> {
    @Override
    public String get() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String message = e.getMessage();
            int colon = message == null ? -1 : message.indexOf(':');
            return colon > 0 ? message.substring(0, colon) : "localhost";
        }
        if (name.indexOf('.') >= 0) {
            return name;
        }
        try {
            String canonical = InetAddress.getByName(name).getCanonicalHostName();
            return canonical.indexOf('.') >= 0 ? canonical : name;
        } catch (UnknownHostException e) {
            return name;
        }
    }
}
