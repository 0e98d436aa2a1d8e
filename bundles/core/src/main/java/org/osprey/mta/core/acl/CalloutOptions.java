package org.osprey.mta.core.acl;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The callout options of a {@code verify} condition ({@code callout=10s,defer_ok,random ...},
 * and the old separate {@code callout_defer_ok} and {@code check_postmaster}), as Exim's
 * acl_verify reads them.
 *
 * @param timeout the timeout of each command (default 30s)
 * @param connect the connection timeout (default: {@code timeout})
 * @param maxwait the overall time after which no further host is tried (default: four times {@code timeout})
 * @param deferOk a deferral counts as success
 * @param noCache the callout cache is neither read nor written
 * @param random a random local part is tried first
 * @param useSender a recipient callout sends the message's sender in MAIL
 * @param usePostmaster a recipient callout sends postmaster@$qualify_domain in MAIL
 * @param postmasterMailFrom when non-null, postmaster@domain is checked too, with this sender
 * @param fullPostmaster when postmaster@domain is rejected, a bare postmaster is tried
 * @param mailFrom the sender for a {@code header_sender} callout, or null for {@code <>}
 * @param hold {@code hold}: accepted; Osprey does not keep the connection
 */
public record CalloutOptions(Duration timeout, Duration connect, Duration maxwait, boolean deferOk, boolean noCache,
        boolean random, boolean useSender, boolean usePostmaster, String postmasterMailFrom, boolean fullPostmaster,
        String mailFrom, boolean hold) {
    /** Exim's CALLOUT_TIMEOUT_DEFAULT. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** The connection timeout in force. */
    public Duration connectTimeout() {
        return connect != null ? connect : timeout;
    }

    /** The overall time limit in force. */
    public Duration overall() {
        return maxwait != null ? maxwait : timeout.multipliedBy(4);
    }

    /** What acl_verify builds up while reading the options; {@link #options()} is null without a callout. */
    static final class Builder {
        Duration timeout;
        Duration connect;
        Duration maxwait;
        boolean deferOk;
        boolean noCache;
        boolean random;
        boolean useSender;
        boolean usePostmaster;
        String postmasterMailFrom;
        boolean fullPostmaster;
        String mailFrom;
        boolean hold;

        void callout() {
            if (timeout == null) {
                timeout = DEFAULT_TIMEOUT;
            }
        }

        CalloutOptions options() {
            return timeout == null || timeout.isZero() ? null : new CalloutOptions(timeout, connect, maxwait, deferOk,
                    noCache, random, useSender, usePostmaster, postmasterMailFrom, fullPostmaster, mailFrom, hold);
        }

        /**
         * Reads {@code callout[=sub,options]} (the verify option as written).
         *
         * @return null, or Exim's error for the log
         */
        String read(String option, String arg, boolean headerSender) {
            timeout = DEFAULT_TIMEOUT;
            String rest = option.substring(7).stripLeading();
            if (rest.isEmpty()) {
                return null;
            }
            if (rest.charAt(0) != '=') {
                return "'=' expected after \"callout\" in ACL condition \"" + arg + "\"";
            }
            for (String opt : EximLists.split(rest.substring(1).stripLeading(), ',', false)) {
                String name = subOption(opt);
                String value = opt;
                if (name != null && HAS_VALUE.contains(name)) {
                    value = opt.substring(name.length()).stripLeading();
                    if (!value.startsWith("=")) {
                        return "'=' expected after \"" + name + "\" in ACL verify condition \"" + arg + "\"";
                    }
                    value = value.substring(1).stripLeading();
                }
                Duration period = null;
                if (name == null || name.equals("maxwait") || name.equals("connect")) {
                    long s = EximLists.seconds(value);
                    if (s < 0) {
                        return "bad time value in ACL condition \"verify " + arg + "\"";
                    }
                    period = Duration.ofSeconds(s);
                }
                if (name == null) {
                    timeout = period;
                    continue;
                }
                switch (name) {
                    case "defer_ok" -> deferOk = true;
                    case "no_cache" -> noCache = true;
                    case "random" -> random = true;
                    case "use_sender" -> useSender = true;
                    case "use_postmaster" -> usePostmaster = true;
                    case "postmaster" -> postmasterMailFrom = "";
                    case "fullpostmaster" -> {
                        fullPostmaster = true;
                        postmasterMailFrom = "";
                    }
                    case "postmaster_mailfrom" -> postmasterMailFrom = value;
                    case "mailfrom" -> {
                        if (!headerSender) {
                            return "\"mailfrom\" is allowed as a callout option only for verify=header_sender "
                                    + "(detected in ACL condition \"" + arg + "\")";
                        }
                        mailFrom = value;
                    }
                    case "maxwait" -> maxwait = period;
                    case "connect" -> connect = period;
                    case "hold" -> hold = true;
                    default -> throw new IllegalStateException(name);
                }
            }
            return null;
        }

        /** Exim matches the sub-options by prefix, in this order; anything else is the timeout. */
        private static String subOption(String opt) {
            String lc = opt.toLowerCase(Locale.ROOT);
            for (String name : NAMES) {
                if (lc.startsWith(name)) {
                    return name;
                }
            }
            return null;
        }

        private static final List<String> NAMES = List.of("defer_ok", "no_cache", "random", "use_sender",
                "use_postmaster", "postmaster_mailfrom", "postmaster", "fullpostmaster", "mailfrom", "maxwait",
                "connect", "hold");
        private static final List<String> HAS_VALUE = List.of("postmaster_mailfrom", "mailfrom", "maxwait", "connect");
    }
}
