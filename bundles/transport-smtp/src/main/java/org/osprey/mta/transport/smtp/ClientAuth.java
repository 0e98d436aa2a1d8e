package org.osprey.mta.transport.smtp;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osprey.mta.kernel.auth.ClientAuthenticator;
import org.osprey.mta.kernel.auth.ClientChannel;
import org.osprey.mta.kernel.auth.ClientResult;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.SmtpReply;
import org.osprey.mta.kernel.option.OptionValueException;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.transport.Delivery;
import org.osprey.mta.kernel.transport.ErrorClass;

/**
 * The client side of SMTP AUTH on one connection, as Exim's smtp_auth and
 * try_authenticator. When the host matches {@code hosts_require_auth} or
 * {@code hosts_try_auth} and the EHLO reply has an AUTH line, each client authenticator
 * of the configuration, in its order, whose {@code client_condition} allows it and whose
 * public name the server lists, is tried once until one succeeds. A 5xx ends one attempt
 * (logged) and the next is tried; a 4xx, a lost connection or an authenticator's error
 * ends the use of the host. Without success a host in {@code hosts_require_auth} is given
 * up with Exim's "authentication required but ..." (errno ERRNO_AUTHFAIL, retry class
 * {@code auth_failed}); any other host is used unauthenticated.
 */
final class ClientAuth {
    /** Exim's AUTHS_REGEX, applied to each line of the EHLO reply after the first. */
    private static final Pattern AUTH_LINE = Pattern.compile("AUTH\\s+([-\\w \\t]+)");

    /** How the command of a failed exchange is shown, and what came of it. */
    interface Failures {
        /** The server answered 4xx (or anything not 2xx, 3xx or 5xx) to {@code command}. */
        SessionFailure rejected(String command, SmtpReply reply);

        /** Sending {@code command} or reading its reply failed. */
        SessionFailure broken(String command, IOException e);
    }

    private final Delivery delivery;
    private final Host host;
    private final Predicate<String> hostMatches;

    /** @param hostMatches whether a host list option's value matches this connection's host */
    ClientAuth(Delivery delivery, Host host, Predicate<String> hostMatches) {
        this.delivery = delivery;
        this.host = host;
        this.hostMatches = hostMatches;
    }

    /**
     * Authenticates if this host is to be, after EHLO (after the second EHLO under TLS).
     *
     * @param ehlo the EHLO reply, or null when the session is not ESMTP
     * @return the name of the authenticator that succeeded, or null when the session goes
     *         on unauthenticated
     * @throws SessionFailure.Stop when the host cannot be used
     */
    String authenticate(SmtpReply ehlo, String requireAuth, String tryAuth, ClientChannel channel,
            Failures failures) throws SessionFailure.Stop {
        boolean required = hostMatches.test(requireAuth);
        String reason = "server did not advertise AUTH support";
        List<String> mechanisms = ehlo == null ? null : offered(ehlo);
        if (mechanisms != null && (required || hostMatches.test(tryAuth))) {
            reason = "no common mechanisms were found";
            Expander expander = delivery.expander().with(Map.of("host", host.name(), "host_address", host.address()));
            for (ClientAuthenticator au : delivery.authenticators()) {
                if (!au.authenticator().isClient() || !allowed(au, expander)
                        || mechanisms.stream().noneMatch(m -> m.equalsIgnoreCase(au.publicName()))) {
                    continue;
                }
                reason = "authentication attempt(s) failed";
                if (attempt(au, expander, channel, failures)) {
                    return au.name();
                }
            }
        }
        if (required) {
            throw new SessionFailure("authentication required but " + reason, ErrorClass.AUTH_FAILED, 0, false, true)
                    .stop();
        }
        return null;
    }

    /**
     * The AUTH= parameter of MAIL (Exim's smtp_mail_auth_str): the message's authenticated
     * sender, or the expanded {@code authenticated_sender} when that is neither forced to
     * fail nor empty, xtext-encoded, when the session authenticated or
     * {@code authenticated_sender_force} is set; else nothing.
     *
     * @param values the transport's options
     * @return " AUTH=..." or ""
     * @throws ExpansionException when authenticated_sender cannot be expanded (not a forced failure)
     */
    String mailParameter(boolean authenticated, OptionValues values) throws ExpansionException {
        Expander expander = delivery.expander().with(Map.of("host", host.name(), "host_address", host.address()));
        String sender = messageAuthenticatedSender();
        try {
            String expanded = values.expand(SmtpOptions.AUTHENTICATED_SENDER, expander);
            if (expanded != null && !expanded.isEmpty()) {
                sender = expanded;
            }
        } catch (ExpansionException e) {
            if (!e.isForcedFailure()) {
                throw e;
            }
        } catch (OptionValueException e) {
            throw ExpansionException.error(e.getMessage());
        }
        boolean force = values.get(SmtpOptions.AUTHENTICATED_SENDER_FORCE);
        return (authenticated || force) && sender != null ? " AUTH=" + xtext(sender) : "";
    }

    /** The message's $authenticated_sender, or null when it has none. */
    private String messageAuthenticatedSender() {
        try {
            String s = delivery.expander().expand("$authenticated_sender");
            return s.isEmpty() ? null : s;
        } catch (ExpansionException e) {
            return null;
        }
    }

    /** Exim's auth_xtextencode: bytes below 33 or above 127, "+" and "=" as "+xx", in lower case. */
    static String xtext(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int x = b & 0xff;
            if (x < 33 || x > 127 || x == '+' || x == '=') {
                out.append('+').append(String.format("%02x", x));
            } else {
                out.append((char) x);
            }
        }
        return out.toString();
    }

    /** The mechanisms of the first AUTH line of the EHLO reply (Exim's AUTHS_REGEX), or null when there is none. */
    static List<String> offered(SmtpReply ehlo) {
        if (ehlo.code() != 250) {
            return null;
        }
        for (String line : ehlo.lines().subList(1, ehlo.lines().size())) {
            Matcher m = AUTH_LINE.matcher(line);
            if (m.matches()) {
                return List.of(m.group(1).trim().split("[ \\t]+"));
            }
        }
        return null;
    }

    /** client_condition, as Exim's expand_check_condition: unset, or an expansion not "", "0", "no" or "false". */
    private boolean allowed(ClientAuthenticator au, Expander expander) {
        if (au.clientCondition() == null) {
            return true;
        }
        try {
            String v = expander.expand(au.clientCondition()).toLowerCase(Locale.ROOT);
            return !(v.isEmpty() || v.equals("0") || v.equals("no") || v.equals("false"));
        } catch (ExpansionException e) {
            if (!e.isForcedFailure()) {
                delivery.log("failed to expand \"" + au.clientCondition() + "\" as client_condition for "
                        + au.name() + " client authenticator: " + e.getMessage());
            }
            return false;
        }
    }

    /** One authenticator's turn (Exim's try_authenticator): true when it succeeded, false to try the next. */
    private boolean attempt(ClientAuthenticator au, Expander expander, ClientChannel channel, Failures failures)
            throws SessionFailure.Stop {
        RecordingChannel recording = new RecordingChannel(channel);
        ClientResult result = au.authenticator().authenticate(au.publicName(), recording, expander);
        switch (result.status()) {
            case OK -> {
                return true;
            }
            case CANCELLED -> {
                if (!result.message().isEmpty()) {
                    delivery.log(au.name() + " authenticator cancelled authentication H=" + host.name() + " ["
                            + host.address() + "] " + result.message());
                }
                return false;
            }
            case ERROR -> throw new SessionFailure(result.message(), ErrorClass.AUTH_PROBLEM, 0, false, true).stop();
            default -> {
                if (recording.failure != null) {
                    throw failures.broken(recording.command, recording.failure).stop();
                }
                SmtpReply reply = recording.reply;
                if (reply != null && reply.code() / 100 != 5) {
                    throw failures.rejected(recording.command, reply).stop();
                }
                if (reply != null) {
                    delivery.log(au.name() + " authenticator failed H=" + host.name() + " [" + host.address() + "] "
                            + Replies.quoted(reply));
                }
                return false;
            }
        }
    }

    /**
     * The connection as an authenticator sees it, noting the last command (its data hidden
     * as Exim hides it from logs: {@code AUTH PLAIN ****}, a continuation line all stars)
     * and what came back.
     */
    private static final class RecordingChannel implements ClientChannel {
        private static final Pattern AUTH_COMMAND = Pattern.compile("AUTH\\s+\\S+\\s*");
        private final ClientChannel channel;
        private String command = "AUTH";
        private SmtpReply reply;
        private IOException failure;

        RecordingChannel(ClientChannel channel) {
            this.channel = channel;
        }

        @Override
        public SmtpReply send(String line) throws IOException {
            command = hidden(line);
            reply = null;
            try {
                reply = channel.send(line);
                return reply;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        static String hidden(String line) {
            int from = 0;
            if (line.startsWith("AUTH ")) {
                Matcher m = AUTH_COMMAND.matcher(line);
                from = m.lookingAt() ? m.end() : line.length();
            }
            return line.substring(0, from) + "*".repeat(line.length() - from);
        }
    }
}
