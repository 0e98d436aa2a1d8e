package org.osprey.mta.core.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osprey.mta.core.acl.AclControls;
import org.osprey.mta.core.acl.AclResult;
import org.osprey.mta.core.acl.AclSubject;
import org.osprey.mta.core.acl.AclVerdict;
import org.osprey.mta.core.acl.AclWhere;
import org.osprey.mta.core.acl.MimePart;
import org.osprey.mta.core.auth.AuthOutcome;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.config.RewriteRule;
import org.osprey.mta.core.config.TimeOrExpansion;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.route.RoutingOutcome;
import org.osprey.mta.core.route.RoutingRequest;
import org.osprey.mta.core.route.VerifyDecision;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.router.RoutingContext.Purpose;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.log.LogEvent;
import org.osprey.mta.core.log.LogFile;
import org.osprey.mta.core.log.Peer;
import org.osprey.mta.core.log.Selector;
import org.osprey.mta.core.log.Tls;
import org.osprey.mta.core.receive.MessageSizeLimit;
import org.osprey.mta.core.receive.MimeScan;
import org.osprey.mta.core.receive.SmtpAddresses;
import org.osprey.mta.core.receive.SmtpReception;
import org.osprey.mta.core.rewrite.RewriteLog;
import org.osprey.mta.core.retry.Serialisation;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.core.spool.Recipient;
import org.osprey.mta.core.tls.TlsConnection;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.MatchResult;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.HostStatus;

/**
 * One incoming SMTP session, as Exim 4.96's smtp_in.c and receive.c run it: the banner and
 * connect ACL, HELO/EHLO and the ESMTP extensions advertised, MAIL, RCPT, DATA and BDAT with
 * their ACLs, the protections against misbehaving clients, and the reception of each message
 * into the spool. One thread per session, blocking I/O, small buffers until DATA.
 *
 * <p>It never answers "250 OK id=..." before the message's spool files are durable, and it
 * never throws for anything a client does: {@link #run} returns when the session ends.
 */
public final class SmtpSession {
    /** A code at the start of an ACL message: "NNN " or "NNN X.Y.Z " (smtp_message_code). */
    private static final Pattern SMTP_CODE = Pattern.compile("^\\d\\d\\d( |$)(\\d\\.\\d\\d?\\d?\\.\\d\\d?\\d? )?");
    private static final Set<AclWhere> SENDER_INFO = EnumSet.of(AclWhere.RCPT, AclWhere.DATA, AclWhere.MIME);
    private static final Set<AclWhere> MESSAGE_ACLS = EnumSet.of(AclWhere.MAIL, AclWhere.RCPT, AclWhere.PREDATA,
            AclWhere.DATA, AclWhere.MIME);

    private final SmtpService service;
    private final Configuration config;
    private final ExpansionEngine engine;
    private final Clock clock;
    private final ClientConnection conn;
    private final SessionKind kind;
    private final LocalCaller caller;
    private final PrintStream trace;
    private final PrintStream batchErrors;
    private final PrintStream batchReport;
    private Socket socket;
    private final SmtpInput in;
    private final SmtpOutput out;
    private final Instant started;

    // The connection.
    private final String hostAddress;
    private final int hostPort;
    private final String hostName;
    private final String ident;
    private String activeHostname;
    private String helo;
    private boolean esmtp;
    private boolean heloSeen;
    private boolean pipeliningAdvertised;
    private boolean pipeConnectAcceptable;
    private boolean authAdvertised;
    private boolean tlsAdvertised;
    private boolean dsnAdvertised;
    private boolean utf8Advertised;
    private boolean chunkingOffered;
    private boolean helloVerifyRequired;
    private boolean heloVerify;
    private boolean allowUnqualifiedSender;
    private boolean allowUnqualifiedRecipient;
    private Boolean countNonmail;
    private final EnumSet<SmtpCommand> free = EnumSet.noneOf(SmtpCommand.class);
    private int synprotErrors;
    private int unknownCommands;
    private int nonmailCommands;
    private int mailCommands;
    private final List<String> had = new ArrayList<>();
    private TlsConnection tls;
    private String authenticator;
    private String authenticatedId;
    private Map<String, String> authVariables = Map.of();
    private final Map<String, String> connectionVariables = new LinkedHashMap<>();
    private final AclControls controls = new AclControls();
    private long sizeLimit;
    private int messagesAccepted;
    private boolean closing;
    private int exitCode;
    private double mailDelay;
    private double rcptDelay;
    private final RateLimit mailRate;
    private final RateLimit rcptRate;
    private Boolean rateLimited;

    // The transaction.
    private String sender;
    private String authenticatedSender;
    private final List<Recipient> recipients = new ArrayList<>();
    private final List<String> rawRecipients = new ArrayList<>();
    private final Map<String, String> messageVariables = new LinkedHashMap<>();
    private final List<String> headersToAdd = new ArrayList<>();
    /** Sender addresses whose failed verification the client and log have been told of, this message. */
    private final Set<String> senderVerifyTold = new HashSet<>();
    private final List<String> headersToRemove = new ArrayList<>();
    private long declaredSize;
    private int bodyType;
    private int dsnRet;
    private String dsnEnvid;
    private boolean smtputf8;
    private boolean recipientsDiscarded;
    /** The message of acl_smtp_mailauth for the MAIL command being handled (Exim's user_msg). */
    private String mailAuthMessage;
    private boolean discarded;
    private boolean tooMany;
    private int rcptCount;
    private boolean lastWasRejectedMail;
    private boolean lastWasRcpt;
    private boolean rcptInProgress;
    private String rcptResponse;
    private boolean rcptResponseSame;
    private int transactionLine;
    private BdatState bdat = BdatState.NONE;

    // The command in hand.
    private String commandLine = "";
    private String commandData;
    private String currentRecipient;
    private SmtpReception reception;
    /** The MIME ACL's copy of the message being received, and the part it is looking at. */
    private MimeScan mimeScan;
    private MimeScan.Part mimePart;

    private enum BdatState { NONE, ACTIVE, LAST }

    private SmtpSession(SmtpService service, InputStream input, OutputStream output, Socket socket,
            ClientConnection conn, SessionKind kind, LocalCaller caller, PrintStream errors) {
        this.service = Objects.requireNonNull(service, "service");
        this.config = service.config();
        this.engine = new ExpansionEngine(service.environment());
        this.clock = service.environment().clock();
        this.conn = Objects.requireNonNull(conn, "conn");
        this.kind = kind;
        this.caller = caller;
        this.socket = socket;
        this.trace = kind == SessionKind.HOST_CHECK ? errors : null;
        this.batchErrors = kind == SessionKind.BATCHED ? errors : null;
        this.batchReport = kind == SessionKind.BATCHED ? new PrintStream(output, true) : null;
        this.in = new SmtpInput(input);
        this.out = new SmtpOutput(output, kind == SessionKind.BATCHED);
        in.beforeWait(out::flush);
        this.started = clock.instant();
        this.hostAddress = conn.remote() == null ? null : conn.remote().getAddress() != null
                ? conn.remote().getAddress().getHostAddress() : conn.remote().getHostString();
        this.hostPort = conn.remote() == null ? 0 : conn.remote().getPort();
        this.hostName = conn.hostName();
        this.ident = caller != null ? caller.login() : conn.ident();
        this.mailRate = RateLimit.parse(config.get(MainOptions.SMTP_RATELIMIT_MAIL));
        this.rcptRate = RateLimit.parse(config.get(MainOptions.SMTP_RATELIMIT_RCPT));
    }

    /** A session on a connection the daemon accepted; the socket is closed when the session ends. */
    public static SmtpSession overSocket(SmtpService service, Socket socket, ClientConnection conn)
            throws IOException {
        return new SmtpSession(service, socket.getInputStream(), socket.getOutputStream(), socket, conn,
                SessionKind.REMOTE, null, null);
    }

    /** A session over streams (inetd, tests): the client is {@code conn}'s remote address. */
    public static SmtpSession overStreams(SmtpService service, InputStream in, OutputStream out,
            ClientConnection conn) {
        return new SmtpSession(service, in, out, null, conn,
                conn.remote() == null ? SessionKind.LOCAL : SessionKind.REMOTE, null, null);
    }

    /**
     * A command-line session: {@code -bs} ({@link SessionKind#LOCAL}), {@code -bh}
     * ({@link SessionKind#HOST_CHECK}, {@code conn} naming the simulated client; trace and log
     * lines go to {@code errors}) or {@code -bS} ({@link SessionKind#BATCHED}: errors reported on
     * {@code out} and, for people, on {@code errors}).
     */
    public static SmtpSession commandLine(SmtpService service, InputStream in, OutputStream out, PrintStream errors,
            ClientConnection conn, LocalCaller caller, SessionKind kind) {
        return new SmtpSession(service, in, out, null, conn, kind, caller, errors);
    }

    /** The exit code of a command-line session: for -bS 0, or 1 / 2 after an error with / without messages taken. */
    public int exitCode() {
        return exitCode;
    }

    /** How many messages the session put on the spool. */
    public int messagesAccepted() {
        return messagesAccepted;
    }

    /** Runs the session to its end; never throws for what the client does. */
    public void run() {
        try {
            setTimeout();
            if (kind == SessionKind.BATCHED) {
                runBatch();
            } else if (start()) {
                while (!closing) {
                    command();
                }
            }
        } catch (SmtpInput.Timeout e) {
            commandTimeout();
        } catch (BatchError e) {
            exitCode = messagesAccepted > 0 ? 1 : 2;
        } catch (IOException | RuntimeException e) {
            if (e instanceof RuntimeException) {
                logEvent(new LogEvent.Panic(null, "SMTP session failed: " + e));
                respondLine("421 " + activeHostname() + " Temporary local problem - closing connection");
            }
        } finally {
            out.flush();
            closeReception();
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Nothing more to say to this client.
                }
            }
        }
    }

    private void setTimeout() throws IOException {
        if (socket == null) {
            return;
        }
        TimeOrExpansion t = config.get(MainOptions.SMTP_RECEIVE_TIMEOUT);
        Duration d = timeoutValue(t);
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    private Duration timeoutValue(TimeOrExpansion t) {
        if (t == null) {
            return Duration.ofMinutes(5);
        }
        if (t.time() != null) {
            return t.time();
        }
        String v = expandOption(t.expansion(), "smtp_receive_timeout");
        int seconds = v == null ? -1 : org.osprey.mta.kernel.option.TimeValues.parse(v.trim(), 0, '\0');
        return seconds < 0 ? Duration.ofMinutes(5) : Duration.ofSeconds(seconds);
    }

    // ---------------------------------------------------------------- start of session

    /** smtp_start_session: host lists, the banner, the connect ACL. Returns false when the session ends at once. */
    private boolean start() throws IOException {
        activeHostname = expandOption(config.get(MainOptions.SMTP_ACTIVE_HOSTNAME), "smtp_active_hostname");
        if (activeHostname == null || activeHostname.isEmpty()) {
            activeHostname = primaryHostname();
        }
        sizeLimit = messageSizeLimit();
        boolean local = hostAddress == null;
        allowUnqualifiedSender = local || hostIn(MainOptions.SENDER_UNQUALIFIED_HOSTS, "sender_unqualified_hosts");
        allowUnqualifiedRecipient = local
                || hostIn(MainOptions.RECIPIENT_UNQUALIFIED_HOSTS, "recipient_unqualified_hosts");
        if (!local) {
            helloVerifyRequired = hostIn(MainOptions.HELO_VERIFY_HOSTS, "helo_verify_hosts");
            heloVerify = hostIn(MainOptions.HELO_TRY_VERIFY_HOSTS, "helo_try_verify_hosts");
            pipeConnectAcceptable = hostIn(MainOptions.PIPELINING_CONNECT_ADVERTISE_HOSTS,
                    "pipelining_connect_advertise_hosts");
        }
        resetFreeCommands();
        free.add(SmtpCommand.AUTH);
        logEvent(LogEvent.Connection.started(peer(), kind == SessionKind.REMOTE ? null : ident));
        if (trace != null) {
            trace.flush();
            out.line("");
            out.line("**** SMTP testing session as if from host " + hostAddress);
            out.line("**** but without any ident (RFC 1413) callback.");
            out.line("**** This is not for real!");
            out.line("");
        }
        if (conn.tlsOnConnect() && service.tls().isPresent() && socket != null) {
            if (!startTls(true)) {
                return false;
            }
        }

        AclResult r = acl(AclWhere.CONNECT, null);
        if (r != null && r.verdict() != AclVerdict.ACCEPT && r.verdict() != AclVerdict.DISCARD) {
            handleAclFail(AclWhere.CONNECT, r);
            return false;
        }
        String banner = expandOption(config.get(MainOptions.SMTP_BANNER), "smtp_banner");
        if (banner == null) {
            respondLine("451 Temporary local problem - please try later");
            return false;
        }
        String code = "220";
        if (r != null && r.userMessage() != null) {
            banner = r.userMessage();
        }
        // No input before the banner, unless the client may pipeline its EHLO (PIPECONNECT).
        if (!pipeConnectAcceptable && syncEnforced() && in.pending()) {
            String input = in.buffered();
            logReject("SMTP protocol synchronization error (input sent without waiting for greeting): rejected "
                    + "connection from " + fullHost(true) + " input=\""
                    + printing(input.length() > 128 ? input.substring(0, 128) : input) + "\"");
            respondLine("554 SMTP synchronization error");
            return false;
        }
        respond(code, 3, true, SmtpAddresses.bytes(banner));
        return true;
    }

    // ---------------------------------------------------------------- command loop

    private void command() throws IOException {
        String line = in.readLine();
        boolean wasRejectedMail = false;
        boolean wasRcpt = false;
        if (line == null) {
            lostConnection();
            return;
        }
        commandLine = line;
        commandData = null;
        if (in.hadNul()) {
            synprotError(true, 0, null, "NUL character(s) present (shown as '?')");
            respondLine("501 NUL characters are not allowed in SMTP commands");
            return;
        }
        SmtpCommand c = SmtpCommand.match(line);
        if (c == null) {
            if (syncEnforced() && in.buffered().length() > 0) {
                syncFailure();
                return;
            }
            unknownCommand();
            return;
        }
        if (syncEnforced() && in.buffered().length() > 0 && mustSync(c)) {
            syncFailure();
            return;
        }
        commandData = c.argument(line);
        if (!c.mailCommand && !free.remove(c)) {
            if (countNonmail == null) {
                countNonmail = hostAddress == null || !hostNotIn(MainOptions.SMTP_ACCEPT_MAX_NONMAIL_HOSTS,
                        "smtp_accept_max_nonmail_hosts");
            }
            if (countNonmail && ++nonmailCommands > config.get(MainOptions.SMTP_ACCEPT_MAX_NONMAIL)) {
                String first = line.split("\\s", 2)[0];
                incompleteTransactionLog("too many non-mail commands");
                logReject("SMTP call from " + fullHost(false) + " dropped: too many nonmail commands (last was \""
                        + first + "\")");
                notQuitExit("bad-commands", "554", "Too many nonmail commands");
                closing = true;
                return;
            }
        }
        if (!c.hasArgument && !commandData.isEmpty()) {
            synprotError(true, 501, null, "unexpected argument data");
            return;
        }
        had.add(c.logName());
        switch (c) {
            case HELO, EHLO -> hello(c == SmtpCommand.EHLO);
            case MAIL -> wasRejectedMail = mail();
            case RCPT -> wasRcpt = rcpt();
            case DATA -> data(false);
            case BDAT -> data(true);
            case RSET -> {
                incompleteTransactionLog("RSET");
                respondLine("250 Reset OK");
                resetTransaction();
            }
            case NOOP -> respondLine("250 OK");
            case QUIT -> quit();
            case HELP -> help();
            case VRFY -> vrfy();
            case EXPN -> expn();
            case ETRN -> etrn();
            case AUTH -> auth();
            case STARTTLS -> starttls();
            default -> unknownCommand();
        }
        lastWasRejectedMail = wasRejectedMail;
        lastWasRcpt = wasRcpt;
    }

    private boolean mustSync(SmtpCommand c) {
        return switch (c.sync) {
            case ALWAYS -> true;
            case UNLESS_PIPELINING -> !pipeliningAdvertised;
            case NEVER -> false;
        };
    }

    /** smtp_enforce_sync applies: a remote client on a real connection, not turned off by control. */
    private boolean syncEnforced() {
        boolean enforce = controls.enforceSync != null ? controls.enforceSync : config.get(MainOptions.SMTP_ENFORCE_SYNC);
        // Exim checks only a real socket (not sender_host_notsocket): -bh and piped streams are exempt.
        return enforce && hostAddress != null && kind == SessionKind.REMOTE && socket != null;
    }

    /** check_sync after an ACL that may have delayed: input waiting now is a synchronisation error. */
    private boolean outOfSync() throws IOException {
        return syncEnforced() && in.pending();
    }

    private void syncFailure() {
        String next = SmtpAddresses.printing(in.buffered(), false);
        incompleteTransactionLog("sync failure");
        logReject("SMTP protocol synchronization error (next input sent too soon: pipelining was"
                + (pipeliningAdvertised ? "" : " not") + " advertised): rejected \"" + commandLine + "\" "
                + fullHost(true) + " next input=\"" + next + "\"");
        notQuitExit("synchronization-error", "554", "SMTP synchronization error");
        closing = true;
    }

    private void unknownCommand() {
        if (unknownCommands++ >= config.get(MainOptions.SMTP_MAX_UNKNOWN_COMMANDS)) {
            if (log("smtp_syntax_error")) {
                logMain("SMTP syntax error in \"" + printing(commandLine) + "\" " + fullHost(true)
                        + " unrecognized command");
            }
            incompleteTransactionLog("unrecognized command");
            notQuitExit("bad-commands", "500", "Too many unrecognized commands");
            closing = true;
            logReject("SMTP call from " + fullHost(false) + " dropped: too many unrecognized commands (last was \""
                    + printing(commandLine) + "\")");
        } else {
            synprotError(true, 500, null, "unrecognized command");
        }
    }

    /** synprot_error: logged under +smtp_syntax_error / +smtp_protocol_error; too many ends the session. */
    private void synprotError(boolean syntax, int code, String data, String message) {
        if (log(syntax ? "smtp_syntax_error" : "smtp_protocol_error")) {
            logMain("SMTP " + (syntax ? "syntax" : "protocol") + " error in \"" + printing(commandLine) + "\" "
                    + fullHost(true) + " " + message);
        }
        boolean drop = ++synprotErrors > config.get(MainOptions.SMTP_MAX_SYNPROT_ERRORS);
        if (drop) {
            logReject("SMTP call from " + fullHost(false) + " dropped: too many syntax or protocol errors (last "
                    + "command was \"" + printing(commandLine) + "\", " + connectionHad() + ")");
        }
        if (code > 0) {
            respondLine(code + (drop ? "-" : " ") + (data != null ? data + ": " : "") + message);
            if (drop) {
                respondLine(code + " Too many syntax or protocol errors");
            }
        }
        if (drop) {
            closing = true;
        }
    }

    /** Exim's s_connhad_log: " C=EHLO,MAIL,RCPT,DATA" (the last commands of the connection). */
    private String connectionHad() {
        List<String> last = had.size() > 20 ? had.subList(had.size() - 20, had.size()) : had;
        return last.isEmpty() ? "" : " C=" + String.join(",", last);
    }

    // ---------------------------------------------------------------- HELO / EHLO

    private void hello(boolean extended) throws IOException {
        String name = extended ? "EHLO" : "HELO";
        free.remove(SmtpCommand.HELO);
        free.remove(SmtpCommand.EHLO);
        String arg = commandData;
        String checked = checkHelo(arg);
        if (checked == null) {
            respondLine("501 Syntactically invalid " + name + " argument(s)");
            logReject("rejected " + name + " from " + fullHost(false) + ": syntactically invalid argument(s): "
                    + (arg.isEmpty() ? "(no argument given)" : printing(arg)));
            if (++synprotErrors > config.get(MainOptions.SMTP_MAX_SYNPROT_ERRORS)) {
                logReject("SMTP call from " + fullHost(false) + " dropped: too many syntax or protocol errors "
                        + "(last command was \"" + printing(commandLine) + "\", " + connectionHad() + ")");
                closing = true;
            }
            return;
        }
        String oldHelo = helo;
        helo = hostAddress != null ? checked.toLowerCase(Locale.ROOT) : checked;
        if (hostAddress != null && (helloVerifyRequired || heloVerify)) {
            boolean verified = heloMatchesHost();
            if (!verified && helloVerifyRequired) {
                respondLine("550 " + name + " argument does not match calling host");
                logReject("rejected \"" + name + " " + helo + "\" from " + fullHost(false));
                helo = oldHelo;
                return;
            }
        }
        esmtp = extended;
        AclResult r = acl(AclWhere.HELO, null);
        if (r != null && r.verdict() != AclVerdict.ACCEPT && r.verdict() != AclVerdict.DISCARD) {
            handleAclFail(AclWhere.HELO, r);
            helo = null;
            return;
        }
        if (r != null && !pipeConnectAcceptable && outOfSync()) {
            syncFailure();
            return;
        }
        List<String> lines = new ArrayList<>();
        String code = "250";
        String first;
        if (r != null && r.userMessage() != null) {
            String[] cm = messageCode(code, r.userMessage(), true);
            code = cm[0].substring(0, 3);
            first = cm[0] + cm[1];
            int nl = first.indexOf('\n');
            if (nl >= 0) {
                logEvent(new LogEvent.Panic(null, "EHLO/HELO response must not contain newlines: message "
                        + "truncated: " + printing(first)));
                first = first.substring(0, nl);
            }
            first = first.substring(4);
        } else {
            first = activeHostname + " Hello " + (ident != null ? ident + " at " : "")
                    + (hostName != null ? hostName : helo) + (hostAddress != null ? " [" + hostAddress + "]" : "");
        }
        lines.add(first);
        authAdvertised = pipeliningAdvertised = tlsAdvertised = dsnAdvertised = utf8Advertised = false;
        chunkingOffered = false;
        if (extended) {
            lines.add(sizeLimit > 0 && sizeLimit < Integer.MAX_VALUE ? "SIZE " + sizeLimit : "SIZE");
            boolean eightBit = config.get(MainOptions.ACCEPT_8BITMIME);
            if (eightBit) {
                lines.add("8BITMIME");
            }
            if (!hostNotIn(MainOptions.DSN_ADVERTISE_HOSTS, "dsn_advertise_hosts")) {
                lines.add("DSN");
                dsnAdvertised = true;
            }
            if (config.get(MainOptions.ACL_SMTP_ETRN) != null) {
                lines.add("ETRN");
            }
            if (config.get(MainOptions.ACL_SMTP_VRFY) != null) {
                lines.add("VRFY");
            }
            if (config.get(MainOptions.ACL_SMTP_EXPN) != null) {
                lines.add("EXPN");
            }
            if (!controls.noPipelining && hostIn(MainOptions.PIPELINING_ADVERTISE_HOSTS, "pipelining_advertise_hosts")) {
                lines.add("PIPELINING");
                pipeliningAdvertised = true;
                if (pipeConnectAcceptable) {
                    lines.add("PIPECONNECT");
                }
            }
            if (authenticator == null && hostIn(MainOptions.AUTH_ADVERTISE_HOSTS, "auth_advertise_hosts")) {
                List<String> mechanisms = service.auth().mechanisms(context());
                if (!mechanisms.isEmpty()) {
                    lines.add("AUTH " + String.join(" ", mechanisms).toUpperCase(Locale.ROOT));
                    authAdvertised = true;
                }
            }
            if (!hostNotIn(MainOptions.CHUNKING_ADVERTISE_HOSTS, "chunking_advertise_hosts")) {
                lines.add("CHUNKING");
                chunkingOffered = true;
            }
            if (tlsAvailable()) {
                lines.add("STARTTLS");
                tlsAdvertised = true;
            }
            if (eightBit && !hostNotIn(MainOptions.SMTPUTF8_ADVERTISE_HOSTS, "smtputf8_advertise_hosts")) {
                lines.add("SMTPUTF8");
                utf8Advertised = true;
            }
            lines.add("HELP");
        }
        for (int i = 0; i < lines.size(); i++) {
            out.line(code + (i == lines.size() - 1 ? " " : "-") + lines.get(i));
        }
        heloSeen = true;
        resetTransaction();
    }

    /** check_helo: the argument's syntax (helo_allow_chars, IP literals), or null when it is unacceptable. */
    private String checkHelo(String arg) {
        if (arg.isEmpty()) {
            return null;
        }
        String name = arg;
        int sp = name.indexOf(' ');
        if (sp >= 0) {
            name = name.substring(0, sp);
        }
        if (hostIn(MainOptions.HELO_ACCEPT_JUNK_HOSTS, "helo_accept_junk_hosts")) {
            return name;
        }
        if (sp >= 0) {
            // A second word is not a host name.
            return null;
        }
        if (name.startsWith("[")) {
            if (!name.endsWith("]")) {
                return null;
            }
            String ip = name.substring(1, name.length() - 1);
            if (ip.regionMatches(true, 0, "IPv6:", 0, 5)) {
                ip = ip.substring(5);
            } else if (ip.regionMatches(true, 0, "IPv4:", 0, 5)) {
                ip = ip.substring(5);
            }
            return org.osprey.mta.kernel.model.IpAddress.parse(ip).isPresent() ? name : null;
        }
        String allow = config.get(MainOptions.HELO_ALLOW_CHARS);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c < 128 && Character.isLetterOrDigit(c) || c == '-' || c == '.'
                    || allow != null && allow.indexOf(c) >= 0;
            if (!ok) {
                return null;
            }
        }
        return name;
    }

    /** helo_verify: the HELO name is the host's verified name or its address literal, or resolves to its address. */
    private boolean heloMatchesHost() {
        if (helo.startsWith("[")) {
            String ip = helo.substring(1, helo.length() - 1).replaceFirst("(?i)^ipv[46]:", "");
            return ip.equalsIgnoreCase(hostAddress);
        }
        if (hostName != null && hostName.equalsIgnoreCase(helo)) {
            return true;
        }
        try {
            for (java.net.InetAddress a : java.net.InetAddress.getAllByName(helo)) {
                if (a.getHostAddress().equalsIgnoreCase(hostAddress)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    // ---------------------------------------------------------------- MAIL

    /** Returns true when the MAIL was rejected (for the pipelined RCPTs after it). */
    private boolean mail() throws IOException {
        mailCommands++;
        if (!heloSeen && (helloVerifyRequired || hostIn(MainOptions.HOSTS_REQUIRE_HELO, "hosts_require_helo"))) {
            respondLine("503 HELO or EHLO required");
            logReject("rejected MAIL from " + fullHost(false) + ": no HELO/EHLO given");
            return true;
        }
        if (sender != null) {
            synprotError(false, 503, null, "sender already given");
            return true;
        }
        if (commandData.isEmpty()) {
            synprotError(false, 501, null, "MAIL must have an address operand");
            return true;
        }
        int mailMax = mailMax();
        if (mailMax > 0 && mailCommands > mailMax) {
            respondLine("421 too many messages in this connection");
            logReject("rejected MAIL command " + fullHost(true) + ": too many messages in one connection");
            return true;
        }
        resetTransaction();
        controls.resetMessage();
        mailAuthMessage = null;
        String rest = commandData;
        int size = -1;
        if (esmtp) {
            MailParameters p = MailParameters.split(rest);
            rest = p.address();
            for (MailParameters.Parameter param : p.parameters()) {
                String name = param.name().toUpperCase(Locale.ROOT);
                String value = param.value();
                switch (name) {
                    case "SIZE" -> {
                        if (value == null || !value.matches("\\d+")) {
                            rest = p.unparsedFrom(param);
                            break;
                        }
                        try {
                            size = (int) Math.min(Integer.MAX_VALUE, Long.parseLong(value));
                        } catch (NumberFormatException e) {
                            size = Integer.MAX_VALUE;
                        }
                    }
                    case "BODY" -> {
                        if (value == null || !config.get(MainOptions.ACCEPT_8BITMIME)) {
                            rest = p.unparsedFrom(param);
                            break;
                        }
                        if (value.equalsIgnoreCase("8BITMIME")) {
                            bodyType = 8;
                        } else if (value.equalsIgnoreCase("7BIT")) {
                            bodyType = 7;
                        } else {
                            bodyType = 0;
                            synprotError(true, 501, null, "invalid data for BODY");
                            return true;
                        }
                    }
                    case "RET" -> {
                        if (value == null) {
                            rest = p.unparsedFrom(param);
                            break;
                        }
                        if (dsnAdvertised) {
                            if (dsnRet > 0) {
                                synprotError(true, 501, null, "RET can be specified once only");
                                return true;
                            }
                            dsnRet = value.equalsIgnoreCase("HDRS") ? 2 : value.equalsIgnoreCase("FULL") ? 1 : 0;
                            if (dsnRet == 0) {
                                synprotError(true, 501, null, "Value for RET is invalid");
                                return true;
                            }
                        }
                    }
                    case "ENVID" -> {
                        if (value == null) {
                            rest = p.unparsedFrom(param);
                            break;
                        }
                        if (dsnAdvertised) {
                            if (dsnEnvid != null) {
                                synprotError(true, 501, null, "ENVID can be specified once only");
                                return true;
                            }
                            dsnEnvid = value;
                        }
                    }
                    case "AUTH" -> {
                        if (value == null) {
                            rest = p.unparsedFrom(param);
                            break;
                        }
                        if (!mailAuth(value)) {
                            return true;
                        }
                    }
                    case "SMTPUTF8" -> {
                        if (!utf8Advertised) {
                            synprotError(true, 501, null, "SMTPUTF8 used when not advertised");
                            return true;
                        }
                        smtputf8 = true;
                    }
                    default -> rest = p.unparsedFrom(param);
                }
                if (rest != p.address()) {
                    break;
                }
            }
        }
        declaredSize = size;
        if (mailCommands > rateThreshold(mailRate) && rateLimitedHost()) {
            mailDelay = delay(mailDelay == 0 ? mailRate.initial() : mailDelay, mailRate);
        }
        SmtpAddresses.Parsed parsed = parseAddress(smtpRewrite(rest), true);
        if (!parsed.ok()) {
            synprotError(true, 501, commandData, parsed.error());
            return true;
        }
        String address = parsed.address();
        if (sizeLimit > 0 && declaredSize > sizeLimit) {
            respondLine("552 Message size exceeds maximum permitted");
            if (log("size_reject")) {
                logReject("rejected MAIL FROM:<" + text(address) + "> " + fullHost(true) + ": message too big: size"
                        + (declaredSize == Integer.MAX_VALUE ? ">" : "=") + declaredSize + " max=" + sizeLimit);
            }
            return true;
        }
        if (!spoolSpaceOk(config.get(MainOptions.SMTP_CHECK_SPOOL_SPACE) && declaredSize >= 0
                ? declaredSize + 5000 : 0)) {
            respondLine("452 Space shortage, please try later");
            return true;
        }
        if (parsed.domainStart() == 0 && !address.isEmpty()) {
            if (allowUnqualifiedSender) {
                address = address + "@" + qualifyDomain(false);
            } else {
                respondLine("501 " + commandData + ": sender address must contain a domain");
                if (log("smtp_syntax_error")) {
                    logReject("unqualified sender rejected: <" + text(address) + "> " + fullHost(true));
                }
                return true;
            }
        }
        sender = localSender(address);
        AclResult r = acl(AclWhere.MAIL, null);
        if (r != null && r.verdict() == AclVerdict.ACCEPT && !pipeliningAdvertised && outOfSync()) {
            syncFailure();
            return true;
        }
        if (r == null || r.verdict() == AclVerdict.ACCEPT || r.verdict() == AclVerdict.DISCARD) {
            // smtp_in.c's user_msg is the command's: without a MAIL ACL, the MAILAUTH ACL's message is the reply.
            String msg = r == null ? mailAuthMessage : r.userMessage();
            if (msg == null) {
                respondLine("250 OK");
            } else {
                userMessage("250", msg);
            }
            recipientsDiscarded = r != null && r.verdict() == AclVerdict.DISCARD;
            rcptDelay = 0;
            transactionLine = in.lineCount();
            return false;
        }
        handleAclFail(AclWhere.MAIL, r);
        sender = null;
        return true;
    }

    /**
     * AUTH= on MAIL: the authenticated sender, accepted when the client is authenticated (or
     * acl_smtp_mailauth accepts), else ignored with a log line. Returns false when the command
     * was refused.
     */
    private boolean mailAuth(String value) {
        if (value.equals("<>")) {
            return true;
        }
        String decoded = XText.decode(value);
        if (decoded == null) {
            synprotError(true, 501, null, "invalid data for AUTH");
            return false;
        }
        authenticatedSender = decoded;
        String ignore;
        boolean ok;
        if (config.get(MainOptions.ACL_SMTP_MAILAUTH) == null) {
            ignore = "client not authenticated";
            ok = authenticator != null;
        } else {
            // smtp_in.c: the ACL decides, for any client; its $authenticated_sender is the value given.
            ignore = "rejected by ACL";
            AclResult r = acl(AclWhere.MAILAUTH, null);
            mailAuthMessage = r.userMessage();
            if (r.verdict() != AclVerdict.ACCEPT && r.verdict() != AclVerdict.DENY) {
                authenticatedSender = null;
                handleAclFail(AclWhere.MAILAUTH, r);
                return false;
            }
            ok = r.verdict() == AclVerdict.ACCEPT;
        }
        if (ok && authenticator != null && !service.auth().mailAuthAccepted(authenticator, context())) {
            ok = false;
            ignore = "server_mail_auth_condition failed"
                    + (authenticatedId != null ? ": authenticated ID=\"" + authenticatedId + "\"" : "");
        }
        if (!ok) {
            authenticatedSender = null;
            logMain("ignoring AUTH=" + value + " from " + fullHost(true) + " (" + ignore + ")");
        }
        return true;
    }

    /** -bs/-bS: an untrusted caller's MAIL FROM is replaced by its own address (unless untrusted_set_sender allows it). */
    private String localSender(String address) {
        // An untrusted caller may still send with an empty sender.
        if (caller == null || caller.trusted() || address.isEmpty()) {
            return address;
        }
        String list = config.get(MainOptions.UNTRUSTED_SET_SENDER);
        if (list != null) {
            try {
                if (engine.listMatcher(ExpansionContext.empty()).address(list, text(address)) == MatchResult.MATCH) {
                    return address;
                }
            } catch (ExpansionException e) {
                // Not allowed.
            }
        }
        return SmtpAddresses.quoteLocalPart(caller.login()) + "@" + qualifyDomain(false);
    }

    // ---------------------------------------------------------------- RCPT

    private boolean rcpt() throws IOException {
        rcptCount++;
        rcptInProgress = true;
        if (sender == null) {
            if (pipeliningAdvertised && lastWasRejectedMail) {
                respondLine("503 sender not yet given");
                lastWasRejectedMail = true;
                return true;
            }
            synprotError(false, 503, null, "sender not yet given");
            return false;
        }
        if (commandData.isEmpty()) {
            synprotError(true, 501, null, "RCPT must have an address operand");
            return true;
        }
        String orcpt = null;
        int dsnFlags = 0;
        String rest = commandData;
        if (esmtp) {
            MailParameters p = MailParameters.split(rest);
            rest = p.address();
            for (MailParameters.Parameter param : p.parameters()) {
                String name = param.name();
                String value = param.value() == null ? "" : param.value();
                if (dsnAdvertised && name.equalsIgnoreCase("ORCPT")) {
                    if (orcpt != null) {
                        synprotError(true, 501, null, "ORCPT can be specified once only");
                        return true;
                    }
                    orcpt = value;
                } else if (dsnAdvertised && name.equalsIgnoreCase("NOTIFY")) {
                    if (dsnFlags > 0) {
                        synprotError(true, 501, null, "NOTIFY can be specified once only");
                        return true;
                    }
                    if (value.equalsIgnoreCase("NEVER")) {
                        dsnFlags |= 0x02;
                    } else {
                        for (String v : value.split(",", -1)) {
                            if (v.equalsIgnoreCase("SUCCESS")) {
                                dsnFlags |= 0x04;
                            } else if (v.equalsIgnoreCase("FAILURE")) {
                                dsnFlags |= 0x08;
                            } else if (v.equalsIgnoreCase("DELAY")) {
                                dsnFlags |= 0x10;
                            } else {
                                synprotError(true, 501, null, "Invalid value for NOTIFY parameter");
                                return true;
                            }
                        }
                    }
                } else {
                    rest = p.unparsedFrom(param);
                    break;
                }
            }
        }
        SmtpAddresses.Parsed parsed = parseAddress(smtpRewrite(rest), false);
        if (!parsed.ok()) {
            synprotError(true, 501, commandData, parsed.error());
            return true;
        }
        String address = parsed.address();
        if (parsed.domainStart() == 0) {
            if (allowUnqualifiedRecipient || address.equalsIgnoreCase("postmaster")) {
                address = address + "@" + qualifyDomain(true);
            } else {
                respondLine("501 " + commandData + ": recipient address must contain a domain");
                if (log("smtp_syntax_error")) {
                    logReject("unqualified recipient rejected: <" + text(address) + "> " + fullHost(true));
                }
                return true;
            }
        }
        int max = config.get(MainOptions.RECIPIENTS_MAX);
        if (max > 0 && rcptCount > max) {
            if (config.get(MainOptions.RECIPIENTS_MAX_REJECT)) {
                respondLine("552 too many recipients");
                if (!tooMany) {
                    logReject("too many recipients: message rejected: sender=<" + text(sender) + "> "
                            + fullHost(true));
                }
            } else {
                respondLine("452 too many recipients");
                if (!tooMany) {
                    logReject("too many recipients: excess temporarily rejected: sender=<" + text(sender) + "> "
                            + fullHost(true));
                }
            }
            tooMany = true;
            return true;
        }
        if (rcptCount > rateThreshold(rcptRate) && rateLimitedHost()) {
            rcptDelay = delay(rcptDelay == 0 ? rcptRate.initial() : rcptDelay, rcptRate);
        }
        AclResult r;
        if (recipientsDiscarded) {
            r = AclResult.of(AclVerdict.DISCARD);
        } else {
            r = acl(AclWhere.RCPT, address);
            if (r == null) {
                // An unset acl_smtp_rcpt refuses every recipient.
                r = AclResult.of(AclVerdict.DENY);
            }
            if (r.verdict() == AclVerdict.ACCEPT && !pipeliningAdvertised && outOfSync()) {
                syncFailure();
                return true;
            }
        }
        switch (r.verdict()) {
            case ACCEPT -> {
                if (r.userMessage() != null) {
                    userMessage("250", r.userMessage());
                } else {
                    respondLine("250 Accepted");
                }
                recipients.add(new Recipient(address, orcpt, dsnFlags, null, -1));
                rawRecipients.add(address);
            }
            case DISCARD -> {
                if (r.userMessage() != null) {
                    userMessage("250", r.userMessage());
                } else {
                    respondLine("250 Accepted");
                }
                discarded = true;
                String logMsg = r.logMessage();
                logReject(fullHost(true) + " F=<" + text(sender) + "> RCPT " + text(commandData) + ": discarded by "
                        + (recipientsDiscarded ? "MAIL" : "RCPT") + " ACL" + (logMsg != null ? ": " + logMsg : ""));
            }
            default -> handleAclFail(AclWhere.RCPT, r);
        }
        return true;
    }

    // ---------------------------------------------------------------- DATA / BDAT

    private void data(boolean chunked) throws IOException {
        if (chunked) {
            if (!chunkingOffered) {
                synprotError(false, 503, null, "BDAT command used when CHUNKING not advertised");
                return;
            }
            Matcher m = Pattern.compile("^(\\d+)\\s*(.*)$").matcher(commandData);
            if (!m.matches()) {
                synprotError(false, 501, null, "missing size for BDAT command");
                return;
            }
            long size = Long.parseLong(m.group(1));
            boolean last = m.group(2).equalsIgnoreCase("LAST");
            bdat = last ? BdatState.LAST : BdatState.ACTIVE;
            if (!beginData(true)) {
                in.chunk(size).drain();
                bdat = BdatState.NONE;
                return;
            }
            // The chunks are joined into one stream that reads the next BDAT command between them.
            receive(new ChunkedData(size, last));
            return;
        }
        if (!beginData(false)) {
            return;
        }
        SmtpInput.DataStream data = in.dotData();
        receive(data);
    }

    /** The checks common to DATA and the first BDAT; false when the command was refused. */
    private boolean beginData(boolean chunked) throws IOException {
        pipeConnectAcceptable = false;
        if (!discarded && recipients.isEmpty()) {
            if (rcptResponseSame && rcptResponse != null) {
                respond("503", 3, false, "All RCPT commands were rejected with this error:");
                respond("503", 3, false, rcptResponse);
            }
            String verb = chunked ? "BDAT" : "DATA";
            if (pipeliningAdvertised && lastWasRcpt) {
                respondLine("503 Valid RCPT command must precede " + verb);
            } else {
                synprotError(false, 503, null, "valid RCPT command must precede " + verb);
            }
            return false;
        }
        if (tooMany && config.get(MainOptions.RECIPIENTS_MAX_REJECT)) {
            sender = null;
            respondLine("554 Too many recipients");
            return false;
        }
        if (chunked) {
            return true;
        }
        AclResult r = acl(AclWhere.PREDATA, null);
        if (r != null && r.verdict() != AclVerdict.ACCEPT) {
            handleAclFail(AclWhere.PREDATA, r);
            return false;
        }
        if (r != null && outOfSync()) {
            syncFailure();
            return false;
        }
        if (r != null && r.userMessage() != null) {
            userMessage("354", r.userMessage());
        } else {
            respondLine("354 Enter message, ending with \".\" on a line by itself");
        }
        out.flush();
        return true;
    }


    /** The stream of a BDAT message: each chunk, acknowledged, then the next BDAT command read. */
    private final class ChunkedData extends SmtpInput.DataStream {
        private SmtpInput.DataStream current;
        private boolean last;
        private boolean broken;
        private long chunkSize;
        private int pendingLf = -1;
        private boolean lastWasCr;
        /** Still in the header section, and at the start of a line. */
        private boolean inHeader = true;
        private boolean lineStart = true;
        /** A header line ended in a bare LF: refused once the next character is read (Exim looks ahead). */
        private boolean bareLf;
        /** The message was abandoned with a reply already sent (a bare LF, or a command other than BDAT). */
        private boolean abandoned;

        ChunkedData(long size, boolean last) {
            this.current = in.chunk(size);
            this.chunkSize = size;
            this.last = last;
        }

        @Override
        boolean ended() {
            return !broken && last && current.ended();
        }

        @Override
        public int read() throws IOException {
            if (abandoned) {
                return -1;
            }
            boolean refuse = bareLf;
            int c = nextByte();
            if (c < 0) {
                return c;
            }
            if (refuse) {
                abandoned = true;
                current.drain();
                respondLine("552 Message header not CRLF terminated");
                return -1;
            }
            if (c == '\n') {
                if (inHeader && lineStart) {
                    inHeader = false;
                }
                lineStart = true;
            } else {
                lineStart = false;
            }
            return c;
        }

        private int nextByte() throws IOException {
            while (true) {
                if (pendingLf >= 0) {
                    int c = pendingLf;
                    pendingLf = -1;
                    return c;
                }
                int c = current.read();
                if (c >= 0) {
                    // CR LF in the chunk becomes LF on the spool; a bare CR too.
                    if (c == '\r') {
                        lastWasCr = true;
                        continue;
                    }
                    if (lastWasCr) {
                        lastWasCr = false;
                        if (c != '\n') {
                            pendingLf = c;
                            return '\n';
                        }
                    } else if (c == '\n' && inHeader) {
                        bareLf = true;
                    }
                    return c;
                }
                if (!current.ended() || broken) {
                    return -1;
                }
                if (last) {
                    if (lastWasCr) {
                        lastWasCr = false;
                        return '\n';
                    }
                    return -1;
                }
                respondLine("250 " + chunkSize + " byte chunk received");
                out.flush();
                String line = in.readLine();
                if (line == null) {
                    broken = true;
                    return -1;
                }
                commandLine = line;
                SmtpCommand c2 = SmtpCommand.match(line);
                if (c2 == SmtpCommand.BDAT) {
                    Matcher m = Pattern.compile("^(\\d+)\\s*(.*)$").matcher(c2.argument(line));
                    if (!m.matches()) {
                        synprotError(false, 501, null, "missing size for BDAT command");
                        abandoned = true;
                        return -1;
                    }
                    chunkSize = Long.parseLong(m.group(1));
                    last = m.group(2).equalsIgnoreCase("LAST");
                    current = in.chunk(chunkSize);
                    continue;
                }
                if (c2 == SmtpCommand.QUIT) {
                    broken = true;
                    return -1;
                }
                if (c2 == SmtpCommand.NOOP) {
                    respondLine("250 OK");
                    out.flush();
                    current = in.chunk(0);
                    continue;
                }
                synprotError(false, 503, null, "only BDAT permissible after non-LAST BDAT");
                abandoned = true;
                return -1;
            }
        }
    }

    /** receive_msg for SMTP: the data into the spool, the DATA ACL, then the reply. */
    private void receive(SmtpInput.DataStream data) throws IOException {
        // Each new message (smtp_setup_msg) allows one uncounted RSET, HELO/EHLO and STARTTLS again.
        resetFreeCommands();
        MessageId id = service.ids().next();
        reception = new SmtpReception(config, service.spool(), engine, clock, id, origin(), envelope(), dryRun());
        reception.rewriting(new SmtpReception.Rewriting(service.rewriter(), allowUnqualifiedSender,
                allowUnqualifiedRecipient, RewriteLog.to(service.log(), id.toString())));
        if (dryRun() && config.get(MainOptions.ACL_SMTP_MIME) != null) {
            reception.keepBodyForScan();
        }
        SmtpReception.Ending ending;
        try {
            ending = reception.read(data, sizeLimit, context());
        } catch (SmtpInput.Timeout e) {
            logEvent(new LogEvent.Line(null, EnumSet.of(LogFile.MAIN), "SMTP data timeout (message abandoned) on "
                    + "connection from " + (hostAddress == null ? "local process" : fullHost(false)) + " F=<"
                    + text(sender) + ">", Selector.LOST_INCOMING_CONNECTION));
            closeReception();
            if (kind == SessionKind.BATCHED) {
                batchError(null, "421 SMTP incoming data timeout - message abandoned");
            }
            notQuitExit("data-timeout", "421", activeHostname + " SMTP incoming data timeout - closing connection.");
            closing = true;
            return;
        } catch (IOException e) {
            // The client's errors read as the end of its input: this one is the spool's.
            throw spoolFailure(e);
        }
        if (data instanceof ChunkedData chunked && chunked.abandoned) {
            // The reply is sent; the session goes on without the message.
            closeReception();
            resetTransaction();
            return;
        }
        if (!data.ended()) {
            closeReception();
            if (kind == SessionKind.BATCHED) {
                batchError(null, "554 Unexpected end of file");
            }
            logEvent(new LogEvent.Line(null, EnumSet.of(LogFile.MAIN), "SMTP connection from "
                    + connectionInfo() + " lost while reading message data", Selector.LOST_INCOMING_CONNECTION));
            notQuitExit("connection-lost", null, null);
            respondLine("421 Lost incoming connection");
            closing = true;
            return;
        }
        String fromPart = "<" + text(sender) + ">" + (hostAddress != null ? " H=" + fullHost(false) : "")
                + (ident != null ? " U=" + ident : "");
        switch (ending) {
            case TOO_BIG -> {
                if (log("size_reject")) {
                    logEvent(new LogEvent.Line(id.toString(), EnumSet.of(LogFile.MAIN, LogFile.REJECT),
                            "rejected from " + fromPart + ": message too big: read=" + reception.messageSize()
                                    + " max=" + sizeLimit, null));
                }
                closeReception();
                finishedRefused("552 Message size exceeds maximum permitted");
                return;
            }
            case HEADER_TOO_BIG -> {
                String who = hostAddress == null ? ident : fullHost(false);
                boolean whole = reception.wholeHeaderTooLong();
                logMain((whole ? "ridiculously long message header" : "overlong message header line")
                        + " received from " + who + " (more than " + reception.headerLimit()
                        + " characters): message abandoned");
                closeReception();
                finishedRefused(whole ? "552 Message header is ridiculously long"
                        : "552 A message header line is too long");
                return;
            }
            case LOOP -> {
                logReject("rejected from " + fromPart + ": Too many \"Received\" headers");
                closeReception();
                finishedRefused("550 Too many \"Received\" headers - suspected mail loop");
                return;
            }
            default -> {
            }
        }
        // The envelope as rewritten (F and T rules) from here on: the DATA ACL, the log, the spool.
        sender = reception.envelope().sender();
        recipients.clear();
        recipients.addAll(reception.envelope().recipients());
        rawRecipients.clear();
        recipients.forEach(rcpt -> rawRecipients.add(rcpt.address()));
        String blackholedBy = discarded && recipients.isEmpty() ? (recipientsDiscarded ? "MAIL ACL" : "RCPT ACL")
                : null;
        if (!recipients.isEmpty() && kind != SessionKind.BATCHED && config.get(MainOptions.ACL_SMTP_MIME) != null
                && reception.hasContentType()) {
            AclResult mime = mimeAcl(id);
            if (mime == null) {
                return;
            }
            if (mime.verdict() == AclVerdict.DISCARD) {
                recipients.clear();
                blackholedBy = "MIME ACL";
            } else if (mime.verdict() != AclVerdict.ACCEPT) {
                handleAclFail(AclWhere.MIME, mime);
                closeReception();
                resetTransaction();
                return;
            }
        }
        // receive.c runs the DATA ACL only while there are recipients (a MIME ACL may have discarded them).
        AclResult r = kind == SessionKind.BATCHED || blackholedBy != null && recipients.isEmpty() ? null
                : acl(AclWhere.DATA, null);
        if (r != null && r.verdict() == AclVerdict.DISCARD) {
            blackholedBy = "DATA ACL";
        }
        if (r != null && r.verdict() != AclVerdict.ACCEPT && r.verdict() != AclVerdict.DISCARD) {
            handleAclFail(AclWhere.DATA, r);
            closeReception();
            resetTransaction();
            return;
        }
        reception.applyAcl(headersToAdd, headersToRemove);
        if (controls.freeze) {
            reception.freeze();
        }
        if (blackholedBy != null) {
            // Accepted and thrown away: logged as a delivery to the blackhole.
            String idText = id.toString();
            closeReception();
            respondLine("250 OK id=" + idText);
            logEvent(LogEvent.Received.builder(idText, text(sender), reception.messageSize()).peer(peer())
                    .ident(ident).protocol(protocol()).build());
            logEvent(new LogEvent.Line(idText, EnumSet.of(LogFile.MAIN), "=> blackhole (" + blackholedBy
                    + " discarded recipients)", null));
            logEvent(new LogEvent.Line(idText, EnumSet.of(LogFile.MAIN), "Completed", null));
            resetTransaction();
            return;
        }
        SmtpReception.Stored stored;
        try {
            stored = reception.commit(connectionVariables);
        } catch (IOException e) {
            throw spoolFailure(e);
        } finally {
            closeReception();
        }
        messagesAccepted++;
        if (kind != SessionKind.BATCHED) {
            respondLine("250 OK id=" + stored.id());
        }
        logReceived(stored);
        if (trace != null) {
            out.line("");
            out.line("**** SMTP testing: that is not a real message id!");
            out.line("");
        }
        if (!dryRun()) {
            boolean queueOnly = conn.queueOnly() || controls.queueOnly || config.get(MainOptions.QUEUE_ONLY);
            int perConnection = config.get(MainOptions.SMTP_ACCEPT_QUEUE_PER_CONNECTION);
            if (!queueOnly && kind == SessionKind.REMOTE && perConnection > 0 && messagesAccepted > perConnection) {
                queueOnly = true;
                if (log("delay_delivery")) {
                    logEvent(new LogEvent.Line(stored.id().toString(), EnumSet.of(LogFile.MAIN),
                            "no immediate delivery: more than " + perConnection
                                    + " messages received in one connection", null));
                }
            }
            service.accepted().accepted(stored.id(), queueOnly);
        }
        resetTransaction();
    }

    /**
     * receive.c's run_mime_acl: the message copied to the scan directory, then acl_smtp_mime
     * for each MIME part. Returns the result, or null when the copy could not be made (the
     * 451 is sent and the message dropped).
     */
    private AclResult mimeAcl(MessageId id) throws IOException {
        try {
            mimeScan = MimeScan.spool(service.spool().directory(), id, this::writeMbox,
                    line -> logEvent(new LogEvent.Line(id.toString(), EnumSet.of(LogFile.MAIN), line, null)));
        } catch (IOException e) {
            logEvent(new LogEvent.Panic(id.toString(), "acl_smtp_mime: error while creating mbox spool file, "
                    + "message temporarily rejected."));
            unspoolMime(service.spool().directory().resolve("scan").resolve(id.toString()));
            closeReception();
            respondLine("451 temporary local problem");
            resetTransaction();
            return null;
        }
        try {
            return mimeScan.run(part -> {
                mimePart = part;
                try {
                    return acl(AclWhere.MIME, null);
                } finally {
                    mimePart = null;
                }
            });
        } catch (IOException e) {
            // The copy went away under the walk: as for a failed copy, a temporary refusal.
            logEvent(new LogEvent.Panic(id.toString(), "acl_smtp_mime: " + e.getMessage()));
            return AclResult.of(AclVerdict.DEFER);
        }
    }

    /**
     * spool_mbox's "From " line and X-Envelope lines, then the headers and body. The "From "
     * line names $return_path, which is never set while a message is received over SMTP.
     */
    private void writeMbox(java.io.OutputStream out) throws IOException {
        StringBuilder b = new StringBuilder("From MAILER-DAEMON ")
                .append(java.time.format.DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss yyyy", Locale.ROOT)
                        .format(java.time.ZonedDateTime.ofInstant(clock.instant(), clock.getZone())))
                .append('\n');
        if (!sender.isEmpty()) {
            b.append("X-Envelope-From: <").append(sender).append(">\n");
        }
        if (!recipients.isEmpty()) {
            b.append("X-Envelope-To: ");
            for (int i = 0; i < recipients.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(recipients.get(i).address());
            }
            b.append('\n');
        }
        out.write(b.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        reception.writeHeadersAndBody(out);
    }

    /** unspool_mbox for a scan directory that has no MimeScan (its copy failed). */
    private static void unspoolMime(java.nio.file.Path dir) {
        try (var files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
                java.nio.file.Files.deleteIfExists(f);
            }
            java.nio.file.Files.deleteIfExists(dir);
        } catch (IOException e) {
            // Nothing there, or the queue's tidying will find it.
        }
    }

    private void finishedRefused(String reply) throws IOException {
        if (kind == SessionKind.BATCHED) {
            batchError(null, reply);
        }
        respondLine(reply);
        resetTransaction();
    }

    private IOException spoolFailure(IOException e) {
        logEvent(new LogEvent.Panic(reception == null ? null : reception.id().toString(),
                "spool file write error while receiving from " + (hostAddress == null ? ident : fullHost(false)) + ": "
                        + e.getMessage()));
        closeReception();
        unspoolMbox();
        respondLine("451 Error while writing spool file");
        closing = true;
        return e;
    }

    private void closeReception() {
        if (reception != null) {
            try {
                reception.close();
            } catch (IOException e) {
                // A temporary file left behind; the queue tidies it.
            }
        }
    }

    private void logReceived(SmtpReception.Stored stored) {
        LogEvent.Received.Builder b = LogEvent.Received.builder(stored.id().toString(), text(sender), stored.size())
                .peer(hostAddress == null ? null : peer())
                .ident(ident)
                .protocol(protocol())
                .tls(tlsLog())
                .chunking(bdat != BdatState.NONE)
                .bodyType(bodyType)
                .receiveTime(Duration.between(started, clock.instant()))
                .recipients(rawRecipients.stream().map(SmtpAddresses::text).toList());
        if (authenticator != null) {
            b.authenticator(authenticator + (authenticatedId != null ? ":" + authenticatedId
                    + (authenticatedSender != null && log("smtp_mailauth") ? ":" + authenticatedSender : "") : ""));
        }
        if (stored.messageIdHeader() != null) {
            b.messageIdHeader(stored.messageIdHeader(), stored.messageIdCreated());
        }
        if (stored.subject() != null) {
            b.subject(stored.subject());
        }
        LogEvent.Received event = b.build();
        logEvent(event);
        if (dryRun() || !config.get(MainOptions.MESSAGE_LOGS)) {
            return;
        }
        // The message log starts with the reception, without the sender and recipients.
        var selector = service.log().selector().with(Selector.RECEIVED_SENDER, false)
                .with(Selector.RECEIVED_RECIPIENTS, false);
        String now = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
                .format(java.time.ZonedDateTime.ofInstant(clock.instant(), clock.getZone()));
        try {
            StringBuilder text = new StringBuilder(now).append(" Received from ")
                    .append(event.render(selector).orElse("<= ").substring(3)).append('\n');
            if (controls.freeze) {
                text.append(now).append(" frozen by ACL\n");
            }
            service.spool().appendMessageLog(stored.id(), text.substring(0, text.length() - 1));
        } catch (IOException e) {
            logEvent(new LogEvent.Panic(stored.id().toString(), "Couldn't open message log "
                    + service.spool().messageLog(stored.id()) + ": " + e.getMessage()));
        }
        if (controls.freeze) {
            logEvent(new LogEvent.Line(stored.id().toString(), EnumSet.of(LogFile.MAIN), "frozen by ACL", null));
        }
    }

    // ---------------------------------------------------------------- other commands

    private void quit() {
        incompleteTransactionLog("QUIT");
        AclResult r = acl(AclWhere.QUIT, null);
        if (r != null && r.verdict() == AclVerdict.ERROR) {
            logEvent(new LogEvent.Panic(null, "ACL for QUIT returned ERROR: " + r.logMessage()));
        }
        if (r != null && r.userMessage() != null) {
            respond("221", 3, true, SmtpAddresses.bytes(r.userMessage()));
        } else {
            respondLine("221 " + activeHostname + " closing connection");
        }
        logEvent(LogEvent.Connection.closedByQuit(peer(), kind == SessionKind.REMOTE ? null : ident));
        closing = true;
    }

    private void help() {
        StringBuilder b = new StringBuilder(" AUTH");
        if (tlsAvailable()) {
            b.append(" STARTTLS");
        }
        b.append(" HELO EHLO MAIL RCPT DATA BDAT NOOP QUIT RSET HELP");
        if (config.get(MainOptions.ACL_SMTP_ETRN) != null) {
            b.append(" ETRN");
        }
        if (config.get(MainOptions.ACL_SMTP_EXPN) != null) {
            b.append(" EXPN");
        }
        if (config.get(MainOptions.ACL_SMTP_VRFY) != null) {
            b.append(" VRFY");
        }
        respondLine("214-Commands supported:");
        respondLine("214" + b);
    }

    private void vrfy() {
        SmtpAddresses.Parsed parsed = parseAddress(commandData, false);
        if (!parsed.ok()) {
            respondLine("501 " + parsed.error());
            return;
        }
        String address = parsed.address();
        if (parsed.domainStart() == 0) {
            if (allowUnqualifiedRecipient || address.equalsIgnoreCase("postmaster")) {
                address = address + "@" + qualifyDomain(true);
            } else {
                respondLine("501 " + commandData + ": recipient address must contain a domain");
                if (log("smtp_syntax_error")) {
                    logReject("unqualified verify rejected: <" + text(address) + "> " + fullHost(true));
                }
                return;
            }
        }
        AclResult r = acl(AclWhere.VRFY, address);
        if (r == null) {
            r = AclResult.of(AclVerdict.DENY);
        }
        if (r.verdict() != AclVerdict.ACCEPT) {
            handleAclFail(AclWhere.VRFY, r);
            return;
        }
        respondLine(verifyReply(address));
    }

    /**
     * smtp_in.c's VRFY answer: the address verified as a recipient (verify_address with
     * vopt_is_recipient), 250 when it routes, else 550 or 451 with the routing's user message.
     */
    private String verifyReply(String address) {
        if (service.routing().isEmpty()) {
            return "451 Cannot resolve <" + address + "> at this time";
        }
        VerifyDecision d = VerifyDecision.of(route(address, Purpose.VERIFY_RECIPIENT), false);
        return switch (d.status()) {
            case OK -> "250 <" + address + "> is deliverable";
            case DEFER -> d.userMessage() != null ? "451 <" + address + "> " + d.userMessage()
                    : "451 Cannot resolve <" + address + "> at this time";
            case FAIL -> {
                logMain("VRFY failed for " + text(commandData) + " " + fullHost(true));
                yield d.userMessage() != null ? "550 <" + address + "> " + d.userMessage()
                        : "550 <" + address + "> is not deliverable";
            }
        };
    }

    /** Routes one address (qualified if it has no domain) with the session's variables and sender. */
    private RoutingOutcome route(String address, Purpose purpose) {
        int at = address.lastIndexOf('@');
        Address a = at < 0 ? Address.of(address, qualifyDomain(true))
                : Address.of(address.substring(0, at), address.substring(at + 1));
        return service.routing().orElseThrow().route(a,
                new RoutingRequest(purpose, sender == null ? "" : sender, context()));
    }

    /**
     * EXPN as verify_address does it in its EXPN mode: the command's text is routed by the
     * routers with {@code expn} set, one level only; a redirection's new addresses are listed,
     * else the address itself; a failure or deferral is a 553 without details.
     */
    private void expnReply() {
        String address = commandData;
        if (address.indexOf('@') < 0) {
            address = address + "@" + qualifyDomain(true);
        }
        if (service.routing().isEmpty()) {
            respondLine("553 " + address + " cannot be resolved at this time");
            return;
        }
        RoutingOutcome o = route(address, Purpose.EXPN);
        if (o instanceof RoutingOutcome.Failed) {
            respondLine("553 " + address + " is undeliverable");
        } else if (o instanceof RoutingOutcome.Deferred) {
            respondLine("553 " + address + " cannot be resolved at this time");
        } else if (o instanceof RoutingOutcome.Discarded) {
            respondLine("250 mail to <" + address + "> is discarded");
        } else if (o instanceof RoutingOutcome.Rerouted r && !r.children().isEmpty()) {
            List<RoutingOutcome> children = r.children();
            for (int i = 0; i < children.size(); i++) {
                respondLine((i == children.size() - 1 ? "250 <" : "250-<") + children.get(i).address().text() + ">");
            }
        } else if (o instanceof RoutingOutcome.Rerouted) {
            respondLine("250 mail to <" + address + "> is discarded");
        } else {
            respondLine("250 <" + address + ">");
        }
    }

    private void expn() {
        AclResult r = acl(AclWhere.EXPN, null);
        if (r == null) {
            r = AclResult.of(AclVerdict.DENY);
        }
        if (r.verdict() != AclVerdict.ACCEPT) {
            handleAclFail(AclWhere.EXPN, r);
            return;
        }
        expnReply();
    }

    private void etrn() {
        if (sender != null) {
            synprotError(false, 503, null, "ETRN is not permitted inside a transaction");
            return;
        }
        if (log("etrn")) {
            logMain("ETRN " + printing(commandData) + " received from " + fullHost(false));
        }
        AclResult r = acl(AclWhere.ETRN, null);
        if (r == null) {
            r = AclResult.of(AclVerdict.DENY);
        }
        if (r.verdict() != AclVerdict.ACCEPT) {
            handleAclFail(AclWhere.ETRN, r);
            return;
        }
        String argument = commandData;
        String command = config.get(MainOptions.SMTP_ETRN_COMMAND);
        List<String> argv = null;
        if (command != null) {
            argv = etrnCommand(command);
            if (argv == null) {
                respondLine("458 Internal failure");
                return;
            }
        } else {
            if (!argument.startsWith("#")) {
                synprotError(false, 501, null, "argument must begin with #");
                return;
            }
            argument = argument.substring(1);
        }
        if (kind == SessionKind.HOST_CHECK) {
            etrnOk(r);
            return;
        }
        // smtp_etrn_serialize: one run at a time for each argument (the misc hints).
        String key = Serialisation.etrnKey(commandData);
        Serialisation serialisation = config.get(MainOptions.SMTP_ETRN_SERIALIZE)
                ? service.hints().map(Serialisation::new).orElse(null) : null;
        if (serialisation != null && !serialisation.start(key, 1, clock.instant())) {
            respondLine("458 Already processing " + argument);
            return;
        }
        Runnable finished = serialisation == null ? () -> { } : () -> serialisation.end(key);
        boolean started;
        if (argv != null) {
            started = runEtrnCommand(argv, finished);
        } else {
            started = service.queueRuns().start(argument, finished);
        }
        if (!started) {
            finished.run();
            respondLine("458 Unable to fork process");
            return;
        }
        etrnOk(r);
    }

    private void etrnOk(AclResult r) {
        if (r.userMessage() == null) {
            respondLine("250 OK");
        } else {
            userMessage("250", r.userMessage());
        }
    }

    /** smtp_etrn_command split into arguments, each expanded with $domain set to the ETRN argument; null on failure. */
    private List<String> etrnCommand(String command) {
        List<String> argv = new ArrayList<>();
        ExpansionContext c = context().with(Map.of("domain", text(commandData)));
        try {
            for (String arg : command.trim().split("\\s+")) {
                argv.add(engine.compile(arg).expand(c));
            }
        } catch (ExpansionException e) {
            logEvent(new LogEvent.Panic(null, "failed to set up ETRN command: " + e.getMessage()));
            return null;
        }
        return argv;
    }

    /** Runs smtp_etrn_command without waiting for it (its status is not checked, as in Exim). */
    private boolean runEtrnCommand(List<String> argv, Runnable finished) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.onExit().thenRun(finished);
            return true;
        } catch (IOException e) {
            logEvent(new LogEvent.Panic(null, "fork of process for ETRN failed: " + e.getMessage()));
            return false;
        }
    }

    private void auth() throws IOException {
        free.remove(SmtpCommand.AUTH);
        if (!authAdvertised && !controls.allowAuthUnadvertised) {
            synprotError(false, 503, null, "AUTH command used when not advertised");
            return;
        }
        if (authenticator != null) {
            synprotError(false, 503, null, "already authenticated");
            return;
        }
        if (sender != null) {
            synprotError(false, 503, null, "not permitted in mail transaction");
            return;
        }
        AclResult r = acl(AclWhere.AUTH, null);
        if (r != null && r.verdict() != AclVerdict.ACCEPT) {
            handleAclFail(AclWhere.AUTH, r);
            return;
        }
        String data = commandData;
        int sp = 0;
        while (sp < data.length() && !Character.isWhitespace(data.charAt(sp))) {
            char ch = data.charAt(sp);
            if (!(ch < 128 && Character.isLetterOrDigit(ch)) && ch != '-' && ch != '_') {
                synprotError(true, 501, null, "invalid character in authentication mechanism name");
                return;
            }
            sp++;
        }
        String mechanism = data.substring(0, sp);
        String initial = data.substring(sp).strip();
        List<String> advertised = service.auth().mechanisms(context());
        boolean known = advertised.stream().anyMatch(m -> m.equalsIgnoreCase(mechanism));
        if (!known) {
            synprotError(false, 504, null, mechanism + " authentication mechanism not supported");
            return;
        }
        AuthOutcome outcome = service.auth().authenticate(mechanism, initial.isEmpty() ? null : initial,
                challenge -> {
                    respondLine("334 " + challenge);
                    out.flush();
                    String answer = in.readLine();
                    if (answer == null) {
                        throw new IOException("connection lost during AUTH");
                    }
                    return answer;
                }, context());
        respondLine(outcome.reply());
        if (outcome.authenticated()) {
            authenticator = outcome.authenticator();
            authenticatedId = outcome.authenticatedId();
            authVariables = outcome.variables();
        } else if (outcome.logMessage() != null) {
            logReject((outcome.authenticator() == null ? mechanism : outcome.authenticator())
                    + " authenticator failed for " + fullHost(false) + ": " + outcome.logMessage());
        }
    }

    private boolean tlsAvailable() {
        return tls == null && service.tls().isPresent() && socket != null
                && !hostNotIn(MainOptions.TLS_ADVERTISE_HOSTS, "tls_advertise_hosts");
    }

    private void starttls() throws IOException {
        if (!tlsAdvertised) {
            synprotError(false, 503, null, "STARTTLS command used when not advertised");
            return;
        }
        if (sender != null) {
            // Exim resets a transaction before STARTTLS.
            resetTransaction();
        }
        AclResult r = acl(AclWhere.STARTTLS, null);
        if (r != null && r.verdict() != AclVerdict.ACCEPT) {
            handleAclFail(AclWhere.STARTTLS, r);
            return;
        }
        if (in.buffered().length() > 0) {
            // Input pipelined after STARTTLS would be read in clear: a synchronisation error.
            syncFailure();
            return;
        }
        respondLine("220 TLS go ahead");
        out.flush();
        startTls(false);
    }

    /** The handshake; on success the session starts again as after the banner (RFC 3207). */
    private boolean startTls(boolean onConnect) {
        boolean require = hostIn(MainOptions.TLS_VERIFY_HOSTS, "tls_verify_hosts");
        boolean request = hostIn(MainOptions.TLS_TRY_VERIFY_HOSTS, "tls_try_verify_hosts");
        try {
            tls = service.tls().orElseThrow().accept(socket, require, request);
        } catch (IOException e) {
            logMain("TLS error on connection from " + fullHost(false) + " (" + e.getMessage() + ")");
            closing = true;
            return false;
        }
        in.replace(tls.in());
        out.replace(tls.out());
        helo = null;
        heloSeen = false;
        esmtp = false;
        authAdvertised = pipeliningAdvertised = dsnAdvertised = utf8Advertised = chunkingOffered = false;
        resetTransaction();
        free.add(SmtpCommand.HELO);
        free.add(SmtpCommand.EHLO);
        free.add(SmtpCommand.AUTH);
        return true;
    }

    // ---------------------------------------------------------------- -bS

    /** smtp_setup_batch_msg and the reception loop for -bS: no replies, the first error ends everything. */
    private void runBatch() throws IOException {
        activeHostname = primaryHostname();
        sizeLimit = messageSizeLimit();
        allowUnqualifiedSender = true;
        allowUnqualifiedRecipient = true;
        esmtp = false;
        while (true) {
            String line = in.readLine();
            if (line == null) {
                return;
            }
            commandLine = line;
            if (in.hadNul()) {
                batchError(line, "501 Unexpected NULL in SMTP command");
            }
            SmtpCommand c = SmtpCommand.match(line);
            if (c == null) {
                batchError(line, "500 Command unrecognized");
                return;
            }
            commandData = c.argument(line);
            if (!c.hasArgument && !commandData.isEmpty()) {
                batchError(line, "501 Unexpected argument data");
            }
            switch (c) {
                case HELO, EHLO, RSET -> {
                    if (c != SmtpCommand.RSET) {
                        helo = checkHelo(commandData);
                    }
                    resetTransaction();
                    transactionLine = in.lineCount();
                }
                case MAIL -> {
                    if (sender != null) {
                        batchError(line, "503 Sender already given");
                    }
                    if (commandData.isEmpty()) {
                        batchError(line, "501 MAIL FROM must have an address operand");
                    }
                    resetTransaction();
                    SmtpAddresses.Parsed p = parseAddress(smtpRewrite(commandData), true);
                    if (!p.ok()) {
                        batchError(line, "501 " + p.error());
                    }
                    String address = p.address();
                    if (p.domainStart() == 0 && !address.isEmpty() && address.charAt(0) != '@') {
                        address = address + "@" + qualifyDomain(false);
                    }
                    sender = localSender(address);
                }
                case RCPT -> {
                    if (sender == null) {
                        batchError(line, "503 No sender yet given");
                    }
                    if (commandData.isEmpty()) {
                        batchError(line, "501 RCPT TO must have an address operand");
                    }
                    int max = config.get(MainOptions.RECIPIENTS_MAX);
                    if (max > 0 && recipients.size() + 1 > max) {
                        batchError(line, (config.get(MainOptions.RECIPIENTS_MAX_REJECT) ? "552" : "452")
                                + " too many recipients");
                    }
                    SmtpAddresses.Parsed p = parseAddress(smtpRewrite(commandData), false);
                    if (!p.ok()) {
                        batchError(line, "501 " + p.error());
                    }
                    String address = p.address();
                    if (p.domainStart() == 0) {
                        address = address + "@" + qualifyDomain(true);
                    }
                    recipients.add(Recipient.of(address));
                    rawRecipients.add(address);
                }
                case DATA -> {
                    if (sender == null) {
                        batchError(line, "503 MAIL FROM:<sender> command must precede DATA");
                    }
                    if (recipients.isEmpty()) {
                        batchError(line, "503 RCPT TO:<recipient> must precede DATA");
                    }
                    receive(in.dotData());
                    if (closing) {
                        return;
                    }
                    transactionLine = in.lineCount();
                }
                case VRFY, EXPN, HELP, NOOP, ETRN -> transactionLine = in.lineCount();
                case QUIT -> {
                    return;
                }
                default -> batchError(line, "500 Command unrecognized");
            }
        }
    }

    /** Thrown to end a -bS batch after its error was reported. */
    private static final class BatchError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BatchError() {
            super(null, null, false, false);
        }
    }

    /** moan_smtp_batch: the stylised report on standard output, the long one on standard error. */
    private void batchError(String command, String message) {
        int accepted = messagesAccepted;
        StringBuilder o = new StringBuilder(message).append('\n')
                .append("Transaction started in line ").append(transactionLine).append('\n')
                .append("Error detected in line ").append(in.lineCount()).append('\n');
        if (command != null) {
            o.append(command).append('\n');
        }
        batchReport.print(o);
        batchReport.flush();
        StringBuilder e = new StringBuilder("An error was detected while processing a file of BSMTP input.\n")
                .append("The error message was:\n\n  ").append(message).append("\n\n")
                .append("The SMTP transaction started in line ").append(transactionLine).append(".\n")
                .append("The error was detected in line ").append(in.lineCount()).append(".\n");
        if (command != null) {
            e.append("The SMTP command at fault was:\n\n   ").append(command).append("\n\n");
        }
        e.append(accepted).append(" previous message").append(accepted == 1 ? " was" : "s were")
                .append(" successfully processed.\n")
                .append("The rest of the batch was abandoned.\n");
        batchErrors.print(e);
        batchErrors.flush();
        throw new BatchError();
    }

    // ---------------------------------------------------------------- endings

    private void lostConnection() {
        incompleteTransactionLog("connection lost");
        notQuitExit("connection-lost", "421", activeHostname + " lost input connection");
        if (sender != null || !recipients.isEmpty()) {
            logEvent(new LogEvent.Line(null, EnumSet.of(LogFile.MAIN), "unexpected "
                    + (hostAddress == null ? "EOF" : "disconnection") + " while reading SMTP command from "
                    + fullHost(false) + readError() + " D=" + elapsed(), Selector.LOST_INCOMING_CONNECTION));
        } else {
            logEvent(new LogEvent.Line(null, EnumSet.of(LogFile.MAIN), "SMTP connection from " + connectionInfo()
                    + " lost" + readError() + " D=" + elapsed(), Selector.SMTP_CONNECTION));
        }
        closing = true;
    }

    /** smtp_read_error: " (error: ...)" after a failed read, else "". */
    private String readError() {
        IOException e = in.readError();
        return e == null ? "" : " (error: " + e.getMessage() + ")";
    }

    private void commandTimeout() {
        logEvent(new LogEvent.Line(null, EnumSet.of(LogFile.MAIN), "SMTP command timeout on"
                + (tls != null ? " TLS" : "") + " connection from " + fullHost(false), Selector.LOST_INCOMING_CONNECTION));
        notQuitExit("command-timeout", "421", activeHostname() + ": SMTP command timeout - closing connection");
        closing = true;
    }

    /** smtp_notquit_exit: the NOTQUIT ACL, then the final reply (none after a drop). */
    private void notQuitExit(String reason, String code, String defaultText) {
        connectionVariables.put("smtp_notquit_reason", reason);
        AclResult r = acl(AclWhere.NOTQUIT, null);
        connectionVariables.remove("smtp_notquit_reason");
        if (r != null && r.verdict() == AclVerdict.ERROR) {
            logEvent(new LogEvent.Panic(null, "ACL for not-QUIT returned ERROR: " + r.logMessage()));
        }
        if (code == null) {
            return;
        }
        if (r != null && r.userMessage() != null) {
            respond(code, 3, true, SmtpAddresses.bytes(r.userMessage()));
        } else {
            respondLine(code + " " + defaultText);
        }
    }

    private void incompleteTransactionLog(String what) {
        if (sender == null || !log("smtp_incomplete_transaction")) {
            return;
        }
        StringBuilder b = new StringBuilder("H=").append(fullHost(false)).append(" F=<").append(text(sender))
                .append(">");
        if (!rawRecipients.isEmpty()) {
            b.append(" for");
            rawRecipients.forEach(r -> b.append(' ').append(text(r)));
        }
        logEvent(new LogEvent.Line(null, EnumSet.of(LogFile.MAIN), b + ": incomplete transaction (" + what + ")",
                null));
    }

    // ---------------------------------------------------------------- ACLs

    private final AclSubject subject = new AclSubject() {
        @Override
        public ExpansionContext context() {
            return SmtpSession.this.context();
        }

        @Override
        public String sender() {
            return sender == null ? null : text(sender);
        }

        @Override
        public String recipient() {
            return currentRecipient == null ? null : text(currentRecipient);
        }

        @Override
        public void setVariable(String name, String value) {
            if (name.startsWith("acl_c")) {
                connectionVariables.put(name, value);
            } else {
                messageVariables.put(name, value);
            }
        }

        @Override
        public AclControls controls() {
            return controls;
        }

        @Override
        public void flushOutput() {
            out.flush();
        }

        @Override
        public boolean isSmtp() {
            return true;
        }

        @Override
        public MimePart mimePart() {
            return mimePart;
        }
    };

    /** Runs an ACL; null when its option is unset (the caller applies the point's default). */
    private AclResult acl(AclWhere where, String recipient) {
        if (kind == SessionKind.BATCHED) {
            return null;
        }
        currentRecipient = recipient;
        try {
            AclResult r = service.acl().run(where, subject);
            if (r != null && MESSAGE_ACLS.contains(where)) {
                // add_header / remove_header of any ACL of the transaction act on the message at DATA.
                headersToAdd.addAll(r.headersToAdd());
                headersToRemove.addAll(r.headersToRemove());
            }
            if (trace != null) {
                trace.println(r == null ? ">>> " + where.option() + " not set" : ">>> end of " + where.logName()
                        + " ACL: " + r.verdict());
            }
            return r;
        } finally {
            currentRecipient = null;
        }
    }

    /**
     * smtp_handle_acl_fail: the reply (the ACL's message, or the point's default text and code),
     * the log line in the main and reject logs; after a drop, the connection is closed.
     */
    private void handleAclFail(AclWhere where, AclResult r) {
        boolean drop = r.verdict() == AclVerdict.DROP;
        boolean fail = r.verdict() == AclVerdict.DENY || drop;
        String code = fail ? defaultCode(where) : "451";
        String user = r.userMessage() == null ? null : SmtpAddresses.bytes(r.userMessage());
        // acl.c: without a log_message, the log shows the user message.
        String logMsg = r.logMessage() != null ? r.logMessage() : r.userMessage();
        if (user != null) {
            String[] cm = messageCode(code, user, where != AclWhere.VRFY);
            code = cm[0];
            user = cm[1];
        }
        String what = switch (where) {
            case PREDATA -> "DATA";
            case DATA -> "after DATA";
            case MIME -> "during MIME ACL checks";
            default -> {
                String place = commandData != null ? commandData : "in \"connect\" ACL";
                if (where == AclWhere.AUTH) {
                    int sp = place.indexOf(' ');
                    place = sp < 0 ? place : place.substring(0, sp);
                } else if (place.length() > 100) {
                    place = place.substring(0, 100);
                }
                yield whereName(where) + " " + text(place);
            }
        };
        int codeLength = code.length();
        senderVerifyFailure(r.senderVerifyFailure(), fail, code, codeLength);
        if (fail) {
            respond(code, codeLength, true, user != null ? user : "Administrative prohibition");
        } else if (user != null && r.verdict() == AclVerdict.DEFER && r.temporaryDetails()) {
            // smtp_in.c: a temporary error's text only when acl_temp_details allows it.
            respond(code, codeLength, true, user);
        } else {
            respond(code, codeLength, true, "Temporary local problem - please try later");
        }
        if (logMsg != null) {
            int nl = logMsg.indexOf('\n');
            if (nl >= 0) {
                logMsg = logMsg.substring(0, nl);
            }
        }
        String senderInfo = SENDER_INFO.contains(where) && sender != null ? text(sender) : null;
        String prefix = "";
        if (senderInfo != null && authenticator != null) {
            prefix = "A=" + authenticator + (authenticatedId != null ? ":" + authenticatedId : "") + " ";
        }
        LogEvent.RejectedContent content = null;
        boolean afterData = (where == AclWhere.DATA || where == AclWhere.MIME) && reception != null;
        if (afterData) {
            List<LogEvent.LoggedHeader> shown = new ArrayList<>();
            for (String[] h : reception.loggedHeaders()) {
                shown.add(new LogEvent.LoggedHeader(h[0].charAt(0), h[1]));
            }
            content = new LogEvent.RejectedContent(text(sender),
                    rawRecipients.stream().map(SmtpAddresses::text).toList(), shown);
        }
        logEvent(new LogEvent.Rejected(afterData ? reception.id().toString() : null,
                hostAddress == null ? null : peer(), ident, senderInfo,
                prefix + (fail ? "" : "temporarily ") + "rejected " + what, logMsg,
                where == AclWhere.CONNECT ? Selector.CONNECTION_REJECT : null, content));
        if (drop) {
            logEvent(new LogEvent.Line(null, EnumSet.of(LogFile.MAIN), "SMTP connection from " + connectionInfo()
                    + " closed by DROP in ACL", Selector.SMTP_CONNECTION));
            notQuitExit("acl-drop", null, null);
            closing = true;
        }
        if (where == AclWhere.CONNECT) {
            closing = true;
        }
    }

    /**
     * A failed sender verification, once per address and message (Exim's af_sverify_told): the
     * "sender verify fail for" line (for a failure only with the sender_verify_fail selector),
     * and before a refusal its details as the first lines of the reply.
     */
    private void senderVerifyFailure(AclResult.SenderVerifyFailure failure, boolean fail, String code,
            int codeLength) {
        if (failure == null || !senderVerifyTold.add(failure.address())) {
            return;
        }
        boolean inRcpt = rcptInProgress;
        // These lines are not the RCPT's own reply (the one DATA may repeat).
        rcptInProgress = false;
        if (!fail || failure.deferred() || log("sender_verify_fail")) {
            logReject(fullHost(true) + " " + text(failure.logText()));
        }
        String details = failure.clientDetails();
        if (fail && details != null) {
            respond(code, codeLength, false, SmtpAddresses.bytes(details));
        }
        rcptInProgress = inRcpt;
    }

    private static String whereName(AclWhere where) {
        return switch (where) {
            case CONNECT -> "connection";
            case HELO -> "EHLO or HELO";
            default -> where.logName();
        };
    }

    private static String defaultCode(AclWhere where) {
        return switch (where) {
            case AUTH -> "503";
            case ETRN -> "458";
            case VRFY -> "252";
            default -> "550";
        };
    }

    /**
     * smtp_message_code: a message that starts with a code (and an enhanced status) changes the
     * reply's code when its first digit agrees with the default's. Returns {code, rest}.
     */
    private String[] messageCode(String code, String msg, boolean checkValid) {
        Matcher m = SMTP_CODE.matcher(msg);
        if (!m.find()) {
            return new String[] {code, msg};
        }
        String match = m.group();
        if (checkValid && msg.charAt(0) != code.charAt(0)) {
            logEvent(new LogEvent.Panic(null, "configured error code starts with incorrect digit (expected "
                    + code.charAt(0) + ") in \"" + text(msg) + "\""));
            return new String[] {code, msg.substring(match.length())};
        }
        String c = match.endsWith(" ") ? match.substring(0, match.length() - 1) : match;
        return new String[] {c, msg.substring(match.length())};
    }

    /** smtp_user_msg: an ACL's message as the reply, with its own code if it has one. */
    private void userMessage(String code, String msg) {
        String[] cm = messageCode(code, SmtpAddresses.bytes(msg), true);
        respond(cm[0], cm[0].length(), true, cm[1]);
    }

    // ---------------------------------------------------------------- replies

    /** One reply line (code and text). */
    private void respondLine(String line) {
        noteRcptResponse(line);
        out.line(line);
    }

    /**
     * smtp_respond: a message with newlines becomes a multi-line reply; {@code code} may carry an
     * enhanced status code after the three digits.
     */
    private void respond(String code, int codeLength, boolean fin, String msg) {
        if (!fin && controls.noMultilineResponses) {
            return;
        }
        String digits = code.substring(0, 3);
        String esc = codeLength > 4 ? code.substring(4) + " " : "";
        noteRcptResponse(msg);
        String rest = msg;
        while (true) {
            int nl = rest.indexOf('\n');
            if (nl < 0) {
                out.line(digits + (fin ? " " : "-") + esc + rest);
                return;
            }
            if (nl == rest.length() - 1 || controls.noMultilineResponses) {
                out.line(digits + (fin ? " " : "-") + esc + rest.substring(0, nl));
                return;
            }
            out.line(digits + "-" + esc + rest.substring(0, nl));
            rest = rest.substring(nl + 1).stripLeading();
        }
    }

    /** The first reply to each RCPT is remembered, to repeat at DATA when all were the same refusal. */
    private void noteRcptResponse(String text) {
        if (!rcptInProgress) {
            return;
        }
        if (rcptResponse == null) {
            rcptResponse = text;
        } else if (rcptResponseSame && !rcptResponse.equals(text)) {
            rcptResponseSame = false;
        }
        rcptInProgress = false;
    }

    // ---------------------------------------------------------------- state

    private void resetTransaction() {
        sender = null;
        authenticatedSender = null;
        recipients.clear();
        rawRecipients.clear();
        messageVariables.clear();
        headersToAdd.clear();
        senderVerifyTold.clear();
        headersToRemove.clear();
        declaredSize = -1;
        bodyType = 0;
        dsnRet = 0;
        dsnEnvid = null;
        smtputf8 = false;
        recipientsDiscarded = false;
        discarded = false;
        tooMany = false;
        rcptCount = 0;
        rcptResponse = null;
        rcptResponseSame = true;
        bdat = BdatState.NONE;
        reception = null;
        unspoolMbox();
    }

    /** Exim's unspool_mbox: the MIME ACL's scan directory removed, unless control = no_mbox_unspool. */
    private void unspoolMbox() {
        if (mimeScan != null) {
            if (!controls.noMboxUnspool) {
                try {
                    mimeScan.close();
                } catch (IOException e) {
                    logEvent(new LogEvent.Panic(null, "unspool_mbox: " + e.getMessage()));
                }
            }
            mimeScan = null;
        }
    }

    /** At the start of each message: one RSET, HELO/EHLO and STARTTLS are not counted as non-mail commands. */
    private void resetFreeCommands() {
        free.add(SmtpCommand.RSET);
        free.add(SmtpCommand.HELO);
        free.add(SmtpCommand.EHLO);
        free.add(SmtpCommand.STARTTLS);
    }

    private boolean dryRun() {
        return kind == SessionKind.HOST_CHECK;
    }

    /** received_protocol: (local-)smtp, esmtp, with s for TLS and a for AUTH; local-bsmtp for -bS. */
    private String protocol() {
        if (kind == SessionKind.BATCHED) {
            return "local-bsmtp";
        }
        String p = esmtp ? "esmtp" + (tls != null ? "s" : "") + (authenticator != null ? "a" : "")
                : "smtp" + (tls != null ? "s" : "");
        if (smtputf8) {
            p = "utf8" + p;
        }
        return (hostAddress == null ? "local-" : "") + p;
    }

    private SmtpReception.Origin origin() {
        SmtpService.Originator o = service.originator();
        String login = caller != null ? caller.login() : o.login();
        long uid = caller != null ? caller.uid() : o.uid();
        long gid = caller != null ? caller.gid() : o.gid();
        String ifAddress = conn.local() == null || conn.local().getAddress() == null ? null
                : conn.local().getAddress().getHostAddress();
        int ifPort = conn.local() == null ? 0 : conn.local().getPort();
        return new SmtpReception.Origin(hostAddress, hostPort, hostName, helo, ident, ifAddress, ifPort, protocol(),
                hostAddress == null, login, uid, gid, authenticator, authenticatedId, authenticatedSender,
                tls == null ? null : tls.cipher(), tls == null ? null : tls.peerDn(),
                tls != null && tls.peerVerified(), tls == null ? null : tls.sni(),
                tls == null ? null : tls.protocol());
    }

    private SmtpReception.Envelope envelope() {
        return new SmtpReception.Envelope(sender, recipients, dsnEnvid, dsnRet, smtputf8, controls.submission,
                controls.submissionDomain, controls.submissionName, controls.suppressLocalFixups, messageVariables);
    }

    /** What an ACL or expansion sees of the session now. */
    private ExpansionContext context() {
        Map<String, String> v = new HashMap<>();
        v.put("smtp_active_hostname", activeHostname());
        v.put("received_protocol", protocol());
        if (hostAddress != null) {
            v.put("sender_host_address", hostAddress);
            v.put("sender_host_port", Integer.toString(hostPort));
            v.put("sender_fullhost", fullHost(false));
            v.put("sender_rcvhost", rcvHost());
        }
        v.put("sender_host_name", hostName);
        v.put("sender_helo_name", helo == null ? null : text(helo));
        v.put("sender_ident", ident);
        if (conn.local() != null && conn.local().getAddress() != null) {
            v.put("interface_address", conn.local().getAddress().getHostAddress());
            v.put("interface_port", Integer.toString(conn.local().getPort()));
            v.put("received_ip_address", conn.local().getAddress().getHostAddress());
            v.put("received_port", Integer.toString(conn.local().getPort()));
        }
        if (authenticator != null) {
            v.put("sender_host_authenticated", authenticator);
            v.put("authenticated_id", authenticatedId);
            v.putAll(authVariables);
        }
        v.put("authenticated_sender", authenticatedSender == null ? null : text(authenticatedSender));
        if (tls != null) {
            v.put("tls_in_cipher", tls.cipher());
            String[] parts = tls.cipher() == null ? new String[0] : tls.cipher().split(":");
            v.put("tls_in_cipher_std", parts.length >= 2 ? parts[1] : tls.cipher());
            v.put("tls_in_ver", tls.protocol());
            v.put("tls_in_bits", Integer.toString(tls.bits()));
            v.put("tls_in_peerdn", tls.peerDn());
            v.put("tls_in_certificate_verified", tls.peerVerified() ? "1" : "0");
            v.put("tls_in_sni", tls.sni());
        }
        if (sender != null) {
            v.put("sender_address", text(sender));
            int at = sender.lastIndexOf('@');
            v.put("sender_address_local_part", text(at < 0 ? sender : sender.substring(0, at)));
            v.put("sender_address_domain", at < 0 ? "" : text(sender.substring(at + 1)));
        }
        v.put("recipients_count", Integer.toString(recipients.size()));
        v.put("rcpt_count", Integer.toString(rcptCount));
        v.put("message_size", Long.toString(reception != null ? reception.messageSize() : declaredSize));
        if (!recipients.isEmpty()) {
            StringBuilder rs = new StringBuilder();
            for (Recipient r : recipients) {
                rs.append(rs.length() == 0 ? "" : ", ").append(text(r.address()));
            }
            v.put("recipients", rs.toString());
        }
        if (currentRecipient != null) {
            int at = currentRecipient.lastIndexOf('@');
            v.put("local_part", text(currentRecipient.substring(0, at)));
            v.put("domain", text(currentRecipient.substring(at + 1)));
        }
        v.put("smtp_command", text(commandLine));
        v.put("smtp_command_argument", commandData == null ? null : text(commandData));
        if (reception != null) {
            v.put("message_exim_id", reception.id().toString());
            v.put("message_id", reception.id().toString());
            v.put("body_linecount", Long.toString(reception.bodyLinecount()));
        }
        if (mimePart != null) {
            mimePart.variables().forEach((name, value) -> v.put(name, text(value)));
        } else if (mimeScan != null) {
            v.put("mime_part_count", Integer.toString(mimeScan.partCount()));
        }
        v.putAll(connectionVariables);
        v.putAll(messageVariables);
        ExpansionContext c = ExpansionContext.empty().with(v);
        return reception != null ? c.withHeaders(reception.visibleHeaders()) : c;
    }

    /** sender_rcvhost, as host_build_sender_fullhost makes it for the Received: header. */
    private String rcvHost() {
        String address = "[" + hostAddress + "]";
        boolean showHelo = helo != null && !heloIsAddress();
        if (hostName == null) {
            StringBuilder b = new StringBuilder(address);
            if (ident != null || showHelo) {
                b.append(" (");
                int first = b.length();
                if (showHelo) {
                    b.append("helo=").append(text(helo));
                }
                if (ident != null) {
                    b.append(b.length() == first ? "ident=" : " ident=").append(ident);
                }
                b.append(')');
            }
            return b.toString();
        }
        if (showHelo && hostName.equalsIgnoreCase(helo)) {
            showHelo = false;
        }
        if (showHelo) {
            return ident != null ? hostName + "\n\t(" + address + " helo=" + text(helo) + " ident=" + ident + ")"
                    : hostName + " (" + address + " helo=" + text(helo) + ")";
        }
        return ident != null ? hostName + " (" + address + " ident=" + ident + ")" : hostName + " (" + address + ")";
    }

    private boolean heloIsAddress() {
        if (helo.length() < 2 || helo.charAt(0) != '[' || !helo.endsWith("]")) {
            return false;
        }
        String ip = helo.substring(1, helo.length() - 1).replaceFirst("(?i)^ipv[46]:", "");
        var a = org.osprey.mta.kernel.model.IpAddress.parse(ip);
        return a.isPresent() && a.equals(org.osprey.mta.kernel.model.IpAddress.parse(hostAddress));
    }

    private Peer peer() {
        if (hostAddress == null) {
            return null;
        }
        Peer p = new Peer(hostName, helo == null ? null : text(helo), hostAddress, hostPort, null, 0);
        if (conn.local() != null && conn.local().getAddress() != null) {
            p = p.withInterface(conn.local().getAddress().getHostAddress(), conn.local().getPort());
        }
        return p;
    }

    private Tls tlsLog() {
        return tls == null ? null : new Tls(tls.cipher(), false, tls.peerVerified() ? "yes" : "no", tls.peerDn(),
                tls.sni());
    }

    /** host_and_ident: "H=host [ip] U=ident" (with useFlag) or "host [ip] (ident)"-ish for -bs: the login. */
    private String fullHost(boolean useFlag) {
        Peer p = peer();
        var sel = service.log().selector();
        if (p == null) {
            return useFlag ? "U=" + ident : ident;
        }
        String host = p.fullHost(sel);
        String s = useFlag ? "H=" + host : host;
        if (ident != null) {
            s += useFlag ? " U=" + ident : " (" + ident + ")";
        }
        return s;
    }

    /** smtp_get_connection_info: the host, or the -bs caller's login. */
    private String connectionInfo() {
        Peer p = peer();
        return p == null ? ident : p.fullHost(service.log().selector());
    }

    private String elapsed() {
        Duration d = Duration.between(started, clock.instant());
        return d.toSeconds() + "s";
    }

    private String activeHostname() {
        return activeHostname != null ? activeHostname : primaryHostname();
    }

    private String primaryHostname() {
        String p = config.get(MainOptions.PRIMARY_HOSTNAME);
        return p == null ? "localhost" : p;
    }

    private String qualifyDomain(boolean recipient) {
        String q = recipient ? config.get(MainOptions.QUALIFY_RECIPIENT) : null;
        if (q == null || q.isEmpty()) {
            q = config.get(MainOptions.QUALIFY_DOMAIN);
        }
        if (q == null || q.isEmpty()) {
            q = primaryHostname();
        }
        return SmtpAddresses.bytes(q);
    }

    /** The S flag: a MAIL or RCPT argument rewritten before it is parsed (never to {@code <>}, as in Exim). */
    private String smtpRewrite(String argument) {
        if (!service.rewriter().hasRulesFor(RewriteRule.SMTP)) {
            return argument;
        }
        return service.rewriter().rewriteSmtp(argument, false, context(), RewriteLog.to(service.log(), null));
    }

    private SmtpAddresses.Parsed parseAddress(String argument, boolean allowNull) {
        return SmtpAddresses.parse(argument, allowNull, config.get(MainOptions.ALLOW_DOMAIN_LITERALS),
                config.get(MainOptions.STRIP_TRAILING_DOT), config.get(MainOptions.ALLOW_UTF8_DOMAINS) || smtputf8);
    }

    private long messageSizeLimit() {
        String text = config.get(MainOptions.MESSAGE_SIZE_LIMIT);
        String expanded = expandOption(text == null ? "" : text, "message_size_limit");
        try {
            return MessageSizeLimit.parse(expanded == null ? "" : SmtpAddresses.bytes(expanded));
        } catch (IllegalArgumentException e) {
            logEvent(new LogEvent.Panic(null, e.getMessage()));
            return Integer.MAX_VALUE;
        }
    }

    /** receive_check_fs: check_spool_space (plus {@code extra} bytes) free on the spool's file system. */
    private boolean spoolSpaceOk(long extra) {
        long wantKb = config.get(MainOptions.CHECK_SPOOL_SPACE);
        if (wantKb <= 0 && extra <= 0) {
            return true;
        }
        try {
            java.nio.file.Path dir = service.spool().directory();
            while (dir != null && !java.nio.file.Files.exists(dir)) {
                dir = dir.getParent();
            }
            if (dir == null) {
                return true;
            }
            long free = java.nio.file.Files.getFileStore(dir).getUsableSpace();
            if (free / 1024 < wantKb + extra / 1024) {
                // The JDK does not tell the free inodes.
                logMain("spool directory space check failed: space=" + free / 1024 + " inodes=-1");
                return false;
            }
            return true;
        } catch (IOException e) {
            return true;
        }
    }

    private int rateThreshold(RateLimit r) {
        return r == null ? Integer.MAX_VALUE : r.threshold();
    }

    private boolean rateLimitedHost() {
        if (rateLimited == null) {
            rateLimited = hostAddress != null && hostIn(MainOptions.SMTP_RATELIMIT_HOSTS, "smtp_ratelimit_hosts");
        }
        return rateLimited;
    }

    /** Sleeps the current delay; returns the next one (times the factor, up to the limit). */
    private double delay(double ms, RateLimit r) {
        out.flush();
        try {
            Thread.sleep((long) ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Math.min(ms * r.factor(), r.limit());
    }

    /** smtp_accept_max_per_connection, expanded (expand_mailmax); 0 for no limit. */
    private int mailMax() {
        String v = expandOption(config.get(MainOptions.SMTP_ACCEPT_MAX_PER_CONNECTION),
                "smtp_accept_max_per_connection");
        try {
            return v == null ? 0 : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            logEvent(new LogEvent.Panic(null, "Expansion of \"" + v + "\" (smtp_accept_max_per_connection) is not "
                    + "an integer"));
            return 0;
        }
    }

    /** Whether the client is in a host list option (an unset option matches no host). */
    private boolean hostIn(org.osprey.mta.core.config.ConfigOption<String> option, String name) {
        String list = config.get(option);
        MatchResult m = matchHost(list);
        if (trace != null) {
            trace.println(">>> host in " + name + "? " + (list == null ? "no (option unset)"
                    : m == MatchResult.MATCH ? "yes" : "no"));
        }
        return m == MatchResult.MATCH;
    }

    /** verify_check_host(...) == FAIL: the client is not in the list (an unset list: not in it). */
    private boolean hostNotIn(org.osprey.mta.core.config.ConfigOption<String> option, String name) {
        String list = config.get(option);
        MatchResult m = matchHost(list);
        if (trace != null) {
            trace.println(">>> host in " + name + "? " + (list == null ? "no (option unset)"
                    : m == MatchResult.MATCH ? "yes" : "no"));
        }
        return list == null || m == MatchResult.NO_MATCH;
    }

    private MatchResult matchHost(String list) {
        if (list == null) {
            return MatchResult.NO_MATCH;
        }
        Host host = new Host(hostName != null ? hostName : hostAddress == null ? "" : "[" + hostAddress + "]",
                hostAddress == null ? "" : hostAddress, Host.DEFAULT_PORT, Host.NO_MX, HostStatus.UNKNOWN);
        try {
            return engine.listMatcher(context()).host(list, host);
        } catch (ExpansionException | RuntimeException e) {
            return MatchResult.DEFER;
        }
    }

    private String expandOption(String template, String option) {
        if (template == null) {
            return null;
        }
        try {
            return engine.compile(template).expand(context());
        } catch (ExpansionException e) {
            if (!e.isForcedFailure()) {
                logEvent(new LogEvent.Panic(null, "Expansion of \"" + template + "\" (" + option + ") failed: "
                        + e.getMessage()));
            }
            return null;
        }
    }

    // ---------------------------------------------------------------- logging

    private boolean log(String selector) {
        return service.log().selector().on(selector);
    }

    private void logMain(String text) {
        logEvent(new LogEvent.Line(null, EnumSet.of(LogFile.MAIN), text, null));
    }

    private void logReject(String text) {
        logEvent(new LogEvent.Line(null, EnumSet.of(LogFile.MAIN, LogFile.REJECT), text, null));
    }

    /** To the logs; under -bh, shown as "LOG: ..." on the trace stream instead. */
    private void logEvent(LogEvent e) {
        if (trace == null) {
            service.log().log(e);
            return;
        }
        e.render(service.log().selector()).ifPresent(t -> {
            out.flush();
            trace.println("LOG: " + (e.messageId() != null ? e.messageId() + " " : "") + t);
        });
    }

    private static String text(String bytes) {
        return SmtpAddresses.text(bytes);
    }

    private String printing(String bytes) {
        return text(SmtpAddresses.printing(bytes, config.get(MainOptions.PRINT_TOPBITCHARS)));
    }
}
