package org.osprey.mta.core.receive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.rewrite.RewriteLog;
import org.osprey.mta.core.rewrite.Rewriter;
import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.HeaderLine;
import org.osprey.mta.core.spool.IncomingMessage;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.core.spool.Recipient;
import org.osprey.mta.core.spool.Spool;
import org.osprey.mta.core.spool.SpoolVariable;
import org.osprey.mta.kernel.address.Rfc822;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.model.Header;

/**
 * The data phase of one SMTP message, as Exim's receive_msg does it for SMTP input: the
 * header section held in memory, the body streamed into the spool's -D file as it arrives,
 * the header fixes Exim makes for SMTP (Message-Id:, Date: and From: only for a local
 * {@code -bs} caller or in submission mode), the Received: header from
 * {@code received_header_text}, the headers an ACL adds or removes, then the -H file. It never
 * reports a message as taken before {@link IncomingMessage#commit} has made both files
 * durable; a reception closed without {@link #commit} leaves nothing on the spool. In
 * host-checking mode ({@code -bh}) nothing is written at all.
 */
public final class SmtpReception implements AutoCloseable {
    private static final DateTimeFormatter TOD_FULL =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss xx", Locale.ROOT);

    /**
     * Who sent the message and how (the -H file's dash lines and the Received: header).
     *
     * @param hostAddress the client's IP, or null for a local caller
     * @param local true for -bs/-bS from a local process (header fixes as for a local message)
     * @param originator login, uid and gid of the -H file's first line
     * @param ident $sender_ident (the RFC 1413 answer, or the caller's login for -bs)
     */
    public record Origin(String hostAddress, int hostPort, String hostName, String helo, String ident,
            String interfaceAddress, int interfacePort, String protocol, boolean local, String originatorLogin,
            long originatorUid, long originatorGid, String authenticator, String authenticatedId,
            String authenticatedSender, String tlsCipher, String tlsPeerDn, boolean tlsVerified, String tlsSni,
            String tlsVersion) {
    }

    /**
     * The envelope: sender (a byte string, "" for {@code <>}), the accepted recipients, DSN
     * ENVID and RET (0, 1 FULL, 2 HDRS), SMTPUTF8, and whether submission-mode fixes apply.
     */
    public record Envelope(String sender, List<Recipient> recipients, String dsnEnvid, int dsnRet,
            boolean smtputf8, boolean submission, String submissionDomain, String submissionName,
            boolean suppressLocalFixups, Map<String, String> messageAclVariables) {
        public Envelope {
            recipients = List.copyOf(recipients);
            messageAclVariables = Map.copyOf(messageAclVariables);
        }
    }

    /** How reading the data ended. */
    public enum Ending {
        /** All of it read. */
        OK,
        /** message_size_limit passed; the rest of the data must be read and dropped. */
        TOO_BIG,
        /** header_maxsize or header_line_maxsize passed. */
        HEADER_TOO_BIG,
        /** Too many Received: headers (received_headers_max): a mail loop. */
        LOOP
    }

    /**
     * Address rewriting at receipt: the rules, whether unqualified addresses in headers are
     * qualified (sender and recipient kinds), and where rewrites and bad rules are logged.
     */
    public record Rewriting(Rewriter rewriter, boolean allowUnqualifiedSender, boolean allowUnqualifiedRecipient,
            RewriteLog log) {
    }

    /** What {@link #commit} wrote: the id, the S= size and the Message-ID for the log's id=. */
    public record Stored(MessageId id, long size, String messageIdHeader, boolean messageIdCreated, String subject) {
    }

    private final Configuration config;
    private final Spool spool;
    private final ExpansionEngine engine;
    private final Clock clock;
    private final MessageId id;
    private final Origin origin;
    private Envelope envelope;
    private final boolean dryRun;
    private Rewriting rewriting;
    private final Instant receivedTime;
    private IncomingMessage incoming;
    private MessageReader reader;
    private final HeaderList headers = new HeaderList();
    private HeaderList.Entry msgid;
    private boolean msgidCreated;
    private HeaderList.Entry subject;
    private boolean wholeHeaderTooLong;
    private int headerLimit;
    private long bodySize;
    private long sizeRead = -1;
    private boolean frozen;
    private boolean bodyForScan;

    /**
     * @param dryRun true for {@code -bh}: read and check everything, write nothing
     */
    public SmtpReception(Configuration config, Spool spool, ExpansionEngine engine, Clock clock, MessageId id,
            Origin origin, Envelope envelope, boolean dryRun) {
        this.config = Objects.requireNonNull(config, "config");
        this.spool = spool;
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = clock;
        this.id = Objects.requireNonNull(id, "id");
        this.origin = origin;
        this.envelope = envelope;
        this.dryRun = dryRun;
        this.receivedTime = clock.instant();
    }

    public MessageId id() {
        return id;
    }

    /** Rewrites the envelope and headers in {@link #read}, as receive_msg does; without it nothing is rewritten. */
    public void rewriting(Rewriting r) {
        this.rewriting = r;
    }

    /** The envelope: as given, or after {@link #read} as rewritten (recipients {@code T}, sender {@code F}). */
    public Envelope envelope() {
        return envelope;
    }

    /**
     * Reads the message data (LF line ends, no dot-stuffing, ended by end of stream) into the
     * spool, makes the header fixes and the Received: header.
     *
     * @param context the session's variables, for received_header_text and the Message-Id options
     * @throws IOException when the spool cannot be written (the data stream's own errors too)
     */
    public Ending read(InputStream data, long sizeLimit, ExpansionContext context) throws IOException {
        if (!dryRun || bodyForScan) {
            spool.create();
            incoming = spool.receive(id);
        }
        OutputStream body = incoming == null ? OutputStream.nullOutputStream() : incoming.body();
        reader = new MessageReader(data, false, sizeLimit, config.get(MainOptions.HEADER_MAXSIZE),
                config.get(MainOptions.HEADER_LINE_MAXSIZE));
        try {
            reader.readHeaders(line -> false);
        } catch (MessageReader.Oversize e) {
            wholeHeaderTooLong = e.wholeSection();
            headerLimit = e.limit();
            reader.drain();
            return Ending.HEADER_TOO_BIG;
        }
        reader.headers().forEach(headers::addRead);
        MessageReader.End end = reader.end();
        if (reader.next() != null) {
            body.write(Rfc822.latin1Bytes(reader.next()));
            reader.countNextLine();
        }
        if (end != MessageReader.End.DOT) {
            end = reader.readBody(body);
        }
        body.flush();
        if (reader.inputError() != null) {
            throw reader.inputError();
        }
        if (end == MessageReader.End.SIZE) {
            // Exim reads to the end of the data and reports all it read.
            InputStream rest = reader.remaining();
            long more = 0;
            while (rest.read() >= 0) {
                more++;
            }
            sizeRead = reader.messageSize() + more;
            return Ending.TOO_BIG;
        }
        bodySize = incoming == null ? reader.messageSize() : incoming.body().size();
        int received = classify();
        if (received > config.get(MainOptions.RECEIVED_HEADERS_MAX)) {
            return Ending.LOOP;
        }
        boolean fixups = origin.local() && !envelope.suppressLocalFixups() || envelope.submission();
        if (fixups) {
            addMessageId(context);
        }
        if (rewriting != null) {
            rewrite(context);
        }
        if (fixups) {
            addFromAndDate();
        }
        makeReceivedHeader(context);
        return Ending.OK;
    }

    /** After {@link Ending#HEADER_TOO_BIG}: true for header_maxsize, false for header_line_maxsize. */
    public boolean wholeHeaderTooLong() {
        return wholeHeaderTooLong;
    }

    /** After {@link Ending#HEADER_TOO_BIG}: the limit passed. */
    public int headerLimit() {
        return headerLimit;
    }

    /** $message_size so far: what was read, line ends counted as one byte (all of it for a message too big). */
    public long messageSize() {
        return sizeRead >= 0 ? sizeRead : reader == null ? 0 : reader.messageSize();
    }

    public long bodyLinecount() {
        return reader == null ? 0 : reader.bodyLinecount();
    }

    /** The headers as an ACL sees them (not those deleted), as Java text. */
    public List<Header> visibleHeaders() {
        List<Header> visible = new ArrayList<>();
        for (HeaderList.Entry e : headers.entries()) {
            if (e.text != null && e.type != HeaderList.OLD) {
                visible.add(new HeaderLine(e.type, Rfc822.text(e.text)).toHeader());
            }
        }
        return visible;
    }

    /** The headers as the reject log shows them. */
    public List<String[]> loggedHeaders() {
        List<String[]> out = new ArrayList<>();
        for (HeaderList.Entry e : headers.entries()) {
            if (e.text != null) {
                out.add(new String[] {String.valueOf(e.type), Rfc822.text(e.text)});
            }
        }
        return out;
    }

    /**
     * In {@code -bh} mode, the body is written to the spool all the same (never committed, removed
     * on {@link #close}), for the MIME ACL: Exim writes the -D file in host checking and unlinks it
     * at the end. Call before {@link #read}.
     */
    public void keepBodyForScan() {
        bodyForScan = true;
    }

    /**
     * Whether the MIME ACL has a message to look at (receive.c's run_mime_acl): a Content-Type:
     * header not deleted, and a body on the spool.
     */
    public boolean hasContentType() {
        if (incoming == null) {
            return false;
        }
        for (HeaderList.Entry e : headers.entries()) {
            if (e.text != null && e.type != HeaderList.OLD && e.text.regionMatches(true, 0, "Content-Type:", 0, 13)) {
                return true;
            }
        }
        return false;
    }

    /**
     * spool_mbox's copy after its "From " and X-Envelope lines: the headers not deleted, a
     * blank line, and the body from the data file.
     */
    public void writeHeadersAndBody(OutputStream out) throws IOException {
        for (HeaderList.Entry e : headers.entries()) {
            if (e.text != null && e.type != HeaderList.OLD) {
                out.write(Rfc822.latin1Bytes(e.text));
            }
        }
        out.write('\n');
        incoming.body().flush();
        try (InputStream in = java.nio.file.Files.newInputStream(incoming.dataFile())) {
            in.skipNBytes(org.osprey.mta.core.spool.DataFileWriter.DATA_START);
            in.transferTo(out);
        }
    }

    /** control = freeze: the message is written frozen (-frozen in the -H file). */
    public void freeze() {
        frozen = true;
    }

    /** add_header lines (each ending in a newline) and remove_header names from an ACL. */
    public void applyAcl(List<String> add, List<String> remove) {
        for (String name : remove) {
            for (String n : name.split(":")) {
                String want = n.trim();
                if (want.isEmpty()) {
                    continue;
                }
                for (HeaderList.Entry e : headers.entries()) {
                    if (e.text != null && e.type != HeaderList.OLD && e.text.length() > want.length()
                            && e.text.regionMatches(true, 0, want, 0, want.length())
                            && (e.text.charAt(want.length()) == ':' || Rfc822.isSpace(e.text.charAt(want.length())))) {
                        e.type = HeaderList.OLD;
                    }
                }
            }
        }
        for (String line : add) {
            String text = Rfc822.bytes(line);
            headers.add(HeaderLine.typed(text).type(), text.endsWith("\n") ? text : text + "\n");
        }
    }

    /**
     * Writes the -H file and makes the message durable (in {@code -bh} mode, writes nothing).
     * Returns only once both files are on disk.
     */
    public Stored commit(Map<String, String> connectionAclVariables) throws IOException {
        Instant complete = clock.instant();
        HeaderFile header = headerFile(complete, connectionAclVariables);
        if (!dryRun) {
            incoming.commit(header);
        }
        String idText = null;
        if (msgid != null) {
            Rfc822.Syntax ms = new Rfc822.Syntax();
            ms.allowDomainLiterals = true;
            Rfc822.Extracted r = Rfc822.extract(HeaderList.value(msgid.text), ms, false);
            if (r.ok()) {
                idText = Rfc822.text(r.address());
            }
        }
        String subjectText = subject == null ? null : Rfc822.text(HeaderList.value(subject.text).strip());
        return new Stored(id, SpoolSize.of(header, bodySize), idText, msgidCreated, subjectText);
    }

    @Override
    public void close() throws IOException {
        if (incoming != null) {
            incoming.close();
        }
    }

    /** Sets each header's type; returns the number of Received: headers. */
    private int classify() {
        int received = 0;
        for (int i = 1; i < headers.size(); i++) {
            HeaderList.Entry h = headers.get(i);
            switch (HeaderList.checkName(h.text, false)) {
                case BCC -> h.type = HeaderList.BCC;
                case CC -> h.type = HeaderList.CC;
                case FROM -> h.type = HeaderList.FROM;
                case MESSAGE_ID -> {
                    if (msgid == null) {
                        msgid = h;
                        h.type = HeaderList.ID;
                    }
                }
                case RECEIVED -> {
                    h.type = HeaderList.RECEIVED;
                    received++;
                }
                case REPLY_TO -> h.type = HeaderList.REPLY_TO;
                case SENDER -> h.type = HeaderList.SENDER;
                case TO -> h.type = HeaderList.TO;
                case SUBJECT -> subject = h;
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
                case RETURN_PATH -> {
                    if (config.get(MainOptions.RETURN_PATH_REMOVE)) {
                        h.type = HeaderList.OLD;
                    }
                }
                default -> {
                }
            }
        }
        return received;
    }

    /**
     * receive_msg's rewriting once the header section is in: each recipient qualified and
     * rewritten, then the sender (when there are rules and it is not {@code <>}), each change
     * recorded in an {@code X-rewrote-} header typed deleted; then every header through
     * rewrite_header, a changed one kept typed deleted with its new version after it.
     */
    private void rewrite(ExpansionContext context) {
        Rewriter r = rewriting.rewriter();
        RewriteLog log = rewriting.log();
        List<Recipient> recipients = new ArrayList<>();
        for (Recipient rcpt : envelope.recipients()) {
            String a = r.rewriteAddress(rcpt.address(), true, h -> headers.add(h.type(), h.text()), context, log);
            recipients.add(new Recipient(a, rcpt.orcpt(), rcpt.dsnFlags(), rcpt.errorsTo(), rcpt.parent()));
        }
        String sender = envelope.sender();
        if (!r.isEmpty() && !sender.isEmpty()) {
            sender = r.rewriteAddress(sender, false, h -> headers.add(h.type(), h.text()), context, log);
        }
        envelope = new Envelope(sender, recipients, envelope.dsnEnvid(), envelope.dsnRet(), envelope.smtputf8(),
                envelope.submission(), envelope.submissionDomain(), envelope.submissionName(),
                envelope.suppressLocalFixups(), envelope.messageAclVariables());
        ExpansionContext c = context.with(Map.of("sender_address", Rfc822.text(sender)));
        for (int i = 1; i < headers.size(); i++) {
            HeaderList.Entry h = headers.get(i);
            if (h.type == HeaderList.OLD || h.text == null) {
                continue;
            }
            String text = r.rewriteHeader(new HeaderLine(h.type, h.text), rewriting.allowUnqualifiedSender(),
                    rewriting.allowUnqualifiedRecipient(), c, log);
            if (text != null) {
                headers.replace(h, new HeaderList.Entry(h.type, text));
                i++;
            }
        }
    }

    /**
     * receive.c: Message-Id:, From: and Date: are added when missing only for a local caller
     * (no host address, fixups not suppressed) or in submission mode. Message-Id: comes first,
     * before rewriting.
     */
    private void addMessageId(ExpansionContext context) {
        if (msgid == null) {
            ExpansionContext c = context.with(Map.of("message_exim_id", id.toString(), "message_id", id.toString()));
            String primary = config.get(MainOptions.PRIMARY_HOSTNAME);
            msgid = headers.add(HeaderList.ID, MessageIdHeader.text(config, primary == null ? "localhost" : primary,
                    id, "", (template, option) -> expand(template, c)));
            msgidCreated = true;
        }
    }

    /** The From: and Date: fixes, after rewriting (a From: made here carries the rewritten sender). */
    private void addFromAndDate() {
        boolean hasDate = false;
        boolean hasFrom = false;
        for (HeaderList.Entry e : headers.entries()) {
            if (e.text == null) {
                continue;
            }
            HeaderList.Name n = HeaderList.checkName(e.text, false);
            hasDate |= n == HeaderList.Name.DATE;
            hasFrom |= n == HeaderList.Name.FROM;
        }
        String sender = envelope.sender();
        if (!hasFrom && !sender.isEmpty()) {
            String name = envelope.submissionName() == null ? "" : Rfc822.bytes(envelope.submissionName());
            headers.add(HeaderList.FROM, "From: " + (name.isEmpty() ? sender : name + " <" + sender + ">") + "\n");
        }
        if (!hasDate) {
            headers.add(HeaderList.OTHER, "Date: " + TOD_FULL.format(ZonedDateTime.ofInstant(clock.instant(),
                    clock.getZone())) + "\n");
        }
    }

    private void makeReceivedHeader(ExpansionContext context) throws IOException {
        String template = config.get(MainOptions.RECEIVED_HEADER_TEXT);
        Map<String, String> more = new HashMap<>();
        more.put("message_exim_id", id.toString());
        more.put("message_id", id.toString());
        if (envelope.recipients().size() == 1) {
            more.put("received_for", Rfc822.text(envelope.recipients().get(0).address()));
        }
        String text;
        try {
            text = Rfc822.bytes(engine.compile(template == null ? "" : template).expand(context.with(more)));
        } catch (ExpansionException e) {
            throw new IOException("Expansion of \"" + template + "\" (received_header_text) failed: "
                    + e.getMessage());
        }
        String timestamp = TOD_FULL.format(ZonedDateTime.ofInstant(clock.instant(), clock.getZone()));
        HeaderList.Entry h = headers.received();
        if (text.isEmpty()) {
            h.text = "Received: ; " + timestamp + "\n";
            h.type = HeaderList.OLD;
        } else {
            h.text = text + ";\n\t" + timestamp + "\n";
            h.type = HeaderList.RECEIVED;
        }
    }

    private String expand(String template, ExpansionContext context) {
        try {
            return Rfc822.bytes(engine.compile(template).expand(context));
        } catch (ExpansionException e) {
            return null;
        }
    }

    private HeaderFile headerFile(Instant complete, Map<String, String> connectionAclVariables) {
        HeaderFile.Builder b = HeaderFile.builder(id)
                .originator(origin.originatorLogin(), origin.originatorUid(), origin.originatorGid())
                .sender(envelope.sender())
                .receivedTime(receivedTime.getEpochSecond())
                .warningCount(0)
                .variable("received_time_usec", String.format(".%06d", receivedTime.getNano() / 1000))
                .variable("received_time_complete", complete.getEpochSecond()
                        + String.format(".%06d", complete.getNano() / 1000));
        if (origin.helo() != null) {
            b.variable(new SpoolVariable("helo_name", origin.helo(), true, null));
        }
        if (origin.hostAddress() != null) {
            b.variable(new SpoolVariable("host_address", "[" + origin.hostAddress() + "]:" + origin.hostPort(), true,
                    null));
            if (origin.hostName() != null) {
                b.variable(new SpoolVariable("host_name", origin.hostName(), true, null));
            }
        }
        if (origin.authenticator() != null) {
            b.variable("host_auth", origin.authenticator());
        }
        if (origin.interfaceAddress() != null) {
            b.variable(new SpoolVariable("interface_address", "[" + origin.interfaceAddress() + "]:"
                    + origin.interfacePort(), true, null));
        }
        if (origin.ident() != null) {
            b.variable("ident", origin.ident());
        }
        b.variable("received_protocol", origin.protocol());
        connectionAclVariables.forEach((k, v) -> b.acl(aclVariable(k, v)));
        envelope.messageAclVariables().forEach((k, v) -> b.acl(aclVariable(k, v)));
        b.variable("body_linecount", Long.toString(reader.bodyLinecount()))
                .variable("max_received_linelength", Long.toString(reader.maxReceivedLinelength()));
        if (reader.bodyZerocount() > 0) {
            b.variable("body_zerocount", Long.toString(reader.bodyZerocount()));
        }
        if (origin.authenticatedId() != null) {
            b.variable("auth_id", origin.authenticatedId());
        }
        if (origin.authenticatedSender() != null) {
            b.variable("auth_sender", origin.authenticatedSender());
        }
        if (origin.local()) {
            b.flag("allow_unqualified_recipient").flag("allow_unqualified_sender");
        }
        b.flag("deliver_firsttime");
        if (frozen) {
            b.variable("frozen", Long.toString(complete.getEpochSecond()));
        }
        if (origin.tlsCipher() != null) {
            b.variable("tls_certificate_verified", origin.tlsVerified() ? "1" : "0");
            b.variable("tls_cipher", origin.tlsCipher());
            if (origin.tlsPeerDn() != null) {
                b.variable("tls_peerdn", origin.tlsPeerDn());
            }
            if (origin.tlsSni() != null) {
                b.variable("tls_sni", origin.tlsSni());
            }
        }
        b.variable("tls_resumption", "A");
        if (origin.tlsVersion() != null) {
            b.variable("tls_ver", origin.tlsVersion());
        }
        if (envelope.smtputf8()) {
            b.flag("smtputf8");
        }
        if (envelope.dsnEnvid() != null) {
            b.variable("dsn_envid", envelope.dsnEnvid());
        }
        if (envelope.dsnRet() != 0) {
            b.variable("dsn_ret", Integer.toString(envelope.dsnRet()));
        }
        envelope.recipients().forEach(b::recipient);
        headers.toSpool().forEach(b::header);
        return b.build();
    }

    /** acl_c* / acl_m* as the -H file keeps them: -aclc / -aclm with the rest of the name. */
    private static org.osprey.mta.core.spool.AclVariable aclVariable(String name, String value) {
        String rest = name.substring(5);
        return new org.osprey.mta.core.spool.AclVariable(name.charAt(4), rest, value, false, null);
    }
}
