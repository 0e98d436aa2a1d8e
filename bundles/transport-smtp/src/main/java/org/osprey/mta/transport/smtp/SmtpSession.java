package org.osprey.mta.transport.smtp;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.EnumSet;
import javax.net.ssl.SSLSession;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.MatchResult;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Header;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.model.SmtpReply;
import org.osprey.mta.kernel.model.TransportFilterException;
import org.osprey.mta.kernel.model.WriteOptions;
import org.osprey.mta.kernel.option.OptionValueException;
import org.osprey.mta.kernel.tls.InvalidPriorityException;
import org.osprey.mta.kernel.transport.ContinuedDelivery;
import org.osprey.mta.kernel.transport.Delivery;
import org.osprey.mta.kernel.transport.DeliveryFlag;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.HostAttempt;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * One connection to one host for one delivery (Exim's smtp_deliver): greeting, EHLO (HELO
 * when EHLO is refused), then as many transactions as max_rcpt makes of the addresses,
 * each MAIL, RCPTs and DATA pipelined when the server offers PIPELINING, then QUIT.
 *
 * <p>Errors are sorted as in Exim (the seed's "errors in outgoing SMTP"): a 5xx to RCPT
 * fails that address and a 4xx defers it (recipient errors); a timeout after RCPT defers
 * that address under its own retry key and every other undecided address with none, and
 * ends the connection; a negative reply to MAIL, DATA or the final dot, a timeout after
 * MAIL or the dot, or the connection lost after the dot, is a message error for every
 * address of the transaction (retry key host + message id); anything else (refused, timed
 * out, closed, a bad greeting or HELO) is a host error, after which the caller tries the
 * next host. An address is never reported delivered before the server accepted the final
 * dot, or with {@code protocol = lmtp}, before the server's own reply for it after the dot.
 */
final class SmtpSession {
    private static final String INITIAL = "initial connection";
    private static final String DATA_BLOCK = "sending data block";
    private static final String END_OF_DATA = "end of data";
    private static final byte[] FINAL_DOT = {'.', '\r', '\n'};

    private final Settings settings;
    private final Delivery delivery;
    private final Host host;
    private final boolean lastHost;
    private final String hostKey;
    private final InetAddress from;
    private final Map<Address, Outcome> outcomes = new LinkedHashMap<>();
    private SmtpConnection connection;
    private boolean pipelining;
    private boolean offersSize;
    /** The server offers CHUNKING (BDAT) and PRDR, as the last EHLO reply said. */
    private boolean offersChunking;
    private boolean offersPrdr;
    /** MAIL of the current transaction asked for PRDR. */
    private boolean prdrActive;
    /** How each address went (K, PRDR, a later transaction, no host), for the result. */
    private final Map<Address, Set<DeliveryFlag>> flags = new HashMap<>();
    /** " IGNOREQUOTA" after each RCPT when lmtp_ignore_quota is set and the LMTP server offers it, else "". */
    private String ignoreQuota = "";
    private boolean delivered;
    private final boolean suppressTls;
    private boolean offersStartTls;
    private boolean tlsFailed;
    private ClientTls tls;
    /** The last EHLO reply, or null after HELO: what AUTH is offered. */
    private SmtpReply ehloReply;
    /** The client authenticator that succeeded on this connection, or null. */
    private String authenticator;
    /** Connection reuse: which message over this connection this session's is (Exim's continue_sequence). */
    private int sequence = 1;
    /** The last transaction did not end with an accepted message, so RSET must come before another (Exim's send_rset). */
    private boolean resetNeeded;
    /** Some address of the message was delivered or failed (Exim's completed_addr). */
    private boolean completed;
    /** The addresses of this call, all of whose undecided ones a timeout after RCPT defers. */
    private List<Address> batch = List.of();
    /** Set when a RCPT went unanswered: the connection is done, but the host is not at fault. */
    private SessionFailure recipientTimeout;
    /**
     * The addresses of the last transaction that got a 452 after another RCPT was answered
     * 2xx or 5xx ("too many recipients"): they go in a new MAIL on the same connection.
     */
    private List<Address> tooManyRecipients = List.of();
    /** QUIT went out with the final dot (Exim's pipelined QUIT): none is sent after. */
    private boolean quitSent;
    /** The next message waiting for this host, once asked for (null: not asked yet). */
    private Optional<ContinuedDelivery> waiting;

    /**
     * What the session did: an outcome for each address it decided, and what became of the
     * host; {@code tlsFailed} when a TLS handshake failed, after which the caller may try
     * again in clear (tls_tempfail_tryclear); {@code authenticator} the client
     * authenticator that succeeded, or null.
     */
    record Result(Map<Address, Outcome> outcomes, HostAttempt attempt, boolean tlsFailed, String authenticator) {
    }

    /**
     * @param host the host, with its address and the port to use
     * @param lastHost no other host follows: a permanent host error then fails the addresses
     */
    SmtpSession(Settings settings, Delivery delivery, Host host, boolean lastHost) {
        this(settings, delivery, host, lastHost, false);
    }

    /** @param suppressTls no STARTTLS: the retry in clear after a failed TLS session */
    SmtpSession(Settings settings, Delivery delivery, Host host, boolean lastHost, boolean suppressTls) {
        this(settings, delivery, host, lastHost, suppressTls, null, hostKey(host));
    }

    /**
     * @param from the local address to connect from (the {@code interface} option), or null
     * @param hostKey the host's retry key, as the transport makes it (retry_include_ip_address, interface)
     */
    SmtpSession(Settings settings, Delivery delivery, Host host, boolean lastHost, boolean suppressTls,
            InetAddress from, String hostKey) {
        this.suppressTls = suppressTls;
        this.settings = settings;
        this.delivery = delivery;
        this.host = host;
        this.lastHost = lastHost;
        this.from = from;
        this.hostKey = hostKey;
    }

    /**
     * The next message over the connection that {@code previous} holds (connection reuse).
     * Never the last host for that message: a host error here defers it, as Exim leaves a
     * message it could not pass on for its own delivery.
     */
    private SmtpSession(SmtpSession previous, Delivery next) {
        this(previous.settings, next, previous.host, false, previous.suppressTls, previous.from, previous.hostKey);
        connection = previous.connection;
        ehloReply = previous.ehloReply;
        authenticator = previous.authenticator;
        ignoreQuota = previous.ignoreQuota;
        pipelining = previous.pipelining;
        offersSize = previous.offersSize;
        offersChunking = previous.offersChunking;
        offersPrdr = previous.offersPrdr;
        tls = previous.tls;
        sequence = previous.sequence + 1;
    }

    /** Exim's host retry key: {@code T:name:ip}, with {@code :port} when the port is not 25. */
    static String hostKey(Host host) {
        return "T:" + host.name().toLowerCase(Locale.ROOT) + ":" + host.address()
                + (host.port() > 0 && host.port() != 25 ? ":" + host.port() : "");
    }

    Result run(List<Address> addresses) {
        batch = addresses;
        try {
            connection = SmtpConnection.open(new InetSocketAddress(InetAddress.getByName(host.address()), host.port()),
                    settings.connectTimeout(), settings.keepalive(), from);
        } catch (IOException e) {
            return hostFailed(addresses, connectFailure(e));
        }
        try {
            try {
                if (settings.smtps()) {
                    startTls();
                }
                greetAndHello();
                startTlsIfOffered();
                authenticate();
            } catch (SessionFailure.Stop stop) {
                quitIf(stop.failure().connectionUsable());
                return stop.failure().errorClass() == ErrorClass.AUTH_PROBLEM ? authProblem(addresses, stop.failure())
                        : hostFailed(addresses, stop.failure());
            }
            SessionFailure failure = transactions(addresses);
            if (failure != null && !failure.messageError()) {
                quitIf(failure.connectionUsable());
                return hostFailed(addresses, failure);
            }
            Result result = new Result(outcomes, used(), false, authenticator);
            // After a message error no other message goes over the connection; after a timeout
            // following MAIL, RCPT or the dot, or a connection lost after the dot, no QUIT.
            quitIf(failure == null ? passOn() : failure.connectionUsable());
            return result;
        } finally {
            close();
        }
    }

    /**
     * The transactions for the message, max_rcpt addresses each. Null when they all ended
     * well; else the last failure: a host error, which ends them, or a message error.
     */
    private SessionFailure transactions(List<Address> addresses) {
        SessionFailure last = null;
        int max = settings.maxRcpt();
        for (int from = 0; from < addresses.size(); from += max) {
            List<Address> chunk = addresses.subList(from, Math.min(addresses.size(), from + max));
            if (from > 0) {
                chunk.forEach(a -> flag(a, DeliveryFlag.CONTINUED_TRANSACTION));
            }
            boolean more = from + max < addresses.size();
            last = transaction(chunk, more);
            // Exim 4.96 (smtp.c, RCPT_452): the addresses refused with 452 after some progress
            // are tried again in a new transaction, until a transaction makes none.
            while (!tooManyRecipients.isEmpty() && (last == null || last.messageError() && last.connectionUsable())) {
                tooManyRecipients.forEach(a -> flag(a, DeliveryFlag.CONTINUED_TRANSACTION));
                last = transaction(tooManyRecipients, more);
            }
            if (last != null && (!last.messageError() || !last.connectionUsable())) {
                if (!tooManyRecipients.isEmpty()) {
                    applyMessageFailure(tooManyRecipients, last);
                }
                break;
            }
        }
        return last;
    }

    /**
     * Connection reuse (Exim's transport_check_waiting and its passing of the connection to
     * a new delivery process, here inside the process): while fewer than
     * connection_max_messages messages have gone over the connection, the engine's next
     * message waiting for this host goes over it too, after RSET when the last transaction
     * did not end with an accepted message. Not after a message of which no address was
     * settled (Exim's guard against looping on a temporary error), nor when TLS is active
     * and the host is in hosts_nopass_tls. Returns whether the connection is still fit for QUIT.
     */
    private boolean passOn() {
        int max = settings.values().get(SmtpOptions.CONNECTION_MAX_MESSAGES);
        if (connection.tlsSession() != null && matches(settings.values().get(SmtpOptions.HOSTS_NOPASS_TLS))) {
            return true;
        }
        SmtpSession last = this;
        while (last.completed && (max <= 0 || last.sequence < max)) {
            Optional<ContinuedDelivery> next = last.waiting != null ? last.waiting : delivery.nextFor(host);
            if (next.isEmpty()) {
                break;
            }
            SmtpSession session = new SmtpSession(last, next.get());
            SessionFailure failure = last.resetNeeded ? session.resetIf(true) : null;
            if (failure == null) {
                session.batch = next.get().addresses();
                failure = session.transactions(next.get().addresses());
            }
            boolean hostError = failure != null && !failure.messageError();
            Result r = hostError ? session.hostFailed(next.get().addresses(), failure)
                    : new Result(session.outcomes, session.used(), false, session.authenticator);
            TransportResult.Builder b = TransportResult.builder().host(r.attempt());
            r.outcomes().forEach(b::outcome);
            session.flags.forEach((a, set) -> set.forEach(f -> b.flag(a, f)));
            next.get().complete(b.build());
            if (failure != null) {
                return failure.connectionUsable() && !session.quitSent;
            }
            if (session.quitSent) {
                return false;
            }
            last = session;
        }
        return true;
    }

    private HostAttempt used() {
        SSLSession session = connection.tlsSession();
        return session == null ? new HostAttempt.Used(host)
                : new HostAttempt.Used(host, ClientTls.cipherName(session), tls.verified());
    }

    /** Reads the greeting and says EHLO, or HELO when EHLO is refused or hosts_avoid_esmtp matches. */
    private void greetAndHello() throws SessionFailure.Stop {
        SmtpReply greeting = await(INITIAL, settings.commandTimeout());
        if (greeting.code() / 100 != 2) {
            throw rejected(INITIAL, greeting, ErrorClass.OTHER, false).stop();
        }
        hello();
    }

    /**
     * STARTTLS when the server offers it and the host is not in hosts_avoid_tls, then EHLO
     * again; a refusal of STARTTLS continues in clear (a 4xx only with tls_tempfail_tryclear).
     * Without TLS, a host in hosts_require_tls is given up here (Exim's smtp_deliver).
     */
    private void startTlsIfOffered() throws SessionFailure.Stop {
        if (settings.smtps()) {
            return;
        }
        if (offersStartTls && !suppressTls && !matches(settings.values().get(SmtpOptions.HOSTS_AVOID_TLS))) {
            SmtpReply reply = exchange("STARTTLS", settings.commandTimeout());
            if (reply.code() / 100 == 2) {
                startTls();
                hello();
                return;
            }
            if (reply.code() / 100 == 4 && !settings.values().get(SmtpOptions.TLS_TEMPFAIL_TRYCLEAR)) {
                throw rejected("STARTTLS", reply, ErrorClass.OTHER, false).stop();
            }
        }
        if (matches(settings.values().get(SmtpOptions.HOSTS_REQUIRE_TLS))) {
            throw new SessionFailure("a TLS session is required, but " + (offersStartTls
                    ? "an attempt to start TLS failed" : "the server did not offer TLS support"),
                    ErrorClass.TLS_REQUIRED, 0, false, true).stop();
        }
    }

    /** Exim's tls_client_start: the handshake, whose failure ends the connection without QUIT. */
    private void startTls() throws SessionFailure.Stop {
        var values = settings.values();
        var expander = delivery.expander().with(Map.of("host", host.name(), "host_address", host.address()));
        try {
            ClientTls.Verify verify = matches(values.get(SmtpOptions.TLS_VERIFY_HOSTS)) ? ClientTls.Verify.REQUIRE
                    : matches(values.get(SmtpOptions.TLS_TRY_VERIFY_HOSTS)) ? ClientTls.Verify.TRY
                    : ClientTls.Verify.NONE;
            tls = new ClientTls(values.expand(SmtpOptions.TLS_CERTIFICATE, expander),
                    values.expand(SmtpOptions.TLS_PRIVATEKEY, expander),
                    values.expand(SmtpOptions.TLS_VERIFY_CERTIFICATES, expander),
                    values.expand(SmtpOptions.TLS_CRL, expander), verify, values.expand(SmtpOptions.TLS_SNI, expander),
                    matches(values.get(SmtpOptions.TLS_VERIFY_CERT_HOSTNAMES)), host.name(), host.port(),
                    values.expand(SmtpOptions.TLS_REQUIRE_CIPHERS, expander));
            connection.startTls(tls.engine(), settings.commandTimeout());
        } catch (InvalidPriorityException e) {
            throw tlsFailure(e.getMessage());
        } catch (ExpansionException | OptionValueException | IOException | GeneralSecurityException
                | RuntimeException e) {
            String why = e instanceof SocketTimeoutException ? "timed out"
                    : e instanceof EOFException ? "the server closed the connection"
                    : e.getMessage() == null ? e.toString() : e.getMessage();
            throw tlsFailure("(gnutls_handshake): " + why);
        }
        String unverified = tls.verificationFailure();
        if (unverified != null) {
            throw tlsFailure(unverified);
        }
    }

    /** A failed TLS session: the connection is dropped without QUIT (Exim's ERRNO_TLSFAILURE). */
    private SessionFailure.Stop tlsFailure(String why) {
        tlsFailed = true;
        return new SessionFailure("TLS session: " + why, ErrorClass.OTHER, 0, false, false).stop();
    }

    /** EHLO (HELO when refused or avoided), noting the extensions offered. */
    private void hello() throws SessionFailure.Stop {
        pipelining = false;
        offersSize = false;
        offersStartTls = false;
        ehloReply = null;
        ignoreQuota = "";
        String helo = heloData();
        // LMTP has only LHLO, whatever hosts_avoid_esmtp says, and no HELO to fall back to.
        boolean esmtp = settings.lmtp() || !matches(settings.hostsAvoidEsmtp());
        if (esmtp) {
            String command = (settings.lmtp() ? "LHLO " : "EHLO ") + helo;
            SmtpReply ehlo = exchange(command, settings.commandTimeout());
            if (ehlo.code() / 100 == 2) {
                for (String line : ehlo.lines().subList(1, ehlo.lines().size())) {
                    String keyword = line.split("[ =]", 2)[0].toUpperCase(Locale.ROOT);
                    pipelining |= keyword.equals("PIPELINING");
                    offersSize |= keyword.equals("SIZE");
                    offersStartTls |= keyword.equals("STARTTLS");
                    offersChunking |= keyword.equals("CHUNKING");
                    offersPrdr |= keyword.equals("PRDR");
                    if (keyword.equals("IGNOREQUOTA") && settings.lmtp() && settings.lmtpIgnoreQuota()) {
                        ignoreQuota = " IGNOREQUOTA";
                    }
                }
                pipelining &= !matches(settings.hostsAvoidPipelining());
                ehloReply = ehlo;
                return;
            }
            if (settings.lmtp()) {
                throw rejected(command, ehlo, ErrorClass.OTHER, false).stop();
            }
        }
        String command = "HELO " + helo;
        SmtpReply reply = exchange(command, settings.commandTimeout());
        if (reply.code() / 100 != 2) {
            throw rejected(command, reply, ErrorClass.OTHER, false).stop();
        }
    }

    /** AUTH as a client, when this host is to authenticate (hosts_require_auth, hosts_try_auth). */
    private void authenticate() throws SessionFailure.Stop {
        ClientAuth.Failures failures = new ClientAuth.Failures() {
            @Override
            public SessionFailure rejected(String command, SmtpReply reply) {
                return SmtpSession.this.rejected(command, reply, ErrorClass.OTHER, false);
            }

            @Override
            public SessionFailure broken(String command, IOException e) {
                return failure(command, e, false);
            }
        };
        authenticator = new ClientAuth(delivery, host, this::matches).authenticate(ehloReply,
                settings.values().get(SmtpOptions.HOSTS_REQUIRE_AUTH), settings.values().get(SmtpOptions.HOSTS_TRY_AUTH),
                line -> {
                    connection.command(line, settings.commandTimeout());
                    connection.flush(settings.commandTimeout());
                    return connection.readReply(settings.commandTimeout());
                }, failures);
    }

    /** The AUTH= of MAIL; an authenticated_sender that cannot be expanded defers the transaction. */
    private String mailAuth() throws SessionFailure.Stop {
        try {
            return new ClientAuth(delivery, host, this::matches).mailParameter(authenticator != null,
                    settings.values());
        } catch (ExpansionException e) {
            throw new SessionFailure("failed to expand authenticated_sender: " + e.getMessage(),
                    ErrorClass.EXPANSION_FAILED, 0, true, true).stop();
        }
    }

    /** helo_data expanded with $host, $host_address, $sending_ip_address and $sending_port of this connection. */
    private String heloData() throws SessionFailure.Stop {
        try {
            InetSocketAddress local = connection.localAddress();
            var expander = delivery.expander().with(Map.of("host", host.name(), "host_address", host.address(),
                    "sending_ip_address", local.getAddress().getHostAddress(),
                    "sending_port", Integer.toString(local.getPort())));
            return settings.values().expand(SmtpOptions.HELO_DATA, expander);
        } catch (ExpansionException | OptionValueException | IOException e) {
            throw new SessionFailure("failed to expand helo_data: " + e.getMessage(), ErrorClass.OTHER, 0, false,
                    true).stop();
        }
    }

    /**
     * One transaction for up to max_rcpt addresses; their outcomes go into {@link #outcomes}.
     * Returns null when the connection may carry another, else why not.
     */
    private SessionFailure transaction(List<Address> chunk, boolean moreToCome) {
        if (chunking()) {
            return chunkedTransaction(chunk, moreToCome);
        }
        Message message = delivery.message();
        List<Address> accepted = new ArrayList<>();
        List<Address> again = new ArrayList<>();
        tooManyRecipients = again;
        boolean pipelined = pipelining;
        boolean progress = false;
        resetNeeded = true;
        try {
            String mail = mailCommand(message, chunk);
            send(mail);
            if (pipelined) {
                for (Address a : chunk) {
                    send(rcpt(a) + ignoreQuota);
                }
                send("DATA");
            }
            flush(settings.commandTimeout());
            SmtpReply mailReply = await(mail, settings.commandTimeout(), pipelined);
            SessionFailure mailFailure = null;
            if (mailReply.code() / 100 != 2) {
                mailFailure = rejected(mail, mailReply, ErrorClass.MAIL_4XX, true, pipelined);
            }
            for (Address a : chunk) {
                if (!pipelined) {
                    if (mailFailure != null) {
                        break;
                    }
                    send(rcpt(a) + ignoreQuota);
                    flush(settings.commandTimeout());
                }
                SmtpReply reply = awaitRcpt(a, pipelined);
                if (mailFailure != null) {
                    continue;
                }
                if (reply.code() / 100 == 2) {
                    accepted.add(a);
                    progress = true;
                } else if (reply.code() == 452 && progress) {
                    again.add(a);
                } else {
                    rcptRefused(a, reply);
                    progress |= reply.code() >= 500;
                }
            }
            moreToCome |= !again.isEmpty();
            if (mailFailure != null) {
                if (pipelined) {
                    await("DATA", settings.commandTimeout(), true);
                }
                applyMessageFailure(chunk, mailFailure);
                return resetIf(moreToCome);
            }
            if (!pipelined && !accepted.isEmpty()) {
                send("DATA");
                flush(settings.commandTimeout());
            }
            if (!pipelined && accepted.isEmpty()) {
                return resetIf(moreToCome);
            }
            SmtpReply dataReply = await("DATA", settings.commandTimeout(), pipelined);
            if (accepted.isEmpty()) {
                // Every RCPT was refused: the pipelined DATA was refused too, and is of no interest.
                return resetIf(moreToCome);
            }
            if (dataReply.code() != 354) {
                applyMessageFailure(accepted, rejected("DATA", dataReply, ErrorClass.DATA_4XX, true, pipelined));
                return resetIf(moreToCome);
            }
            // Exim's completed_addr: a 5xx RCPT, or (SMTP, where a 2xx RCPT counts) any accepted.
            boolean settled = !settings.lmtp() || chunk.stream().anyMatch(a -> outcomes.get(a) instanceof Outcome.Failed);
            return sendData(message, accepted, pipelined && settled && !moreToCome && quitWithDot());
        } catch (SessionFailure.Stop stop) {
            SessionFailure f = stop.failure();
            if (f.messageError() && f != recipientTimeout) {
                applyMessageFailure(accepted.isEmpty() ? chunk : accepted, f);
            }
            return f;
        }
    }

    /**
     * What SIZE= says before size_addition, as Exim's {@code message_size + message_linecount}:
     * the size as received and one byte per line for the CR that CR LF adds, the lines being
     * those of the headers and {@code $body_linecount} (spool_in.c). An engine that lends
     * neither variable gets the message's own size.
     */
    private long declaredSize(Message message) {
        try {
            var expander = delivery.expander();
            long size = Long.parseLong(expander.expand("$message_size"));
            long lines = Long.parseLong(expander.expand("$body_linecount"));
            for (Header h : message.headers()) {
                lines += 1 + h.value().chars().filter(c -> c == '\n').count();
            }
            return size + lines;
        } catch (ExpansionException | NumberFormatException e) {
            return message.size();
        }
    }

    /** The reply to one RCPT; none within command_timeout is a recipient error (see {@link #timedOut}). */
    private SmtpReply awaitRcpt(Address a, boolean pipelined) throws SessionFailure.Stop {
        try {
            return await(rcpt(a), settings.commandTimeout(), pipelined);
        } catch (SessionFailure.Stop stop) {
            if (stop.failure().errorClass() != ErrorClass.TIMEOUT) {
                throw stop;
            }
            throw timedOut(a).stop();
        }
    }

    /**
     * A RCPT unanswered (Exim's sync_responses): perhaps the server is verifying the address
     * and a later try will do, so the address waits under its own retry key; the session
     * cannot go on, so every other undecided address is deferred too, but with no retry
     * record of its own (an empty key), and the host is not blamed.
     */
    private SessionFailure timedOut(Address a) {
        String text = "SMTP timeout after " + rcpt(a);
        outcomes.put(a, new Outcome.Deferred(addressKey(a), text, ErrorClass.TIMEOUT, 0));
        for (Address other : batch) {
            outcomes.putIfAbsent(other, new Outcome.Deferred("", text, ErrorClass.TIMEOUT, 0));
        }
        // As Exim's == lines: H= only for the addresses up to the one whose RCPT went unanswered.
        for (Address other : batch.subList(batch.indexOf(a) + 1, batch.size())) {
            flag(other, DeliveryFlag.NO_HOST);
        }
        recipientTimeout = new SessionFailure(text, ErrorClass.TIMEOUT, 0, true, false);
        return recipientTimeout;
    }

    /** Exim's address_retry_key: {@code R:local@domain}. */
    private static String addressKey(Address a) {
        return "R:" + a.localPart() + "@" + a.domain().toLowerCase(Locale.ROOT);
    }

    /**
     * Exim 4.96 pipelines QUIT with the final dot (smtp.c, "will pipeline QUIT") when the
     * transaction went well so far, no more addresses of the message are to go over the
     * connection (checked by the caller), this is the message's first delivery attempt and
     * no other message waits for the host (transport_check_waiting, which also respects
     * connection_max_messages and hosts_nopass_tls). The waiting message asked for here is
     * kept for {@link #passOn}.
     */
    private boolean quitWithDot() {
        String first;
        try {
            first = delivery.expander().expand("${if first_delivery{yes}{no}}");
        } catch (ExpansionException e) {
            return false;
        }
        if (!first.equals("yes")) {
            return false;
        }
        int max = settings.values().get(SmtpOptions.CONNECTION_MAX_MESSAGES);
        if (connection.tlsSession() != null && matches(settings.values().get(SmtpOptions.HOSTS_NOPASS_TLS))
                || max > 0 && sequence >= max) {
            return true;
        }
        waiting = delivery.nextFor(host);
        return waiting.isEmpty();
    }

    /**
     * Streams the message (CR LF, dot-stuffed, by the kernel's Message), the final dot (with
     * QUIT after it when {@code quit}), and reads the verdict.
     */
    private SessionFailure sendData(Message message, List<Address> accepted, boolean quit) throws SessionFailure.Stop {
        connection.resetByteCount();
        OutputStream data = new WireStream(connection.dataStream(settings.dataTimeout()));
        try {
            message.writeTo(data, WriteOptions.SMTP);
            data.write(FINAL_DOT);
            if (quit) {
                connection.command("QUIT", settings.dataTimeout());
                quitSent = true;
            }
            data.flush();
        } catch (WireException e) {
            throw failure(DATA_BLOCK, e.getCause(), false).stop();
        } catch (IOException e) {
            // The message could not be read: the DATA cannot be ended cleanly, so the
            // connection is dropped without QUIT and the addresses wait for another try.
            // A transport filter's failure is worded as Exim's smtp transport words ERRNO_FILTER_FAIL.
            String text = e instanceof TransportFilterException ? e.getMessage()
                    : "error reading message " + message.id() + ": " + e.getMessage();
            SessionFailure f = new SessionFailure(text, ErrorClass.OTHER, 0, true, false);
            applyMessageFailure(accepted, f);
            return f;
        }
        if (settings.lmtp()) {
            lmtpVerdicts(accepted);
            return null;
        }
        return finalVerdict(accepted, false, "DATA", false);
    }

    /**
     * A client authenticator that could not run (Exim's ERRNO_AUTHPROB, set_errno_nohost):
     * neither the host's fault nor the addresses', so no host line, no H= and no retry
     * record; the addresses wait for the next delivery.
     */
    private Result authProblem(List<Address> addresses, SessionFailure f) {
        for (Address a : addresses) {
            outcomes.put(a, new Outcome.Deferred("", f.message(), ErrorClass.AUTH_PROBLEM, 0));
            flag(a, DeliveryFlag.NO_HOST);
        }
        return new Result(outcomes, used(), false, authenticator);
    }

    /** How each address went to this host (see {@link DeliveryFlag}). */
    Map<Address, Set<DeliveryFlag>> flags() {
        return flags;
    }

    private void flag(Address a, DeliveryFlag f) {
        flags.computeIfAbsent(a, x -> EnumSet.noneOf(DeliveryFlag.class)).add(f);
    }

    /** The first address a later transaction of the message delivered is logged with "=>", as Exim does. */
    private void firstInTransaction(Address a) {
        if (flags.getOrDefault(a, Set.of()).contains(DeliveryFlag.CONTINUED_TRANSACTION)) {
            flag(a, DeliveryFlag.FIRST_IN_TRANSACTION);
        }
    }

    /** BDAT instead of DATA: the server offers CHUNKING and the host is in hosts_try_chunking (never over LMTP). */
    private boolean chunking() {
        return offersChunking && !settings.lmtp() && matches(settings.values().get(SmtpOptions.HOSTS_TRY_CHUNKING));
    }

    /**
     * MAIL with SIZE=, then PRDR (when offered, the host is in hosts_try_prdr and the
     * transaction has more than one recipient, as Exim asks), then AUTH=, in Exim's order.
     */
    private String mailCommand(Message message, List<Address> chunk) throws SessionFailure.Stop {
        prdrActive = offersPrdr && !settings.lmtp() && chunk.size() > 1
                && matches(settings.values().get(SmtpOptions.HOSTS_TRY_PRDR));
        return "MAIL FROM:<" + message.sender() + ">"
                + (offersSize && settings.sizeAddition() >= 0
                        ? " SIZE=" + (declaredSize(message) + settings.sizeAddition()) : "")
                + (prdrActive ? " PRDR" : "")
                + mailAuth();
    }

    /**
     * One transaction with BDAT (RFC 3030), as Exim 4.96 sends it: the message goes as one
     * {@code BDAT <size> LAST}, pipelined behind MAIL and the RCPTs when the server offers
     * PIPELINING (their replies are read after the data); a message larger than Exim's
     * output buffer (8192 bytes) first sends its header part as {@code BDAT <n>} and reads
     * the MAIL, RCPT and that BDAT's replies before the rest goes. Without PIPELINING each
     * command waits for its reply and no BDAT follows when every RCPT was refused.
     */
    private SessionFailure chunkedTransaction(List<Address> chunk, boolean moreToCome) {
        Message message = delivery.message();
        List<Address> accepted = new ArrayList<>();
        boolean pipelined = pipelining;
        resetNeeded = true;
        BdatBody body;
        try {
            body = BdatBody.of(message);
        } catch (IOException e) {
            String text = e instanceof TransportFilterException ? e.getMessage()
                    : "error reading message " + message.id() + ": " + e.getMessage();
            SessionFailure f = new SessionFailure(text, ErrorClass.OTHER, 0, true, false);
            applyMessageFailure(chunk, f);
            return f;
        }
        try (body) {
            String mail = mailCommand(message, chunk);
            send(mail);
            SessionFailure mailFailure = null;
            boolean reaped = !pipelined;
            if (pipelined) {
                for (Address a : chunk) {
                    send(rcpt(a));
                }
            } else {
                flush(settings.commandTimeout());
                SmtpReply mailReply = await(mail, settings.commandTimeout(), false);
                if (mailReply.code() / 100 != 2) {
                    applyMessageFailure(chunk, rejected(mail, mailReply, ErrorClass.MAIL_4XX, true, false));
                    return resetIf(moreToCome);
                }
                for (Address a : chunk) {
                    send(rcpt(a));
                    flush(settings.commandTimeout());
                    SmtpReply reply = awaitRcpt(a, false);
                    if (reply.code() / 100 == 2) {
                        accepted.add(a);
                    } else {
                        rcptRefused(a, reply);
                    }
                }
                if (accepted.isEmpty()) {
                    return resetIf(moreToCome);
                }
            }
            connection.resetByteCount();
            long offset = 0;
            if (body.size() > 8192 && body.headerSize() > 0) {
                String first = "BDAT " + body.headerSize();
                send(first);
                writeChunk(body, 0, body.headerSize());
                if (!reaped) {
                    mailFailure = reap(mail, chunk, accepted);
                    reaped = true;
                }
                SmtpReply reply = await(first, settings.commandTimeout(), false);
                if (mailFailure != null) {
                    applyMessageFailure(chunk, mailFailure);
                    return resetIf(moreToCome);
                }
                if (reply.code() / 100 != 2) {
                    applyMessageFailure(accepted, rejected(first, reply, ErrorClass.DATA_4XX, true, false));
                    return resetIf(moreToCome);
                }
                offset = body.headerSize();
            }
            String last = "BDAT " + (body.size() - offset) + " LAST";
            send(last);
            writeChunk(body, offset, body.size() - offset);
            boolean lastPipelined = !reaped;
            if (!reaped) {
                mailFailure = reap(mail, chunk, accepted);
            }
            if (mailFailure != null || accepted.isEmpty()) {
                // The server has the chunk and answers it; the transaction is over either way.
                await(END_OF_DATA, settings.finalTimeout(), lastPipelined);
                if (mailFailure != null) {
                    applyMessageFailure(chunk, mailFailure);
                }
                return resetIf(moreToCome);
            }
            return finalVerdict(accepted, lastPipelined, last, true);
        } catch (SessionFailure.Stop stop) {
            SessionFailure f = stop.failure();
            if (f.messageError() && f != recipientTimeout) {
                applyMessageFailure(accepted.isEmpty() ? chunk : accepted, f);
            }
            return f;
        } catch (IOException e) {
            // Only the temporary copy's removal can fail here, after the transaction.
            return null;
        }
    }

    /** The replies to a pipelined MAIL and its RCPTs; the MAIL's refusal, or null. */
    private SessionFailure reap(String mail, List<Address> chunk, List<Address> accepted)
            throws SessionFailure.Stop {
        SmtpReply mailReply = await(mail, settings.commandTimeout(), true);
        SessionFailure mailFailure = mailReply.code() / 100 == 2 ? null
                : rejected(mail, mailReply, ErrorClass.MAIL_4XX, true, true);
        for (Address a : chunk) {
            SmtpReply reply = awaitRcpt(a, true);
            if (mailFailure == null) {
                if (reply.code() / 100 == 2) {
                    accepted.add(a);
                } else {
                    rcptRefused(a, reply);
                }
            }
        }
        return mailFailure;
    }

    /** Part of the message after its BDAT command, flushed within data_timeout. */
    private void writeChunk(BdatBody body, long offset, long length) throws SessionFailure.Stop {
        OutputStream data = new WireStream(connection.dataStream(settings.dataTimeout()));
        try {
            body.writeTo(data, offset, length);
            data.flush();
        } catch (WireException e) {
            throw failure(DATA_BLOCK, e.getCause(), false).stop();
        } catch (IOException e) {
            throw new SessionFailure("error reading message " + delivery.message().id() + ": " + e.getMessage(),
                    ErrorClass.OTHER, 0, true, false).stop();
        }
    }

    /**
     * The reply to the end of the data (the final dot, or the last BDAT): 2xx delivers the
     * accepted addresses, anything else is a message error; under PRDR a 3xx opens the
     * per-recipient replies.
     *
     * @param dataCommand "DATA" or the last BDAT, for the PRDR error messages
     */
    private SessionFailure finalVerdict(List<Address> accepted, boolean pipelined, String dataCommand,
            boolean chunked) throws SessionFailure.Stop {
        SmtpReply verdict = await(END_OF_DATA, settings.finalTimeout(), pipelined);
        if (prdrActive && verdict.code() / 100 == 3) {
            prdrVerdicts(accepted, dataCommand, chunked);
            return null;
        }
        if (verdict.code() / 100 != 2) {
            applyMessageFailure(accepted, rejected(END_OF_DATA, verdict, ErrorClass.DATA_4XX, true, pipelined));
            return null;
        }
        for (Address a : accepted) {
            outcomes.put(a, new Outcome.Delivered(Replies.quoted(verdict)));
            if (chunked) {
                flag(a, DeliveryFlag.CHUNKING);
            }
        }
        firstInTransaction(accepted.get(0));
        delivered = true;
        completed = true;
        resetNeeded = false;
        return null;
    }

    /**
     * PRDR after its 353: a reply for each accepted recipient (5xx fails it, 4xx defers it
     * under its address key, Exim's errno 0), then the overall reply. A 2xx overall delivers
     * the accepted ones, their confirmation their own reply and the overall one joined by
     * "\n" as Exim writes it; anything else is a message error for them (for all the
     * recipients when it is a 5xx), as Exim's smtp transport treats it.
     */
    private void prdrVerdicts(List<Address> accepted, String dataCommand, boolean chunked)
            throws SessionFailure.Stop {
        Map<Address, String> ok = new LinkedHashMap<>();
        for (Address a : accepted) {
            SmtpReply reply = await(END_OF_DATA, settings.finalTimeout(), false);
            String text = "PRDR error after " + dataCommand + ": " + Replies.quoted(reply);
            if (reply.code() / 100 == 2) {
                ok.put(a, Replies.quoted(reply));
            } else if (reply.code() >= 500) {
                outcomes.put(a, new Outcome.Failed(text));
                completed = true;
            } else {
                String key = addressKey(a)
                        + (settings.addressRetryIncludeSender() ? ":<" + delivery.message().sender() + ">" : "");
                outcomes.put(a, new Outcome.Deferred(key, text, ErrorClass.OTHER, 0));
            }
        }
        SmtpReply overall = await(END_OF_DATA, settings.finalTimeout(), false);
        if (overall.code() / 100 != 2) {
            SessionFailure f = rejected(END_OF_DATA, overall, ErrorClass.DATA_4XX, true, false);
            if (f.permanent()) {
                accepted.forEach(outcomes::remove);
            }
            applyMessageFailure(f.permanent() ? accepted : new ArrayList<>(ok.keySet()), f);
            return;
        }
        ok.keySet().stream().findFirst().ifPresent(this::firstInTransaction);
        ok.forEach((a, reply) -> {
            outcomes.put(a, new Outcome.Delivered(reply + "\\n" + Replies.quoted(overall)));
            flag(a, DeliveryFlag.PRDR);
            if (chunked) {
                flag(a, DeliveryFlag.CHUNKING);
            }
        });
        delivered |= !ok.isEmpty();
        completed = true;
        resetNeeded = false;
    }

    /**
     * LMTP (RFC 2033): a reply for each accepted recipient, in order, each within
     * final_timeout. A 5xx fails that address, a 4xx defers it under its address key; no
     * reply at all is an error for those still waiting, of the class it would be after an
     * SMTP dot (a timeout or a lost connection: message error; a malformed reply: host error).
     */
    private void lmtpVerdicts(List<Address> accepted) throws SessionFailure.Stop {
        for (Address a : accepted) {
            SmtpReply reply = await(END_OF_DATA, settings.finalTimeout(), false);
            String text = "LMTP error after DATA: " + Replies.quoted(reply);
            if (reply.code() / 100 == 2) {
                outcomes.put(a, new Outcome.Delivered(Replies.quoted(reply)));
                delivered = true;
            } else if (reply.code() >= 500) {
                outcomes.put(a, new Outcome.Failed(text));
            } else {
                // Exim sets no basic_errno here ("defer (0)"), so the retry rules see no data_4xx.
                outcomes.put(a, new Outcome.Deferred(addressKey(a), text, ErrorClass.OTHER, 0));
            }
        }
    }

    private void rcptRefused(Address a, SmtpReply reply) {
        String text = "SMTP error from remote mail server after " + rcpt(a) + ": " + Replies.quoted(reply);
        if (reply.code() >= 500) {
            outcomes.put(a, new Outcome.Failed(text));
            completed = true;
        } else {
            String key = addressKey(a)
                    + (settings.addressRetryIncludeSender() ? ":<" + delivery.message().sender() + ">" : "");
            outcomes.put(a, new Outcome.Deferred(key, text, ErrorClass.RCPT_4XX, reply.code()));
        }
    }

    /**
     * A message error: 5xx fails the addresses, anything else defers them under the
     * host+message key and is logged for the host (Exim's write_logs), the host being fine.
     */
    private void applyMessageFailure(List<Address> addresses, SessionFailure f) {
        // Not the host's doing: Exim's set_errno_nohost, no host line and no H=.
        boolean noHost = f.errorClass() == ErrorClass.EXPANSION_FAILED;
        if (!f.permanent() && !noHost) {
            logForHost(f);
        }
        for (Address a : addresses) {
            if (outcomes.containsKey(a)) {
                continue;
            }
            if (noHost) {
                flag(a, DeliveryFlag.NO_HOST);
            }
            outcomes.put(a, f.permanent() ? new Outcome.Failed(f.message())
                    : new Outcome.Deferred(hostKey + ":" + delivery.message().id(), f.message(), f.errorClass(),
                            f.code()));
        }
    }

    /** RSET before another transaction when this one did not end with the final dot. */
    private SessionFailure resetIf(boolean moreToCome) {
        if (!moreToCome) {
            return null;
        }
        try {
            SmtpReply reply = exchange("RSET", settings.commandTimeout());
            return reply.code() / 100 == 2 ? null : rejected("RSET", reply, ErrorClass.OTHER, false);
        } catch (SessionFailure.Stop stop) {
            return stop.failure();
        }
    }

    /**
     * The host could not be used: every address not yet decided is deferred (failed on a 5xx
     * at the last host), and the main log says why, as Exim's write_logs does for a host
     * error; a failed TLS session is logged by the caller, with its retry in clear.
     */
    private Result hostFailed(List<Address> addresses, SessionFailure f) {
        if (!tlsFailed) {
            logForHost(f);
        }
        for (Address a : addresses) {
            if (!outcomes.containsKey(a)) {
                outcomes.put(a, f.permanent() && lastHost ? new Outcome.Failed(f.message())
                        : new Outcome.Deferred(hostKey, f.message(), f.errorClass(), f.code() / 100 == 4 ? f.code() : 0));
            }
        }
        HostAttempt attempt = delivered ? used()
                : new HostAttempt.Failed(host, hostKey, f.message(), f.errorClass());
        return new Result(outcomes, attempt, tlsFailed, authenticator);
    }

    /**
     * Exim's write_logs: {@code H=name [ip]: message}, with ": Connection timed out" after a
     * timeout, and only a space before the text of a failed connect (which has no message).
     */
    private void logForHost(SessionFailure f) {
        boolean connect = f.errorClass() == ErrorClass.REFUSED || f.errorClass() == ErrorClass.TIMEOUT_CONNECT
                || connection == null;
        delivery.log("H=" + host.name() + " [" + host.address() + "]" + (connect ? " " + f.message()
                : ": " + f.message() + (f.errorClass() == ErrorClass.TIMEOUT ? ": Connection timed out" : "")));
    }

    private String rcpt(Address a) {
        return "RCPT TO:<" + (a.domain().isEmpty() ? a.localPart() : a.localPart() + "@" + a.domain()) + ">";
    }

    private boolean matches(String hostList) {
        if (hostList == null) {
            return false;
        }
        try {
            return delivery.lists().host(hostList, host) == MatchResult.MATCH;
        } catch (ExpansionException e) {
            return false;
        }
    }

    private SmtpReply exchange(String command, Duration timeout) throws SessionFailure.Stop {
        send(command);
        flush(timeout);
        return await(command, timeout, false);
    }

    /** Buffers a command; a buffer filled by many pipelined RCPTs is written out first. */
    private void send(String command) throws SessionFailure.Stop {
        try {
            connection.command(command, settings.commandTimeout());
        } catch (IOException e) {
            throw sendFailure(e).stop();
        }
    }

    private SessionFailure sendFailure(IOException e) {
        return new SessionFailure("smtp send to " + host.name() + " [" + host.address() + "] failed: "
                + e.getMessage(), e instanceof SocketTimeoutException ? ErrorClass.TIMEOUT : ErrorClass.OTHER, 0,
                false, false);
    }

    private void flush(Duration timeout) throws SessionFailure.Stop {
        try {
            connection.flush(timeout);
        } catch (IOException e) {
            throw sendFailure(e).stop();
        }
    }

    private SmtpReply await(String command, Duration timeout) throws SessionFailure.Stop {
        return await(command, timeout, false);
    }

    private SmtpReply await(String command, Duration timeout, boolean pipelined) throws SessionFailure.Stop {
        try {
            return connection.readReply(timeout);
        } catch (IOException e) {
            throw failure(command, e, pipelined).stop();
        }
    }

    /** Exim's check_response for a read that gave no reply. */
    private SessionFailure failure(String command, Throwable e, boolean pipelined) {
        String pl = pipelined ? "pipelined " : "";
        if (e instanceof SocketTimeoutException) {
            long written = connection.bytesWritten();
            boolean messageError = command.startsWith("MAIL") || command.equals(END_OF_DATA);
            return new SessionFailure("SMTP timeout after " + pl + command
                    + (command.equals(END_OF_DATA) || command.equals(DATA_BLOCK) ? " (" + written + " bytes written)"
                            : ""), ErrorClass.TIMEOUT, 0, messageError, false);
        }
        if (e instanceof SmtpConnection.MalformedReplyException) {
            String line = Replies.printable(e.getMessage()).strip();
            return new SessionFailure(line.isEmpty()
                    ? "Malformed SMTP reply (an empty line) in response to " + pl + command
                    : "Malformed SMTP reply in response to " + pl + command + ": " + line,
                    ErrorClass.OTHER, 0, false, false);
        }
        if (e instanceof EOFException || e instanceof SocketException && "Connection reset".equals(e.getMessage())) {
            return new SessionFailure("Remote host closed connection in response to " + pl + command,
                    ErrorClass.LOST_CONNECTION, 0, command.equals(END_OF_DATA), false);
        }
        return new SessionFailure("smtp send to " + host.name() + " [" + host.address() + "] failed: "
                + e.getMessage(), ErrorClass.OTHER, 0, false, false);
    }

    private SessionFailure rejected(String command, SmtpReply reply, ErrorClass temporaryClass, boolean messageError) {
        return rejected(command, reply, temporaryClass, messageError, false);
    }

    /** A negative reply: Exim's "SMTP error from remote mail server after ...". */
    private SessionFailure rejected(String command, SmtpReply reply, ErrorClass temporaryClass, boolean messageError,
            boolean pipelined) {
        return new SessionFailure("SMTP error from remote mail server after " + (pipelined ? "pipelined " : "")
                + command + ": " + Replies.quoted(reply), reply.isTemporary() ? temporaryClass : ErrorClass.OTHER,
                reply.code(), messageError, true);
    }

    private SessionFailure connectFailure(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return new SessionFailure("Connection timed out", ErrorClass.TIMEOUT_CONNECT, 0, false, false);
        }
        if (e instanceof ConnectException) {
            return new SessionFailure("Connection refused", ErrorClass.REFUSED, 0, false, false);
        }
        return new SessionFailure(e.getMessage() == null ? e.toString() : e.getMessage(), ErrorClass.OTHER, 0, false,
                false);
    }

    private void quitIf(boolean usable) {
        if (!usable || quitSent) {
            return;
        }
        try {
            // As Exim: QUIT is sent and the connection closed without waiting for the 221.
            connection.command("QUIT", settings.commandTimeout());
            connection.flush(settings.commandTimeout());
        } catch (IOException e) {
            // The deliveries are decided; a QUIT that cannot be sent changes none of them.
        }
    }

    private void close() {
        try {
            connection.close();
        } catch (IOException e) {
            // Nothing more to say to this host.
        }
    }

    /** Marks failures of the connection, so that they are told from failures to read the message. */
    private static final class WireException extends IOException {
        private static final long serialVersionUID = 1L;

        WireException(IOException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    private static final class WireStream extends OutputStream {
        private final OutputStream out;

        WireStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw new WireException(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new WireException(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw new WireException(e);
            }
        }
    }
}
