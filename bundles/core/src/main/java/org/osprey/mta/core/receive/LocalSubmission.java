package org.osprey.mta.core.receive;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.acl.AclEngine;
import org.osprey.mta.core.acl.AclResult;
import org.osprey.mta.core.acl.AclVerdict;
import org.osprey.mta.core.acl.AclWhere;
import org.osprey.mta.core.acl.SimpleAclSubject;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.expand.ExpansionEnvironment;
import org.osprey.mta.core.lists.ListReader;
import org.osprey.mta.core.log.LogEvent;
import org.osprey.mta.core.log.LogFile;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.log.Selector;
import org.osprey.mta.core.rewrite.RewriteLog;
import org.osprey.mta.core.rewrite.Rewriter;
import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.HeaderLine;
import org.osprey.mta.core.spool.IncomingMessage;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.core.spool.MessageIdGenerator;
import org.osprey.mta.core.spool.Recipient;
import org.osprey.mta.core.spool.Spool;
import org.osprey.mta.kernel.address.Rfc822;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.MatchResult;
import org.osprey.mta.kernel.model.Header;

/**
 * Takes a message from standard input as Exim 4.96 does for its sendmail interface
 * ({@code mta [-f sender] [-F name] [-t] [-i] [-oeX] recipients < message}): who may set the
 * sender, the recipients from the arguments or (with {@code -t}) from the To:, Cc: and Bcc:
 * headers, the headers Exim adds or fixes for a local message (Received:, Message-Id:, From:,
 * Sender:, Date:, qualified addresses), the -D and -H files exactly as Exim writes them, the
 * {@code <=} log line and the message log. Errors are reported with Exim's words and exit codes,
 * as a {@link SubmissionException} the command line turns into its standard error text and exit
 * status.
 *
 * <p>It reads the message once: the header section is held in memory, the body streams into the
 * spool's -D file as it arrives. It never acknowledges a message (returns its id) before
 * {@link IncomingMessage#commit} has made both files durable, and it leaves nothing on the
 * spool for a message it refuses. ACLs ({@code acl_not_smtp_start}, {@code acl_not_smtp}) and
 * rewriting rules are not applied: the engine has neither yet.
 */
public final class LocalSubmission {

    /** Exim's EXIT_NORECIPIENTS: -t found no recipients and no error message could be sent. */
    public static final int EXIT_NO_RECIPIENTS = 2;
    static final int EXIT_FAILURE = 1;
    /** Exim's EXIM_HUMANNAME_MAX: the longest -F value. */
    private static final int HUMANNAME_MAX = 256;
    /** Exim's EXIM_DISPLAYMAIL_MAX: the longest -f value. */
    private static final int DISPLAYMAIL_MAX = 1024;
    /** Exim's BIG_BUFFER_SIZE: the longest recipient argument. */
    private static final int BIG_BUFFER_SIZE = 16384;
    private static final DateTimeFormatter TOD_FULL =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss xx", Locale.ROOT);
    private static final DateTimeFormatter TOD_LOG = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    /** The variable that carries a subject into a regular-expression match expanded for us. */
    private static final String SUBJECT_VARIABLE = "acl_m_osprey_subject";

    private final Configuration config;
    private final Spool spool;
    private final LogWriter log;
    private final ExpansionEngine engine;
    private final ZoneId zone;
    private final Clock clock;
    private final MessageIdGenerator ids;
    private final ErrorMail errorMail;
    private final Submitter mtaUser;
    private AclEngine acls = AclEngine.NONE;

    /**
     * @param config the configuration (qualify domains, trusted users, limits, header texts)
     * @param spool where the message goes
     * @param log the main, reject and panic logs
     * @param environment the configuration's expansion environment (its clock is the time of
     *        reception; {@code timezone} sets the zone of the Date: and Received: headers)
     * @param ids the message id generator of this process
     * @param mtaUser the user error messages come from (Exim's exim_user), or null to take it
     *        from {@code exim_user} and the passwd file, or when that is unset, this process's user
     */
    public LocalSubmission(Configuration config, Spool spool, LogWriter log, ExpansionEnvironment environment,
            MessageIdGenerator ids, Submitter mtaUser) {
        this.config = Objects.requireNonNull(config, "config");
        this.spool = Objects.requireNonNull(spool, "spool");
        this.log = Objects.requireNonNull(log, "log");
        this.ids = Objects.requireNonNull(ids, "ids");
        String tz = config.get(MainOptions.TIMEZONE);
        Clock base = environment.clock();
        this.zone = tz == null || tz.isEmpty() ? base.getZone() : zoneOf(tz, base.getZone());
        this.clock = base.withZone(zone);
        this.engine = new ExpansionEngine(environment.withClock(clock));
        this.mtaUser = mtaUser == null ? eximUser(config) : mtaUser;
        this.errorMail = new ErrorMail(this, config, engine, this.mtaUser);
    }

    /** Runs acl_not_smtp_start and acl_not_smtp with {@code engine} (none by default). */
    public LocalSubmission withAcls(AclEngine engine) {
        this.acls = Objects.requireNonNull(engine, "engine");
        return this;
    }

    /** A submission on the configuration's spool, with this process's id generator. */
    public static LocalSubmission of(Configuration config, LogWriter log, ExpansionEnvironment environment) {
        int hostNumber = -1;
        String n = config.get(MainOptions.LOCALHOST_NUMBER);
        if (n != null && !n.isBlank()) {
            try {
                hostNumber = Integer.parseInt(n.trim());
            } catch (NumberFormatException e) {
                hostNumber = -1;
            }
        }
        return new LocalSubmission(config, Spool.of(config), log, environment,
                MessageIdGenerator.forThisProcess(hostNumber), null);
    }

    private static ZoneId zoneOf(String tz, ZoneId fallback) {
        try {
            return ZoneId.of(tz);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /**
     * The user error messages come from: {@code exim_user} (with {@code exim_group}) when set,
     * else the user this process runs as, which is then the MTA's user.
     */
    private static Submitter eximUser(Configuration config) {
        Long uid = config.get(MainOptions.EXIM_USER);
        Long gid = config.get(MainOptions.EXIM_GROUP);
        long u = uid != null ? uid : ProcessIds.uid(0);
        long g = gid != null ? gid : ProcessIds.gid(0);
        Submitter s = Submitter.ofSystemUser(u, g);
        return new Submitter(s.login() == null ? Long.toString(u) : s.login(), u, g, List.of(), s.gecos());
    }

    /**
     * Reads a message from {@code in} and puts it on the spool.
     *
     * @return the new message's id, once its files are durable and its {@code <=} line is logged,
     *         and the error message sent about it, if any
     * @throws SubmissionException when the message is refused, with Exim's text and exit code
     */
    public SubmissionResult submit(Submitter caller, SubmissionOptions options, InputStream in)
            throws SubmissionException {
        Run run = new Run(caller, options, in, false, null);
        MessageId id = run.receive();
        return new SubmissionResult(id, run.errorMessage);
    }

    /**
     * An error message (Exim's moan), submitted as Exim's child process submits it: by the MTA's
     * user, {@code -t -oem -oi -f <> -E<id>}, flagged as a local error and referring to the
     * refused message.
     */
    MessageId submitErrorMessage(Submitter mtaUser, InputStream in, MessageId reference) throws SubmissionException {
        SubmissionOptions options = new SubmissionOptions("", null, true, false, ErrorMode.MAIL, List.of());
        return new Run(mtaUser, options, in, true, reference).receive();
    }

    /**
     * A message the MTA composed while delivering {@code reference} (the autoreply transport's
     * reply), submitted as Exim's child_open_exim submits it: the same way as an error message.
     *
     * @throws SubmissionException when it is refused; its exit code is {@link #EXIT_NO_RECIPIENTS}
     *         when the message named no recipient
     */
    public MessageId submitFromMta(InputStream in, MessageId reference) throws SubmissionException {
        return submitErrorMessage(mtaUser, in, reference);
    }

    /** The state of one reception: Exim's globals while receive_msg runs. */
    private final class Run {
        private final Submitter caller;
        private final SubmissionOptions options;
        private final boolean localError;
        private final MessageId reference;
        private final InputStream in;
        private final String login;
        private final boolean trusted;
        private final String qualifySender;
        private final String qualifyRecipient;
        private final Rfc822.Syntax syntax = new Rfc822.Syntax();
        private final Rewriter rewriter;

        private String sender;
        private boolean senderForced;
        private int senderDomain;
        private boolean senderIsLogin;
        private boolean senderNameForced;
        private String originatorName;
        private boolean senderLocal;
        private String authenticatedSender;
        private String authenticatedId;
        private boolean senderSetUntrusted;
        private boolean smtputf8;
        private long sizeLimit;
        private final List<String> recipients = new ArrayList<>();
        private final Set<String> nonRecipients = new LinkedHashSet<>();
        private List<String> rawRecipients = List.of();

        private MessageId id;
        private MessageId errorMessage;
        private Instant receivedTime;
        private HeaderList headers;
        private MessageReader reader;
        private SimpleAclSubject aclSubject;
        private final List<AclResult.AddedHeader> aclHeaders = new ArrayList<>();

        Run(Submitter caller, SubmissionOptions options, InputStream in, boolean localError, MessageId reference) {
            this.caller = caller;
            this.options = options;
            this.in = in;
            this.localError = localError;
            this.reference = reference;
            this.qualifySender = qualifyDomain();
            String qr = config.get(MainOptions.QUALIFY_RECIPIENT);
            this.qualifyRecipient = Rfc822.bytes(qr == null || qr.isEmpty() ? qualifySender : qr);
            this.login = caller.login() != null ? Rfc822.bytes(caller.login()) : unknownLogin();
            this.trusted = trusted(caller);
            syntax.allowDomainLiterals = config.get(MainOptions.ALLOW_DOMAIN_LITERALS);
            syntax.stripTrailingDot = config.get(MainOptions.STRIP_TRAILING_DOT);
            syntax.stripExcessAngleBrackets = config.get(MainOptions.STRIP_EXCESS_ANGLE_BRACKETS);
            this.rewriter = new Rewriter(Rewriter.rules(config), engine, qualifySender, qualifyRecipient,
                    config.get(MainOptions.HEADERS_CHARSET), syntax);
        }

        private String qualifyDomain() {
            String q = config.get(MainOptions.QUALIFY_DOMAIN);
            if (q == null || q.isEmpty()) {
                q = config.get(MainOptions.PRIMARY_HOSTNAME);
            }
            return Rfc822.bytes(q == null ? "localhost" : q);
        }

        /** unknown_login, expanded, for a uid without a passwd entry; null when there is none. */
        private String unknownLogin() {
            String unknown = config.get(MainOptions.UNKNOWN_LOGIN);
            return unknown == null ? null : expandOrNull(unknown, ExpansionContext.empty());
        }

        /** Root, the Exim user, trusted_users and trusted_groups (the real or a supplementary group). */
        private boolean trusted(Submitter c) {
            Long eximUid = config.get(MainOptions.EXIM_USER);
            if (c.uid() == 0 || eximUid != null && c.uid() == eximUid || c.uid() == mtaUser.uid()) {
                return true;
            }
            List<Long> users = config.get(MainOptions.TRUSTED_USERS);
            if (users != null && users.contains(c.uid())) {
                return true;
            }
            List<Long> groups = config.get(MainOptions.TRUSTED_GROUPS);
            if (groups != null) {
                for (Long g : groups) {
                    if (g == c.gid() || c.groups().contains(g)) {
                        return true;
                    }
                }
            }
            return false;
        }

        MessageId receive() throws SubmissionException {
            if (login == null) {
                throw panic("Failed to get user name for uid " + caller.uid());
            }
            setUpSender();
            sizeLimit = messageSizeLimit();
            readRecipientArguments();
            // Exim ignores the result of acl_not_smtp_start: rejecting is left to acl_not_smtp.
            aclSubject = SimpleAclSubject.localMessage(context(), Rfc822.text(sender));
            collectHeaders(acls.run(AclWhere.NOT_SMTP_START, aclSubject));
            return receiveMessage();
        }

        /** exim.c: -f, -F, the gecos name, sender_local, and who may set the sender. */
        private void setUpSender() throws SubmissionException {
            if (options.sender() != null) {
                String arg = Rfc822.bytes(options.sender());
                if (arg.isEmpty()) {
                    sender = "";
                } else {
                    Rfc822.Syntax fs = syntax.copy();
                    fs.allowDomainLiterals = true;
                    fs.stripTrailingDot = true;
                    fs.allowUtf8Domains = true;
                    if (arg.length() > DISPLAYMAIL_MAX) {
                        throw failure(EXIT_FAILURE, "length limit exceeded (" + arg.length() + " > "
                                + DISPLAYMAIL_MAX + ") for: -f");
                    }
                    Rfc822.Extracted r = Rfc822.extract(arg, fs, true);
                    if (!r.ok()) {
                        throw failure(EXIT_FAILURE, "bad -f address \"" + options.sender() + "\": " + r.error());
                    }
                    sender = r.address();
                    smtputf8 = isUtf8(sender);
                    senderDomain = r.domain();
                    // exim.c checks these once the configuration is read.
                    if (senderDomain < sender.length() && sender.charAt(senderDomain) == '['
                            && !syntax.allowDomainLiterals) {
                        throw failure(EXIT_FAILURE, "bad -f address \"" + sender
                                + "\": domain literals not allowed");
                    }
                    if (arg.strip().endsWith(".") && !syntax.stripTrailingDot) {
                        throw failure(EXIT_FAILURE, "bad -f address \"" + sender
                                + ".\": domain is malformed (trailing dot not allowed)");
                    }
                }
                senderForced = true;
            }
            if (options.fullName() != null) {
                originatorName = Rfc822.bytes(options.fullName());
                if (originatorName.length() > HUMANNAME_MAX) {
                    throw failure(EXIT_FAILURE, "length limit exceeded (" + originatorName.length() + " > "
                            + HUMANNAME_MAX + ") for: -F");
                }
                senderNameForced = true;
            } else if (sender == null || !trusted) {
                originatorName = gecosName();
            } else {
                originatorName = "";
            }
            if (caller.login() == null && options.fullName() == null) {
                String unknownName = config.get(MainOptions.UNKNOWN_USERNAME);
                String v = unknownName == null ? null : expandOrNull(unknownName, ExpansionContext.empty());
                originatorName = v == null ? "" : v;
            }
            originatorName = Rfc822.fixPhrase(originatorName, config.get(MainOptions.HEADERS_CHARSET));

            if (sender == null || !trusted) {
                senderLocal = true;
                authenticatedSender = login + "@" + qualifySender;
                authenticatedId = login;
            }
            if (sender == null || !mayUseSender(sender)) {
                if (sender == null || !sender.isEmpty()) {
                    sender = login;
                    senderIsLogin = true;
                    senderForced = false;
                    senderDomain = 0;
                }
            }
            senderSetUntrusted = !senderIsLogin && !trusted;
            if (!sender.isEmpty() && senderDomain == 0) {
                sender = Rfc822.localPartQuote(sender) + "@" + qualifySender;
            }
        }

        /** receive_check_set_sender: trusted callers, or untrusted_set_sender matches. */
        private boolean mayUseSender(String newSender) {
            if (trusted) {
                return true;
            }
            String list = config.get(MainOptions.UNTRUSTED_SET_SENDER);
            if (list == null || newSender == null) {
                return false;
            }
            String q = newSender.indexOf('@') >= 0 ? newSender : newSender + "@" + qualifySender;
            try {
                return engine.listMatcher(ExpansionContext.empty()).address(list, Rfc822.text(q)) == MatchResult.MATCH;
            } catch (ExpansionException e) {
                return false;
            }
        }

        /** The gecos field with & as the capitalised login, then gecos_pattern and gecos_name. */
        private String gecosName() {
            String name = Rfc822.bytes(caller.gecos());
            int amp = name.indexOf('&');
            if (amp >= 0) {
                String l = login.isEmpty() ? "" : Character.toUpperCase(login.charAt(0)) + login.substring(1);
                name = name.substring(0, amp) + (login.isEmpty() ? "" : l) + name.substring(amp + 1);
                if (name.length() > 255) {
                    name = name.substring(0, 255);
                }
            }
            String pattern = config.get(MainOptions.GECOS_PATTERN);
            String template = config.get(MainOptions.GECOS_NAME);
            if (pattern != null && template != null) {
                String v = expandMatch(name, pattern, template);
                if (v != null) {
                    name = v;
                }
            }
            return name;
        }

        private long messageSizeLimit() throws SubmissionException {
            String text = config.get(MainOptions.MESSAGE_SIZE_LIMIT);
            String expanded;
            try {
                expanded = Rfc822.bytes(engine.compile(text == null ? "" : text).expand(ExpansionContext.empty()));
            } catch (ExpansionException e) {
                throw panic("failed to expand message_size_limit: " + e.getMessage());
            }
            try {
                return MessageSizeLimit.parse(expanded);
            } catch (IllegalArgumentException e) {
                throw panic(e.getMessage());
            }
        }

        /** The recipient arguments: comma-separated lists, each address parsed as Exim parses it. */
        private void readRecipientArguments() throws SubmissionException {
            int max = config.get(MainOptions.RECIPIENTS_MAX);
            int count = 0;
            Rfc822.Syntax rs = syntax.copy();
            for (String arg : options.recipients()) {
                String s = Rfc822.bytes(arg);
                if (s.length() > BIG_BUFFER_SIZE) {
                    throw failure(EXIT_FAILURE, "length limit exceeded (" + s.length() + " > " + BIG_BUFFER_SIZE
                            + ") for: address argument");
                }
                int p = 0;
                while (p < s.length()) {
                    int ss = Rfc822.findAddressEnd(s, p, false);
                    boolean finished = ss >= s.length() || s.charAt(ss) != ',';
                    if (max > 0 && ++count > max && !options.extractRecipients()) {
                        if (!options.errorMode().mails()) {
                            throw failure(EXIT_FAILURE, "too many recipients");
                        }
                        throw mailed(ErrorMail.Kind.TOO_MANY_RECIPIENTS, List.of(), null, stdinSource(true),
                                options.errorMode().senderExitCode());
                    }
                    boolean before = rs.allowUtf8Domains;
                    rs.allowUtf8Domains = true;
                    Rfc822.Extracted r = Rfc822.extract(s.substring(p, ss), rs, false);
                    if (r.ok() && isUtf8(r.address())) {
                        smtputf8 = true;
                    } else {
                        rs.allowUtf8Domains = before;
                    }
                    if (!r.ok()) {
                        if (!options.errorMode().mails()) {
                            throw failure(EXIT_FAILURE, "bad recipient address \"" + Rfc822.printing(s, topBit())
                                    + "\": " + r.error());
                        }
                        throw mailed(ErrorMail.Kind.BAD_ARGUMENT_ADDRESS,
                                List.of(new ErrorMail.Problem(Rfc822.printing(s, topBit()), r.error())), null,
                                stdinSource(true), options.errorMode().senderExitCode());
                    }
                    recipients.add(r.address());
                    p = ss;
                    if (!finished) {
                        do {
                            p++;
                        } while (p < s.length() && (s.charAt(p) == ',' || Rfc822.isSpace(s.charAt(p))));
                    }
                }
            }
        }

        private MessageId receiveMessage() throws SubmissionException {
            receivedTime = clock.instant();
            // Taken now, as Exim takes the time for it; known (to logs, error messages) only once
            // the header section is read and -t has done, when Exim makes it.
            MessageId newId = ids.next();
            reader = new MessageReader(in, options.dotEnds(), sizeLimit, config.get(MainOptions.HEADER_MAXSIZE),
                    config.get(MainOptions.HEADER_LINE_MAXSIZE));
            headers = new HeaderList();
            try {
                reader.readHeaders(this::fromLine);
            } catch (MessageReader.Oversize e) {
                reader.headers().forEach(headers::addRead);
                String who = Rfc822.text(login);
                if (e.wholeSection()) {
                    log.write(EnumSet.of(LogFile.MAIN), null, "ridiculously long message header received from "
                            + who + " (more than " + e.limit() + " characters): message abandoned");
                    throw localError(ErrorMail.Kind.LONG_HEADER_SECTION, "message header longer than " + e.limit()
                            + " characters received: message not accepted", "", readerSource());
                }
                log.write(EnumSet.of(LogFile.MAIN), null, "overlong message header line received from " + who
                        + " (more than " + e.limit() + " characters): message abandoned");
                throw localError(ErrorMail.Kind.LONG_HEADER_LINE, "message header line longer than " + e.limit()
                        + " characters received: message not accepted", "", readerSource());
            }
            reader.headers().forEach(headers::addRead);
            boolean resents = reader.resents();
            String resentPrefix = resents ? "Resent-" : "";

            Classified c = classify(resents);
            boolean extractedIgnored = false;
            List<ErrorMail.Problem> bad = new ArrayList<>();
            if (options.extractRecipients()) {
                extractedIgnored = extract(c.containsResent(), bad);
            }

            id = newId;
            HeaderList.Entry msgid = c.msgid();
            boolean msgidCreated = false;
            if (msgid == null) {
                String added = messageIdHeader(resentPrefix);
                HeaderList.Entry h = resents ? headers.addAtTop(HeaderList.ID, added) : headers.add(HeaderList.ID, added);
                if (!resents) {
                    msgidCreated = true;
                    msgid = h;
                }
            }

            rawRecipients = List.copyOf(recipients);
            for (int i = 0; i < recipients.size(); i++) {
                recipients.set(i, rewriteEnvelope(recipients.get(i), true));
            }

            HeaderList.Entry from = c.from();
            if (from == null) {
                from = addFrom(resentPrefix);
            }
            if (from != null && config.get(MainOptions.LOCAL_FROM_CHECK) && senderLocal && !trusted) {
                checkFrom(from, resentPrefix);
            }
            if (!rewriter.isEmpty() && !sender.isEmpty()) {
                sender = rewriteEnvelope(sender, false);
            }
            rewriteHeaders();
            if (!c.dateExists()) {
                String date = resentPrefix + "Date: " + TOD_FULL.format(ZonedDateTime.ofInstant(clock.instant(), zone))
                        + "\n";
                if (resents) {
                    headers.addAtTop(HeaderList.OTHER, date);
                } else {
                    headers.add(HeaderList.OTHER, date);
                }
            }
            return storeMessage(msgid, msgidCreated, c.subject(), bad, extractedIgnored);
        }

        /** The body, the checks that need the whole message, then the -H file and the log. */
        private MessageId storeMessage(HeaderList.Entry msgid, boolean msgidCreated, HeaderList.Entry subject,
                List<ErrorMail.Problem> bad, boolean extractedIgnored) throws SubmissionException {
            IncomingMessage incoming;
            try {
                // As Exim makes the input directory when it is missing.
                spool.create();
                incoming = spool.receive(id);
            } catch (IOException e) {
                throw panic("Failed to create spool file " + spool.inputDirectory(id).resolve(id + "-D") + ": "
                        + reason(e));
            }
            try (IncomingMessage message = incoming) {
                MessageReader.End end = reader.end();
                try {
                    if (reader.next() != null) {
                        message.body().write(Rfc822.latin1Bytes(reader.next()));
                        reader.countNextLine();
                    }
                    if (end != MessageReader.End.DOT) {
                        end = reader.readBody(message.body());
                    }
                    message.body().flush();
                } catch (IOException e) {
                    throw ioError("Spool write", e);
                }
                if (end == MessageReader.End.SIZE) {
                    String fromText = Rfc822.text(sender);
                    log.log(new LogEvent.Rejected(id.toString(), null, null, null,
                            "rejected from <" + fromText + "> U=" + Rfc822.text(login) + ": message too big: read="
                                    + reader.messageSize() + " max=" + sizeLimit, null, null, rejectedContent()));
                    throw localError(ErrorMail.Kind.TOO_BIG, "message too big (max=" + sizeLimit + ")",
                            "message rejected: ", dataSource());
                }
                if (reader.inputError() != null) {
                    throw ioError("Input read", reader.inputError());
                }
                Instant complete = clock.instant();

                if (options.extractRecipients() && (!bad.isEmpty() || recipients.isEmpty())) {
                    rejectExtracted(bad, extractedIgnored);
                }

                makeReceivedHeader();
                String blackholedBy = notSmtpAcl();
                if (recipients.isEmpty()) {
                    // Exim treats a message left without recipients as discarded by the RCPT ACL:
                    // logged, never written, and the exit code says nothing was accepted.
                    long size = message.body().size() + 1;
                    for (HeaderList.Entry e : headers.entries()) {
                        if (e.text != null && e.type != HeaderList.OLD) {
                            size += e.text.length();
                        }
                    }
                    logReceived(size, msgid, msgidCreated, subject, false);
                    log.write(EnumSet.of(LogFile.MAIN), id.toString(), "=> blackhole ("
                            + (blackholedBy == null ? "RCPT ACL discarded recipients" : blackholedBy) + ")");
                    log.write(EnumSet.of(LogFile.MAIN), id.toString(), "Completed");
                    throw new SubmissionException(EXIT_FAILURE, "", null);
                }
                HeaderFile header = headerFile(complete);
                try {
                    message.commit(header);
                } catch (IOException e) {
                    String text = "spool file write error while receiving from " + Rfc822.text(login) + ": "
                            + reason(e);
                    log.write(EnumSet.of(LogFile.MAIN), id.toString(), "Message abandoned: " + text);
                    throw localError(ErrorMail.Kind.IO_ERROR, text, "", dataSource());
                }
                long size = size(header, message.body().size());
                logReceived(size, msgid, msgidCreated, subject, true);
                return id;
            } catch (IOException e) {
                // Closing an uncommitted message failed to delete its temporary file: litter only.
                throw ioError("Spool write", e);
            }
        }

        /**
         * acl_not_smtp, run where Exim's receive_msg runs it (the Received: header made): a
         * rejection refuses the message as give_local_error does, a discard drops every
         * recipient. Returns what blackholed the message, or null.
         */
        private String notSmtpAcl() throws SubmissionException {
            SimpleAclSubject subject = SimpleAclSubject.localMessage(context(), Rfc822.text(sender));
            aclSubject.variables().forEach(subject::setVariable);
            // Exim's $recipients, which acl_not_smtp may use (the list as it stands, -t's included).
            subject.setVariable("recipients", String.join(", ", recipients));
            AclResult r = acls.run(AclWhere.NOT_SMTP, subject);
            if (r == null) {
                addAclHeaders();
                return null;
            }
            if (r.verdict() == AclVerdict.DISCARD) {
                recipients.clear();
                return "non-SMTP ACL" + (r.logMessage() == null ? "" : ": " + r.logMessage());
            }
            if (r.verdict() != AclVerdict.ACCEPT) {
                log.log(new LogEvent.Rejected(id.toString(), null, null, Rfc822.text(sender),
                        "rejected by non-SMTP ACL", r.logMessage(), null, rejectedContent()));
                String user = r.userMessage() == null ? "local configuration problem" : r.userMessage();
                throw localError(ErrorMail.Kind.LOCAL_ACL, user, "message rejected by non-SMTP ACL: ", dataSource());
            }
            collectHeaders(r);
            addAclHeaders();
            return null;
        }

        private void collectHeaders(AclResult r) {
            if (r != null) {
                aclHeaders.addAll(r.addedHeaders());
            }
        }

        /** The ACLs' add_header lines: at the top for :at_start: (and the other top forms), else at the end. */
        private void addAclHeaders() {
            for (AclResult.AddedHeader h : aclHeaders) {
                String text = Rfc822.bytes(h.text());
                if (h.position() == AclResult.AddedHeader.Position.AT_END) {
                    headers.add(HeaderList.OTHER, text);
                } else {
                    headers.addAtTop(HeaderList.OTHER, text);
                }
            }
        }

        /** Exim's -t checks after the body is read: bad addresses, or none at all. */
        private void rejectExtracted(List<ErrorMail.Problem> bad, boolean extractedIgnored) throws SubmissionException {
            log.log(new LogEvent.Panic(id.toString(), id + " " + (bad.isEmpty() ? "no recipients" : "bad addresses")
                    + " found in headers"));
            ErrorMode mode = options.errorMode();
            int rc = mode.mails() ? mode.senderExitCode() : EXIT_FAILURE;
            StringBuilder stderr = new StringBuilder();
            MessageId mailedId = null;
            if (mode.mails()) {
                ErrorMail.Kind kind = !bad.isEmpty()
                        ? (recipients.isEmpty() && nonRecipients.isEmpty() && !extractedIgnored
                                ? ErrorMail.Kind.BAD_NO_ADDRESS : badKind())
                        : extractedIgnored ? ErrorMail.Kind.IGNORED_ADDRESSES : ErrorMail.Kind.NO_ADDRESS;
                mailedId = errorMail.send(log, kind, bad, headers, dataSource(), sender, localError, id, reference,
                        reader.messageSize(), sizeLimit, this::fromLineSender);
                if (mailedId == null) {
                    rc = bad.isEmpty() ? EXIT_NO_RECIPIENTS : EXIT_FAILURE;
                }
                errorMessage = mailedId;
            } else if (bad.isEmpty()) {
                stderr.append(extractedIgnored ? "osprey: all -t recipients overridden by command line\n"
                        : "osprey: no recipients in message\n");
            } else {
                stderr.append("osprey: invalid address").append(bad.size() > 1 ? "es:\n" : ":");
                for (ErrorMail.Problem b : bad) {
                    stderr.append("  ").append(Rfc822.text(b.text())).append(": ").append(Rfc822.text(b.error()))
                            .append('\n');
                }
            }
            if (recipients.isEmpty() || !mode.mails()) {
                throw new SubmissionException(rc, stderr.toString(), mailedId);
            }
        }

        /** Exim's choice between its two bad-address texts: whether any recipients are left. */
        private ErrorMail.Kind badKind() {
            return recipients.isEmpty() ? ErrorMail.Kind.BAD_NO_ADDRESS : ErrorMail.Kind.BAD_ADDRESS;
        }

        /** A UUCP "From " line as the first line: dropped, and its sender used when permitted. */
        private boolean fromLine(String line) {
            String pattern = config.get(MainOptions.UUCP_FROM_PATTERN);
            if (pattern == null || !matches(pattern, line)) {
                return false;
            }
            if (!senderForced) {
                String template = config.get(MainOptions.UUCP_FROM_SENDER);
                String v = expandMatch(line, pattern, template == null ? "$1" : template);
                if (v == null) {
                    log.log(new LogEvent.Panic(null, "expansion of \"" + template
                            + "\" failed after matching \"From \" line"));
                } else {
                    Rfc822.Extracted r = Rfc822.extract(v, syntax.copy(), true);
                    if (r.ok()) {
                        String newSender = r.address();
                        if (r.domain() == 0 && !newSender.isEmpty()) {
                            newSender = qualify(newSender, false);
                        }
                        if (mayUseSender(newSender)) {
                            sender = newSender;
                            senderIsLogin = false;
                            if (trusted) {
                                authenticatedSender = null;
                                originatorName = "";
                                senderLocal = false;
                            }
                        }
                    }
                }
            }
            return true;
        }

        private static boolean matches(String pattern, String line) {
            try {
                return Pattern.compile(pattern).matcher(Rfc822.text(line)).find();
            } catch (PatternSyntaxException e) {
                return false;
            }
        }

        private record Classified(boolean containsResent, boolean dateExists, HeaderList.Entry from,
                HeaderList.Entry msgid, HeaderList.Entry subject) {
        }

        /** receive.c's scan that sets each header's type and notes Date:, From:, Message-Id:, Subject:. */
        private Classified classify(boolean resents) {
            boolean containsResent = false;
            boolean dateExists = false;
            HeaderList.Entry from = null;
            HeaderList.Entry msgid = null;
            HeaderList.Entry subject = null;
            boolean retain = config.get(MainOptions.LOCAL_SENDER_RETAIN) && !config.get(MainOptions.LOCAL_FROM_CHECK);
            for (int i = 1; i < headers.size(); i++) {
                HeaderList.Entry h = headers.get(i);
                boolean isResent = HeaderList.isResent(h.text);
                containsResent |= isResent;
                switch (HeaderList.checkName(h.text, isResent)) {
                    case BCC -> h.type = HeaderList.BCC;
                    case CC -> h.type = HeaderList.CC;
                    case DATE -> dateExists |= !resents || isResent;
                    case DELIVERY_DATE -> {
                        if (config.get(MainOptions.DELIVERY_DATE_REMOVE)) {
                            h.type = HeaderList.OLD;
                        }
                    }
                    case ENVELOPE_TO -> {
                        if (config.get(MainOptions.ENVELOPE_TO_REMOVE)) {
                            h.type = HeaderList.OLD;
                        }
                    }
                    case FROM -> {
                        h.type = HeaderList.FROM;
                        if (!resents || isResent) {
                            from = h;
                            String v = HeaderList.value(h.text);
                            int s = 0;
                            while (s < v.length() && Rfc822.isSpace(v.charAt(s))) {
                                s++;
                            }
                            int len = v.length() - s - 1;
                            if (login.length() == len && v.regionMatches(true, s, login, 0, len)) {
                                String name = isResent ? "Resent-From" : "From";
                                from = headers.add(HeaderList.FROM, name + ": " + originatorName + " <"
                                        + login + "@" + qualifySender + ">\n");
                                h.type = HeaderList.OLD;
                            }
                        }
                    }
                    case MESSAGE_ID -> {
                        if (msgid == null && (!resents || isResent)) {
                            msgid = h;
                            h.type = HeaderList.ID;
                        }
                    }
                    case RECEIVED -> h.type = HeaderList.RECEIVED;
                    case REPLY_TO -> h.type = HeaderList.REPLY_TO;
                    case RETURN_PATH -> {
                        if (config.get(MainOptions.RETURN_PATH_REMOVE)) {
                            h.type = HeaderList.OLD;
                        }
                    }
                    case SENDER -> h.type = !retain && senderLocal && !trusted && (!resents || isResent)
                            ? HeaderList.OLD : HeaderList.SENDER;
                    case SUBJECT -> subject = h;
                    case TO -> h.type = HeaderList.TO;
                    default -> {
                    }
                }
            }
            return new Classified(containsResent, dateExists, from, msgid, subject);
        }

        /**
         * -t: recipients from To:, Cc: and Bcc: (the Resent- ones when there are any), those
         * given as arguments removed when extract_addresses_remove_arguments is set; Bcc: marked
         * deleted. Returns whether an address was left out because it was an argument.
         */
        private boolean extract(boolean containsResent, List<ErrorMail.Problem> bad) throws SubmissionException {
            if (config.get(MainOptions.EXTRACT_ADDRESSES_REMOVE_ARGUMENTS)) {
                for (int i = recipients.size() - 1; i >= 0; i--) {
                    nonRecipients.add(rewriteEnvelope(recipients.get(i), true));
                }
                recipients.clear();
            }
            boolean ignored = false;
            int max = config.get(MainOptions.RECIPIENTS_MAX);
            int count = 0;
            for (int i = 1; i < headers.size(); i++) {
                HeaderList.Entry h = headers.get(i);
                if (h.type != HeaderList.TO && h.type != HeaderList.CC && h.type != HeaderList.BCC
                        || containsResent && !HeaderList.isResent(h.text)) {
                    continue;
                }
                String text = h.text;
                int s = text.indexOf(':') + 1;
                while (s < text.length() && Rfc822.isSpace(text.charAt(s))) {
                    s++;
                }
                syntax.allowGroup = true;
                while (s < text.length()) {
                    int ss = Rfc822.findAddressEnd(text, s, false);
                    if (max > 0 && ++count > max) {
                        throw localError(ErrorMail.Kind.TOO_MANY_RECIPIENTS, "too many recipients",
                                "message rejected: ", ErrorMail.Source.stdin(reader.remaining(), options.dotEnds(),
                                        false));
                    }
                    String candidate = text.substring(s, ss).replace("\n", "");
                    boolean before = syntax.allowUtf8Domains;
                    syntax.allowUtf8Domains = true;
                    Rfc822.Extracted r = Rfc822.extract(candidate, syntax, false);
                    if (r.ok() && isUtf8(r.address())) {
                        smtputf8 = true;
                    } else {
                        syntax.allowUtf8Domains = before;
                    }
                    if (!r.ok() && !r.error().equals("empty address")) {
                        int len = text.length() - s;
                        while (len > 0 && Rfc822.isSpace(text.charAt(s + len - 1))) {
                            len--;
                        }
                        bad.add(new ErrorMail.Problem(Rfc822.printing(text.substring(s, s + len), topBit()),
                                r.error()));
                    } else if (r.ok()) {
                        if (nonRecipients.contains(r.address())) {
                            ignored = true;
                        } else {
                            recipients.add(r.address());
                        }
                    }
                    s = ss + (ss < text.length() ? 1 : 0);
                    while (s < text.length() && Rfc822.isSpace(text.charAt(s))) {
                        s++;
                    }
                }
                syntax.endGroup();
                if (h.type == HeaderList.BCC) {
                    h.type = HeaderList.OLD;
                }
            }
            return ignored;
        }

        /**
         * rewrite_address: an envelope address qualified and rewritten, the old one kept in an
         * X-rewrote header (typed deleted) when a rule changed it.
         */
        private String rewriteEnvelope(String address, boolean recipient) {
            return rewriter.rewriteAddress(address, recipient, h -> headers.add(h.type(), h.text()), context(),
                    rewriteLog());
        }

        /** receive_msg's pass of rewrite_header over every header but the Received: to come. */
        private void rewriteHeaders() {
            Rewriter r = rewriter.withSyntax(syntax);
            ExpansionContext context = context();
            for (int i = 1; i < headers.size(); i++) {
                HeaderList.Entry h = headers.get(i);
                if (h.type == HeaderList.OLD) {
                    continue;
                }
                String text = r.rewriteHeader(new HeaderLine(h.type, h.text), true, true, context, rewriteLog());
                if (text != null) {
                    headers.replace(h, new HeaderList.Entry(h.type, text));
                    i++;
                }
            }
        }

        private RewriteLog rewriteLog() {
            return RewriteLog.to(log, id == null ? null : id.toString());
        }

        /** rewrite_address_qualify: the address with the sender or recipient qualify domain when it has none. */
        private String qualify(String address, boolean recipient) {
            return Rfc822.findAt(address) >= 0 ? address
                    : address + "@" + (recipient ? qualifyRecipient : qualifySender);
        }

        /** {@code Message-Id: <E<id>[.text]@domain>} with message_id_header_domain and _text. */
        private String messageIdHeader(String resentPrefix) {
            ExpansionContext context = context();
            return MessageIdHeader.text(config, primaryHostname(), id, resentPrefix,
                    (template, option) -> expandLogging(template, option, context));
        }

        /** A From: for a message without one; returns it, or null when none is added (null sender, trusted). */
        private HeaderList.Entry addFrom(String resentPrefix) {
            String oname = !trusted || senderNameForced || !senderForced ? originatorName : "";
            if (sender.isEmpty()) {
                if (senderLocal || localError) {
                    headers.add(HeaderList.FROM, resentPrefix + "From: " + oname + (oname.isEmpty() ? "" : " <")
                            + Rfc822.localPartQuote(login) + "@" + qualifySender + (oname.isEmpty() ? "" : ">") + "\n");
                }
                return null;
            }
            return headers.add(HeaderList.FROM, resentPrefix + "From: " + oname + (oname.isEmpty() ? "" : " <") + sender
                    + (oname.isEmpty() ? "" : ">") + "\n");
        }

        /** local_from_check: a Sender: header when From: is not the caller (prefix and suffix allowed). */
        private void checkFrom(HeaderList.Entry from, String resentPrefix) {
            String generated = Rfc822.localPartQuote(login) + "@" + qualifySender;
            Rfc822.Syntax fs = syntax.copy();
            Rfc822.Extracted r = Rfc822.extract(HeaderList.value(from.text), fs, false);
            boolean makeSender = true;
            if (r.ok()) {
                String address = r.address();
                String local = r.domain() > 0 ? address.substring(0, r.domain() - 1) : address;
                String domainPart = r.domain() > 0 ? address.substring(r.domain() - 1) : "";
                local = local.substring(checkPrefix(local, config.get(MainOptions.LOCAL_FROM_PREFIX)));
                int slen = checkSuffix(local, config.get(MainOptions.LOCAL_FROM_SUFFIX));
                if (slen > 0) {
                    local = local.substring(0, local.length() - slen);
                }
                String fromAddress = local + domainPart;
                if (generated.equalsIgnoreCase(fromAddress) || r.domain() == 0 && fromAddress.equalsIgnoreCase(login)) {
                    makeSender = false;
                }
            }
            if (makeSender) {
                headers.add(HeaderList.SENDER, resentPrefix + "Sender: " + originatorName + " <" + generated + ">\n");
            }
        }

        /** The Received: header from received_header_text, and its time stamp. */
        private void makeReceivedHeader() throws SubmissionException {
            String template = config.get(MainOptions.RECEIVED_HEADER_TEXT);
            Map<String, String> more = new HashMap<>();
            if (recipients.size() == 1) {
                more.put("received_for", Rfc822.text(recipients.get(0)));
            }
            String received;
            try {
                received = Rfc822.bytes(engine.compile(template == null ? "" : template)
                        .expand(context().with(more)));
            } catch (ExpansionException e) {
                throw panic("Expansion of \"" + Rfc822.text(Rfc822.printing(Rfc822.bytes(template), topBit()))
                        + "\" (received_header_text) failed: " + e.getMessage());
            }
            String timestamp = TOD_FULL.format(ZonedDateTime.ofInstant(clock.instant(), zone));
            HeaderList.Entry h = headers.received();
            if (received.isEmpty()) {
                h.text = "Received: ; " + timestamp + "\n";
                h.type = HeaderList.OLD;
            } else {
                h.text = received + ";\n\t" + timestamp + "\n";
                h.type = HeaderList.RECEIVED;
            }
        }

        private HeaderFile headerFile(Instant complete) {
            HeaderFile.Builder b = HeaderFile.builder(id)
                    .originator(login, caller.uid(), caller.gid())
                    .sender(sender)
                    .receivedTime(receivedTime.getEpochSecond())
                    .warningCount(0)
                    .variable("received_time_usec", String.format(".%06d", receivedTime.getNano() / 1000))
                    .variable("received_time_complete", complete.getEpochSecond()
                            + String.format(".%06d", complete.getNano() / 1000))
                    .variable("ident", login)
                    .variable("received_protocol", "local")
                    .variable("body_linecount", Long.toString(reader.bodyLinecount()))
                    .variable("max_received_linelength", Long.toString(reader.maxReceivedLinelength()));
            if (reader.bodyZerocount() > 0) {
                b.variable("body_zerocount", Long.toString(reader.bodyZerocount()));
            }
            if (authenticatedId != null) {
                b.variable("auth_id", authenticatedId);
            }
            if (authenticatedSender != null) {
                b.variable("auth_sender", authenticatedSender.replace('\n', ' '));
            }
            b.flag("allow_unqualified_recipient").flag("allow_unqualified_sender").flag("deliver_firsttime");
            if (senderLocal) {
                b.flag("local");
            }
            if (localError) {
                b.flag("localerror");
            }
            if (senderSetUntrusted) {
                b.flag("sender_set_untrusted");
            }
            b.variable("tls_resumption", "A");
            if (smtputf8) {
                b.flag("smtputf8");
            }
            b.nonRecipients(nonRecipients);
            for (String r : recipients) {
                b.recipient(Recipient.of(r.replace('\n', ' ')));
            }
            headers.toSpool().forEach(b::header);
            return b.build();
        }

        /**
         * The size in the log line, as spool_write_header works it out: the headers not deleted,
         * plus one byte more for each header whose length needs more than three digits (Exim
         * counts five bytes of prefix per header), plus the body and one for the blank line.
         */
        private long size(HeaderFile header, long bodySize) {
            return SpoolSize.of(header, bodySize);
        }

        private void logReceived(long size, HeaderList.Entry msgid, boolean msgidCreated, HeaderList.Entry subject,
                boolean stored) {
            LogEvent.Received.Builder b = LogEvent.Received.builder(id.toString(), Rfc822.text(sender), size)
                    .reference(reference == null ? null : reference.toString())
                    .ident(Rfc822.text(login))
                    .protocol("local")
                    .recipients(rawRecipients.stream().map(Rfc822::text).toList());
            if (msgid != null) {
                Rfc822.Syntax ms = new Rfc822.Syntax();
                ms.allowDomainLiterals = true;
                ms.stripTrailingDot = syntax.stripTrailingDot;
                ms.stripExcessAngleBrackets = syntax.stripExcessAngleBrackets;
                Rfc822.Extracted r = Rfc822.extract(HeaderList.value(msgid.text), ms, false);
                if (r.ok()) {
                    b.messageIdHeader(Rfc822.text(r.address()), msgidCreated);
                }
            }
            if (subject != null && log.selector().on(Selector.SUBJECT)) {
                String s = expandOrNull("$h_subject:", context());
                b.subject(s == null ? "" : Rfc822.text(s));
            }
            LogEvent.Received event = b.build();
            log.log(event);
            if (stored && config.get(MainOptions.MESSAGE_LOGS)) {
                // The sender and recipients are added to the log line as it is written, not to the message log.
                Optional<String> text = event.render(log.selector().with(Selector.RECEIVED_SENDER, false)
                        .with(Selector.RECEIVED_RECIPIENTS, false));
                if (text.isPresent()) {
                    try {
                        spool.appendMessageLog(id, TOD_LOG.format(ZonedDateTime.ofInstant(clock.instant(), zone))
                                + " Received from " + text.get().substring(3));
                    } catch (IOException e) {
                        log.log(new LogEvent.Panic(id.toString(), "Couldn't open message log "
                                + spool.messageLog(id) + ": " + reason(e)));
                    }
                }
            }
        }

        /** What the rejectlog shows of a message refused after its headers were read. */
        private LogEvent.RejectedContent rejectedContent() {
            List<LogEvent.LoggedHeader> shown = new ArrayList<>();
            for (HeaderList.Entry e : headers.entries()) {
                if (e.text != null) {
                    shown.add(new LogEvent.LoggedHeader(e.type, Rfc822.text(e.text)));
                }
            }
            return new LogEvent.RejectedContent(Rfc822.text(sender),
                    recipients.stream().map(Rfc822::text).toList(), shown);
        }

        /** The variables a header text or Message-Id option may use: the message as far as it is known. */
        private ExpansionContext context() {
            Map<String, String> v = new HashMap<>();
            v.put("sender_ident", Rfc822.text(login));
            v.put("received_protocol", "local");
            v.put("sender_address", Rfc822.text(sender));
            v.put("caller_uid", Long.toString(caller.uid()));
            v.put("caller_gid", Long.toString(caller.gid()));
            v.put("originator_uid", Long.toString(caller.uid()));
            v.put("originator_gid", Long.toString(caller.gid()));
            if (authenticatedId != null) {
                v.put("authenticated_id", Rfc822.text(authenticatedId));
            }
            if (authenticatedSender != null) {
                v.put("authenticated_sender", Rfc822.text(authenticatedSender));
            }
            if (id != null) {
                v.put("message_exim_id", id.toString());
                v.put("message_id", id.toString());
                v.put("received_time", Long.toString(receivedTime.getEpochSecond()));
            }
            if (reader != null) {
                v.put("body_linecount", Long.toString(reader.bodyLinecount()));
                v.put("body_zerocount", Long.toString(reader.bodyZerocount()));
                v.put("max_received_linelength", Long.toString(reader.maxReceivedLinelength()));
            }
            v.put("recipients_count", Integer.toString(recipients.size()));
            List<Header> visible = new ArrayList<>();
            if (headers != null) {
                for (HeaderList.Entry e : headers.entries()) {
                    if (e.text != null && e.type != HeaderList.OLD) {
                        visible.add(new HeaderLine(e.type, Rfc822.text(e.text)).toHeader());
                    }
                }
            }
            return ExpansionContext.empty().with(v).withHeaders(visible);
        }

        private String expandOrNull(String template, ExpansionContext context) {
            try {
                return Rfc822.bytes(engine.compile(template).expand(context));
            } catch (ExpansionException e) {
                return null;
            }
        }

        /** Expands an option; a failure other than a forced one goes to the panic log. */
        private String expandLogging(String template, String option, ExpansionContext context) {
            try {
                return Rfc822.bytes(engine.compile(template).expand(context));
            } catch (ExpansionException e) {
                if (!e.isForcedFailure()) {
                    log.log(new LogEvent.Panic(null, "expansion of \"" + template + "\" (" + option + ") failed: "
                            + e.getMessage()));
                }
                return null;
            }
        }

        /**
         * {@code template} expanded with $1... set by matching {@code pattern} against
         * {@code subject}, as after Exim's regex_match_and_setup; null when it does not match or
         * the expansion fails.
         */
        private String expandMatch(String subject, String pattern, String template) {
            String expression = "${if match{$" + SUBJECT_VARIABLE + "}{\\N" + pattern + "\\N}{" + template + "}fail}";
            return expandOrNull(expression, ExpansionContext.empty().with(Map.of(SUBJECT_VARIABLE,
                    Rfc822.text(subject))));
        }

        private String primaryHostname() {
            String p = config.get(MainOptions.PRIMARY_HOSTNAME);
            return p == null ? "localhost" : p;
        }

        private boolean topBit() {
            return config.get(MainOptions.PRINT_TOPBITCHARS);
        }

        /** give_local_error: mailed to the sender, or written to standard error. */
        private SubmissionException localError(ErrorMail.Kind kind, String text, String prefix,
                ErrorMail.Source source) {
            ErrorMode mode = options.errorMode();
            if (mode.mails()) {
                return mailed(kind, List.of(new ErrorMail.Problem(Rfc822.bytes(text), "")), headers, source,
                        mode.senderExitCode());
            }
            return failure(EXIT_FAILURE, prefix + text);
        }

        /** moan_to_sender: the error mailed when there is a sender to mail; exit code {@code rc}, or 1 when not. */
        private SubmissionException mailed(ErrorMail.Kind kind, List<ErrorMail.Problem> problems, HeaderList hdrs,
                ErrorMail.Source source, int rc) {
            MessageId mailedId = errorMail.send(log, kind, problems, hdrs, source, sender, localError, id,
                    reference, reader == null ? 0 : reader.messageSize(), sizeLimit, this::fromLineSender);
            return new SubmissionException(mailedId == null ? EXIT_FAILURE : rc, "", mailedId);
        }

        /** Standard input, not read yet: trusted callers' first line may be a UUCP "From " line. */
        private ErrorMail.Source stdinSource(boolean checkSender) {
            return ErrorMail.Source.stdin(in, options.dotEnds(), checkSender && trusted);
        }

        /** What is left of standard input after the header lines read. */
        private ErrorMail.Source readerSource() {
            return ErrorMail.Source.stdin(reader.remaining(), options.dotEnds(), false);
        }

        /** The body written to the spool so far. */
        private ErrorMail.Source dataSource() {
            return ErrorMail.Source.dataFile(spool.inputDirectory(id).resolve("data." + id));
        }

        /** The sender a UUCP "From " line names (uucp_from_sender), or null when it is not one. */
        private String fromLineSender(String line) {
            String pattern = config.get(MainOptions.UUCP_FROM_PATTERN);
            if (pattern == null || !matches(pattern, line)) {
                return null;
            }
            String template = config.get(MainOptions.UUCP_FROM_SENDER);
            return expandMatch(line, pattern, template == null ? "$1" : template);
        }

        private SubmissionException ioError(String what, IOException e) {
            String text = what + " error (" + reason(e) + ") while receiving message from " + Rfc822.text(login);
            log.write(EnumSet.of(LogFile.MAIN), id == null ? null : id.toString(), "Message abandoned: " + text);
            return localError(ErrorMail.Kind.IO_ERROR, text, "", id == null ? stdinSource(false) : dataSource());
        }

        /** A panic-die: the panic log (and standard error, which the log writer copies it to), exit 1. */
        private SubmissionException panic(String text) {
            log.log(new LogEvent.Panic(id == null ? null : id.toString(), text));
            return new SubmissionException(EXIT_FAILURE, "", null);
        }
    }

    private static SubmissionException failure(int rc, String text) {
        return new SubmissionException(rc, "osprey: " + Rfc822.text(text) + "\n", null);
    }

    private static boolean isUtf8(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** An I/O error's text as strerror gives it, as near as Java knows it. */
    static String reason(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        if (m != null && m.contains("No space left")) {
            return "No space left on device";
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** route_check_prefix: the length of the matching prefix (a leading * matches any text), or 0. */
    static int checkPrefix(String local, String prefixes) {
        if (prefixes == null) {
            return 0;
        }
        for (String prefix : ListReader.items(prefixes)) {
            if (prefix.startsWith("*")) {
                String p = prefix.substring(1);
                for (int i = local.length() - p.length(); i >= 0; i--) {
                    if (local.regionMatches(true, i, p, 0, p.length())) {
                        return p.length() + i;
                    }
                }
            } else if (local.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return prefix.length();
            }
        }
        return 0;
    }

    /** route_check_suffix: the length of the matching suffix (a trailing * matches any text), or 0. */
    static int checkSuffix(String local, String suffixes) {
        if (suffixes == null) {
            return 0;
        }
        int alen = local.length();
        for (String suffix : ListReader.items(suffixes)) {
            if (suffix.isEmpty()) {
                continue;
            }
            if (suffix.endsWith("*")) {
                String sfx = suffix.substring(0, suffix.length() - 1);
                int slen = sfx.length();
                for (int i = 0; i < alen - slen + 1; i++) {
                    if (local.regionMatches(true, i, sfx, 0, slen)) {
                        return alen - i;
                    }
                }
            } else if (alen > suffix.length()
                    && local.regionMatches(true, alen - suffix.length(), suffix, 0, suffix.length())) {
                return suffix.length();
            }
        }
        return 0;
    }

}
