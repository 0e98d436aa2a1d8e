package org.osprey.mta.core.log;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One line of Exim's logs, as a value: what happened, with the facts the line may show.
 * {@link #render} gives the line's text after the timestamp, pid and message id, exactly as
 * Exim 4.96 writes it under the given {@code log_selector}, or nothing when the selection
 * turns the line off. {@link LogWriter} adds the rest and writes it where {@link #files()}
 * says.
 *
 * <p>The events never format times or hosts themselves: they carry durations and
 * {@link Peer}/{@link Outgoing} values, and the selection decides what shows.
 */
public sealed interface LogEvent {

    /** The message id written before the text, or null for a line about no message. */
    String messageId();

    /** The logs the line goes to. */
    Set<LogFile> files();

    /** The text, or empty when the selection suppresses the line. */
    Optional<String> render(LogSelector selector);

    /**
     * What follows the line in the rejectlog only (each part ending in a newline), or "":
     * the envelope and headers of a message rejected after DATA, under +rejected_header.
     */
    default String rejectDetail(LogSelector selector) {
        return "";
    }

    /**
     * A header as Exim's rejectlog shows it: its type letter (P for Received, F From,
     * I Message-Id, T To, C Cc, R Reply-To, S Sender, * deleted, space for others) and its
     * text, folded lines and final newline included.
     */
    record LoggedHeader(char type, String text) {
    }

    /** The envelope and headers of a message rejected after DATA. */
    record RejectedContent(String sender, List<String> recipients, List<LoggedHeader> headers) {
        public RejectedContent {
            recipients = List.copyOf(recipients);
            headers = List.copyOf(headers);
        }

        String render() {
            StringBuilder out = new StringBuilder();
            if (!recipients.isEmpty()) {
                out.append("Envelope-from: <").append(sender).append(">\n");
                out.append("Envelope-to: <").append(recipients.get(0)).append(">\n");
                int i = 1;
                for (; i < recipients.size() && i < 5; i++) {
                    out.append("    <").append(recipients.get(i)).append(">\n");
                }
                if (i < recipients.size()) {
                    out.append("    ...\n");
                }
            }
            for (LoggedHeader h : headers) {
                out.append(h.type()).append(' ').append(h.text());
                if (!h.text().endsWith("\n")) {
                    out.append('\n');
                }
            }
            return out.toString();
        }
    }

    /** How a delivery line starts. */
    enum DeliveryKind {
        /** {@code =>} the first address of a delivery. */
        DELIVERED("=>"),
        /** {@code ->} another address in the same delivery. */
        ANOTHER("->"),
        /** {@code >>} a cutthrough delivery, done during reception. */
        CUTTHROUGH(">>"),
        /** {@code *>} a delivery suppressed by -N. */
        SUPPRESSED("*>");

        private final String flag;

        DeliveryKind(String flag) {
            this.flag = flag;
        }

        public String flag() {
            return flag;
        }
    }

    /** The {@code <=} line (receive.c): a message was accepted, or {@code (=} for a fakereject. */
    record Received(String messageId, String sender, String reference, Peer peer, String ident, String protocol,
            String pipelining, Tls tls, String authenticator, boolean prdr, boolean chunking, long size,
            int bodyType, String dkim, Duration receiveTime, String messageIdHeader, boolean messageIdCreated,
            String subject, List<String> recipients, boolean fakeReject) implements LogEvent {

        public Received {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(sender, "sender");
            recipients = recipients == null ? List.of() : List.copyOf(recipients);
        }

        public static Builder builder(String messageId, String sender, long size) {
            return new Builder(messageId, sender, size);
        }

        @Override
        public Set<LogFile> files() {
            return EnumSet.of(LogFile.MAIN);
        }

        @Override
        public Optional<String> render(LogSelector s) {
            StringBuilder out = new StringBuilder(fakeReject ? "(= " : "<= ").append(sender.isEmpty() ? "<>" : sender);
            if (reference != null) {
                out.append(" R=").append(reference);
            }
            if (peer != null) {
                out.append(" H=").append(peer.fullHost(s)).append(peer.interfaceInfo(s));
            }
            if (ident != null) {
                out.append(" U=").append(ident);
            }
            if (protocol != null) {
                out.append(" P=").append(protocol);
            }
            if (s.on(Selector.PIPELINING) && pipelining != null) {
                out.append(' ').append(pipelining);
            }
            if (tls != null) {
                out.append(tls.render(s, true));
            }
            if (authenticator != null) {
                out.append(" A=").append(authenticator);
            }
            if (prdr) {
                out.append(" PRDR");
            }
            if (chunking) {
                out.append(" K");
            }
            out.append(" S=").append(size);
            if (s.on(Selector.EIGHTBITMIME)) {
                out.append(" M8S=").append(bodyType);
            }
            if (dkim != null && s.on("dkim")) {
                out.append(" DKIM=").append(dkim);
            }
            if (s.on(Selector.RECEIVE_TIME) && receiveTime != null) {
                out.append(" RT=").append(LogText.duration(receiveTime, s));
            }
            if (messageIdHeader != null && s.on(Selector.MSG_ID) && (s.on(Selector.MSG_ID_CREATED) || !messageIdCreated)) {
                out.append(messageIdCreated ? " id*=" : " id=").append(LogText.printing(messageIdHeader));
            }
            if (subject != null && s.on(Selector.SUBJECT)) {
                out.append(" T=").append(LogText.quoted(subject, 100, true));
            }
            if (s.on(Selector.RECEIVED_SENDER)) {
                out.append(" from <").append(sender).append('>');
            }
            if (s.on(Selector.RECEIVED_RECIPIENTS) && !recipients.isEmpty()) {
                out.append(" for");
                for (String r : recipients) {
                    out.append(' ').append(r);
                }
            }
            return Optional.of(out.toString());
        }

        /** Builds a {@link Received}; everything but the id, sender and size is optional. */
        public static final class Builder {
            private final String messageId;
            private final String sender;
            private final long size;
            private String reference;
            private Peer peer;
            private String ident;
            private String protocol;
            private String pipelining;
            private Tls tls;
            private String authenticator;
            private boolean prdr;
            private boolean chunking;
            private int bodyType;
            private String dkim;
            private Duration receiveTime;
            private String messageIdHeader;
            private boolean messageIdCreated;
            private String subject;
            private List<String> recipients = List.of();
            private boolean fakeReject;

            private Builder(String messageId, String sender, long size) {
                this.messageId = messageId;
                this.sender = sender;
                this.size = size;
            }

            /** R=: the message this bounce is about. */
            public Builder reference(String id) {
                this.reference = id;
                return this;
            }

            public Builder peer(Peer p) {
                this.peer = p;
                return this;
            }

            /** U=: the RFC 1413 ident or, for a local message, the login. */
            public Builder ident(String u) {
                this.ident = u;
                return this;
            }

            /** P=: local, esmtp, esmtps, esmtpa ... */
            public Builder protocol(String p) {
                this.protocol = p;
                return this;
            }

            /** The pipelining flag under +pipelining: L, L., L* followed by - when not used. */
            public Builder pipelining(String flag) {
                this.pipelining = flag;
                return this;
            }

            public Builder tls(Tls t) {
                this.tls = t;
                return this;
            }

            /** A=: {@code name} or {@code name:id} or {@code name:id:authenticated-sender}. */
            public Builder authenticator(String a) {
                this.authenticator = a;
                return this;
            }

            public Builder prdr(boolean b) {
                this.prdr = b;
                return this;
            }

            public Builder chunking(boolean b) {
                this.chunking = b;
                return this;
            }

            /** M8S=: 0 no BODY=, 7 BODY=7BIT, 8 BODY=8BITMIME. */
            public Builder bodyType(int t) {
                this.bodyType = t;
                return this;
            }

            public Builder dkim(String verdict) {
                this.dkim = verdict;
                return this;
            }

            public Builder receiveTime(Duration d) {
                this.receiveTime = d;
                return this;
            }

            /** id= (or id*= when Osprey created the header): the Message-ID, without angle brackets. */
            public Builder messageIdHeader(String id, boolean created) {
                this.messageIdHeader = id;
                this.messageIdCreated = created;
                return this;
            }

            /** T=: the decoded Subject: header. */
            public Builder subject(String t) {
                this.subject = t;
                return this;
            }

            public Builder recipients(List<String> r) {
                this.recipients = r;
                return this;
            }

            public Builder fakeReject(boolean b) {
                this.fakeReject = b;
                return this;
            }

            public Received build() {
                return new Received(messageId, sender, reference, peer, ident, protocol, pipelining, tls,
                        authenticator, prdr, chunking, size, bodyType, dkim, receiveTime, messageIdHeader,
                        messageIdCreated, subject, recipients, fakeReject);
            }
        }
    }

    /** The {@code =>}, {@code ->}, {@code >>} and {@code *>} lines (deliver.c, delivery_log). */
    record Delivered(DeliveryKind kind, String messageId, LogAddress address, String sender, String returnPath,
            String router, String transport, long size, String localHost, String localAddress, int localPort,
            Outgoing outgoing, Tls tls, String authenticator, boolean pipelining, boolean earlyPipelining,
            boolean prdr, boolean chunking, String confirmation, Duration queueTime, Duration queueTimeExclusive,
            Duration deliverTime, String shadow) implements LogEvent {

        public Delivered {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(transport, "transport");
        }

        public static Builder builder(DeliveryKind kind, String messageId, LogAddress address, String transport) {
            return new Builder(kind, messageId, address, transport);
        }

        @Override
        public Set<LogFile> files() {
            return EnumSet.of(LogFile.MAIN);
        }

        @Override
        public Optional<String> render(LogSelector s) {
            StringBuilder out = new StringBuilder(kind.flag()).append(' ').append(address.render(s));
            if (s.on(Selector.SENDER_ON_DELIVERY) && sender != null) {
                out.append(" F=<").append(sender).append('>');
            }
            if (returnPath != null && s.on(Selector.RETURN_PATH_ON_DELIVERY)) {
                out.append(" P=<").append(returnPath).append('>');
            }
            if (router != null) {
                out.append(" R=").append(router);
            }
            out.append(" T=").append(transport);
            if (s.on(Selector.DELIVERY_SIZE)) {
                out.append(" S=").append(size);
            }
            if (outgoing == null) {
                if (localHost != null) {
                    out.append(" H=").append(localHost);
                }
                out.append(Outgoing.localInterface(s, localAddress, localPort));
                if (shadow != null) {
                    out.append(shadow);
                }
            } else {
                out.append(outgoing.render(s));
                if (tls != null) {
                    out.append(tls.render(s, false));
                }
                if (authenticator != null) {
                    out.append(" A=").append(authenticator);
                }
                if (s.on(Selector.PIPELINING)) {
                    if (pipelining) {
                        out.append(" L");
                    }
                    if (earlyPipelining) {
                        out.append('*');
                    }
                }
                if (prdr) {
                    out.append(" PRDR");
                }
                if (chunking) {
                    out.append(" K");
                }
            }
            if (confirmation != null && s.on(Selector.SMTP_CONFIRMATION)) {
                out.append(" C=").append(LogText.quoted(confirmation, 1024, false));
            }
            if (s.on(Selector.QUEUE_TIME)) {
                Duration qt = s.on(Selector.QUEUE_TIME_EXCLUSIVE) ? queueTimeExclusive : queueTime;
                out.append(" QT=").append(LogText.duration(qt == null ? Duration.ZERO : qt, s));
            }
            if (s.on(Selector.DELIVER_TIME)) {
                out.append(" DT=").append(LogText.duration(deliverTime == null ? Duration.ZERO : deliverTime, s));
            }
            return Optional.of(out.toString());
        }

        /** Builds a {@link Delivered}. */
        public static final class Builder {
            private final DeliveryKind kind;
            private final String messageId;
            private final LogAddress address;
            private final String transport;
            private String sender;
            private String returnPath;
            private String router;
            private long size;
            private String localHost;
            private String localAddress;
            private int localPort;
            private Outgoing outgoing;
            private Tls tls;
            private String authenticator;
            private boolean pipelining;
            private boolean earlyPipelining;
            private boolean prdr;
            private boolean chunking;
            private String confirmation;
            private Duration queueTime;
            private Duration queueTimeExclusive;
            private Duration deliverTime;
            private String shadow;

            private Builder(DeliveryKind kind, String messageId, LogAddress address, String transport) {
                this.kind = kind;
                this.messageId = messageId;
                this.address = address;
                this.transport = transport;
            }

            /** F=, under +sender_on_delivery: the envelope sender. */
            public Builder sender(String s) {
                this.sender = s;
                return this;
            }

            /** P=, under +return_path_on_delivery: the return path the transport used. */
            public Builder returnPath(String p) {
                this.returnPath = p;
                return this;
            }

            public Builder router(String r) {
                this.router = r;
                return this;
            }

            /** S=, under +delivery_size: the bytes the transport wrote. */
            public Builder size(long bytes) {
                this.size = bytes;
                return this;
            }

            /** H= for a local transport that was given a host list: the first host's name. */
            public Builder localHost(String name) {
                this.localHost = name;
                return this;
            }

            /** The local end of the outgoing connection (I=). */
            public Builder localInterface(String address, int port) {
                this.localAddress = address;
                this.localPort = port;
                return this;
            }

            /** The remote host used: makes this a remote delivery line. */
            public Builder outgoing(Outgoing o) {
                this.outgoing = o;
                if (o != null && o.localAddress() != null) {
                    this.localAddress = o.localAddress();
                    this.localPort = o.localPort();
                }
                return this;
            }

            public Builder tls(Tls t) {
                this.tls = t;
                return this;
            }

            public Builder authenticator(String a) {
                this.authenticator = a;
                return this;
            }

            public Builder pipelining(boolean used, boolean early) {
                this.pipelining = used;
                this.earlyPipelining = early;
                return this;
            }

            public Builder prdr(boolean b) {
                this.prdr = b;
                return this;
            }

            public Builder chunking(boolean b) {
                this.chunking = b;
                return this;
            }

            /** C=, under +smtp_confirmation: the SMTP or LMTP reply to the data. */
            public Builder confirmation(String reply) {
                this.confirmation = reply;
                return this;
            }

            /**
             * QT=: time since reception started, and since it completed (the one shown under
             * +queue_time_exclusive, a default).
             */
            public Builder queueTime(Duration sinceStart, Duration sinceComplete) {
                this.queueTime = sinceStart;
                this.queueTimeExclusive = sinceComplete;
                return this;
            }

            /** DT=: how long the transport took. */
            public Builder deliverTime(Duration d) {
                this.deliverTime = d;
                return this;
            }

            /**
             * What a local delivery's shadow transport did (deliver.c's shadow_message):
             * {@code " ST=name"}, or {@code " ST=name (error)"} when it failed.
             */
            public Builder shadow(String text) {
                this.shadow = text;
                return this;
            }

            public Delivered build() {
                return new Delivered(kind, messageId, address, sender, returnPath, router, transport, size, localHost,
                        localAddress, localPort, outgoing, tls, authenticator, pipelining, earlyPipelining, prdr,
                        chunking, confirmation, queueTime, queueTimeExclusive, deliverTime, shadow);
            }
        }
    }

    /**
     * The {@code **} line (deliver.c, failure_log): an address failed for good.
     *
     * @param errorText the system error's text (Exim's strerror of basic_errno) or null
     * @param message the error message, e.g. the router's :fail: text, or null
     */
    record Failed(String messageId, LogAddress address, String sender, String returnPath, String router,
            String transport, Outgoing outgoing, Tls tls, String errorText, String message, Duration deliverTime)
            implements LogEvent {

        public Failed {
            Objects.requireNonNull(address, "address");
        }

        /** A failure by a router: {@code ** address R=router: message}. */
        public static Failed byRouter(String messageId, LogAddress address, String sender, String router,
                String message) {
            return new Failed(messageId, address, sender, null, router, null, null, null, null, message, null);
        }

        @Override
        public Set<LogFile> files() {
            return EnumSet.of(LogFile.MAIN);
        }

        @Override
        public Optional<String> render(LogSelector s) {
            StringBuilder out = new StringBuilder("** ").append(address.render(s));
            if (s.on(Selector.SENDER_ON_DELIVERY) && sender != null) {
                out.append(" F=<").append(sender).append('>');
            }
            if (returnPath != null && s.on(Selector.RETURN_PATH_ON_DELIVERY)) {
                out.append(" P=<").append(returnPath).append('>');
            }
            if (router != null) {
                out.append(" R=").append(router);
            }
            if (transport != null) {
                out.append(" T=").append(transport);
            }
            if (outgoing != null) {
                out.append(outgoing.render(s));
            }
            if (tls != null) {
                out.append(tls.render(s, false));
            }
            if (errorText != null) {
                out.append(": ").append(errorText);
            }
            if (message != null) {
                out.append(": ").append(message);
            }
            if (s.on(Selector.DELIVER_TIME)) {
                out.append(" DT=").append(LogText.duration(deliverTime == null ? Duration.ZERO : deliverTime, s));
            }
            return Optional.of(out.toString());
        }
    }

    /**
     * The {@code ==} line (deliver.c, deferral_log): an address was deferred.
     *
     * @param router the router that deferred it, or that routed it to the transport
     * @param transport the transport that deferred it, or null when a router did
     * @param routingText when neither: Exim's driver_kind text, e.g. {@code routing}, or null
     * @param errno Exim's basic_errno: 0, a system errno, or one of Exim's negative codes
     * @param errorText the text of a positive errno, or null
     * @param retryTimeNotReached whether this is a "retry time not reached" kind of defer,
     *        which only +retry_defer (a default) logs
     */
    record Deferred(String messageId, LogAddress address, String router, String transport, String routingText,
            int errno, String errorText, Outgoing outgoing, String message, Duration deliverTime,
            boolean retryTimeNotReached) implements LogEvent {

        public Deferred {
            Objects.requireNonNull(address, "address");
        }

        /** A defer by a router: {@code == address R=router defer (errno): message}. */
        public static Deferred byRouter(String messageId, LogAddress address, String router, int errno,
                String message) {
            return new Deferred(messageId, address, router, null, null, errno, null, null, message, null, false);
        }

        @Override
        public Set<LogFile> files() {
            return EnumSet.of(LogFile.MAIN);
        }

        @Override
        public Optional<String> render(LogSelector s) {
            if (retryTimeNotReached && !s.on(Selector.RETRY_DEFER)) {
                return Optional.empty();
            }
            StringBuilder out = new StringBuilder("== ").append(address.render(s));
            if (transport != null) {
                if (router != null) {
                    out.append(" R=").append(router);
                }
                out.append(" T=").append(transport);
            } else if (router != null) {
                out.append(" R=").append(router);
            } else if (routingText != null) {
                out.append(' ').append(routingText);
            }
            out.append(" defer (").append(errno).append(')');
            if (errno > 0 && errorText != null) {
                out.append(": ").append(errorText);
            }
            if (outgoing != null) {
                out.append(outgoing.render(s));
            }
            if (s.on(Selector.DELIVER_TIME)) {
                out.append(" DT=").append(LogText.duration(deliverTime == null ? Duration.ZERO : deliverTime, s));
            }
            if (message != null) {
                out.append(": ").append(message);
            }
            return Optional.of(out.toString());
        }
    }

    /** {@code Completed}: every address of the message is done; QT= under +queue_time_overall. */
    record Completed(String messageId, Duration queueTime) implements LogEvent {
        @Override
        public Set<LogFile> files() {
            return EnumSet.of(LogFile.MAIN);
        }

        @Override
        public Optional<String> render(LogSelector s) {
            return Optional.of(s.on(Selector.QUEUE_TIME_OVERALL) && queueTime != null
                    ? "Completed QT=" + LogText.duration(queueTime, s)
                    : "Completed");
        }
    }

    /**
     * {@code Frozen} followed by Exim's frozen_info: "" (a router's or filter's freeze),
     * {@code " (delivery error message)"}, {@code " (message created with -f <>)"} or
     * {@code " by the system filter: text"}.
     */
    record Frozen(String messageId, String info) implements LogEvent {
        public static Frozen plain(String messageId) {
            return new Frozen(messageId, "");
        }

        /** A bounce that could not be delivered. */
        public static Frozen deliveryErrorMessage(String messageId) {
            return new Frozen(messageId, " (delivery error message)");
        }

        /** A local message sent with -f <> that could not be delivered. */
        public static Frozen createdWithNullSender(String messageId) {
            return new Frozen(messageId, " (message created with -f <>)");
        }

        public static Frozen bySystemFilter(String messageId, String filterMessage) {
            return new Frozen(messageId, " by the system filter" + (filterMessage == null ? "" : ": " + filterMessage));
        }

        @Override
        public Set<LogFile> files() {
            return EnumSet.of(LogFile.MAIN);
        }

        @Override
        public Optional<String> render(LogSelector s) {
            return Optional.of("Frozen" + (info == null ? "" : info));
        }
    }

    /** {@code Unfrozen by how}: "forced delivery", "auto-thaw", "errmsg timer". */
    record Unfrozen(String messageId, String how) implements LogEvent {
        @Override
        public Set<LogFile> files() {
            return EnumSet.of(LogFile.MAIN);
        }

        @Override
        public Optional<String> render(LogSelector s) {
            return Optional.of("Unfrozen by " + how);
        }
    }

    /**
     * An SMTP rejection, in the mainlog and the rejectlog (acl.c):
     * {@code H=host U=ident F=<sender> rejected RCPT <rcpt>: message}.
     *
     * @param peer the client, or null for a local -bs session
     * @param ident U=: the ident or local login, or null
     * @param sender F=: the envelope sender once MAIL was given, or null
     * @param what e.g. {@code rejected RCPT <x@y>}, {@code rejected MAIL <x@y>},
     *        {@code rejected connection in "connect" ACL}, {@code rejected after DATA}
     * @param message the ACL's message, or null
     * @param gate the selector that must be on (connection_reject for connect-time
     *        rejections), or null
     * @param content for a rejection after DATA, the envelope and headers the rejectlog
     *        shows under +rejected_header (a default), or null
     */
    record Rejected(String messageId, Peer peer, String ident, String sender, String what, String message,
            Selector gate, RejectedContent content) implements LogEvent {
        public Rejected {
            Objects.requireNonNull(what, "what");
        }

        /** A rejection before DATA: no envelope and headers to show. */
        public Rejected(String messageId, Peer peer, String ident, String sender, String what, String message,
                Selector gate) {
            this(messageId, peer, ident, sender, what, message, gate, null);
        }

        @Override
        public String rejectDetail(LogSelector s) {
            return content == null || !s.on(Selector.REJECTED_HEADER) ? "" : content.render();
        }

        @Override
        public Set<LogFile> files() {
            return EnumSet.of(LogFile.MAIN, LogFile.REJECT);
        }

        @Override
        public Optional<String> render(LogSelector s) {
            if (gate != null && !s.on(gate)) {
                return Optional.empty();
            }
            StringBuilder out = new StringBuilder(hostAndIdent(s, peer, ident));
            if (sender != null) {
                out.append(out.length() == 0 ? "" : " ").append("F=<").append(sender).append('>');
            }
            out.append(out.length() == 0 ? "" : " ").append(what);
            if (message != null) {
                out.append(": ").append(message);
            }
            return Optional.of(out.toString());
        }
    }

    /**
     * An SMTP connection line: {@code SMTP connection from HOST ...}. Opened and closed lines
     * need +smtp_connection; a lost connection needs +lost_incoming_connection (a default).
     */
    record Connection(Peer peer, String ident, String tail, Selector gate) implements LogEvent {
        /**
         * The daemon's line for a new connection, before any name or HELO is known: only the
         * peer's address, port and interface show, whatever else it carries.
         */
        public static Connection opened(Peer peer, int count) {
            return new Connection(bare(peer), null, "(TCP/IP connection count = " + count + ")",
                    Selector.SMTP_CONNECTION);
        }

        private static Peer bare(Peer peer) {
            return new Peer(null, null, peer.address(), peer.port(), peer.interfaceAddress(), peer.interfacePort());
        }

        /** The session's own first line, e.g. {@code SMTP connection from root} for -bs. */
        public static Connection started(Peer peer, String ident) {
            return new Connection(peer, ident, null, Selector.SMTP_CONNECTION);
        }

        public static Connection closedByQuit(Peer peer, String ident) {
            return new Connection(peer, ident, "closed by QUIT", Selector.SMTP_CONNECTION);
        }

        /** e.g. "lost while reading message data". */
        public static Connection lost(Peer peer, String ident, String detail) {
            return new Connection(peer, ident, detail, Selector.LOST_INCOMING_CONNECTION);
        }

        @Override
        public String messageId() {
            return null;
        }

        @Override
        public Set<LogFile> files() {
            return EnumSet.of(LogFile.MAIN);
        }

        @Override
        public Optional<String> render(LogSelector s) {
            if (gate != null && !s.on(gate)) {
                return Optional.empty();
            }
            String who = peer == null ? String.valueOf(ident) : peer.fullHost(s) + peer.interfaceInfo(s);
            return Optional.of("SMTP connection from " + who + (tail == null ? "" : " " + tail));
        }
    }

    /**
     * The daemon turning a connection away before a session starts, under
     * +connection_reject (a default): {@code Connection from [ip] refused: too many connections}.
     */
    record ConnectionRefused(Peer peer, String reason) implements LogEvent {
        @Override
        public String messageId() {
            return null;
        }

        @Override
        public Set<LogFile> files() {
            return EnumSet.of(LogFile.MAIN);
        }

        @Override
        public Optional<String> render(LogSelector s) {
            if (!s.on(Selector.CONNECTION_REJECT)) {
                return Optional.empty();
            }
            Peer bare = new Peer(null, null, peer.address(), peer.port(), peer.interfaceAddress(),
                    peer.interfacePort());
            return Optional.of("Connection from " + bare.fullHost(s) + bare.interfaceInfo(s) + " refused: " + reason);
        }
    }

    /**
     * A failed host lookup, under +host_lookup_failed (a default):
     * {@code no host name found for IP address 192.0.2.1}, or another text the lookup gave.
     */
    record HostLookupFailed(String text) implements LogEvent {
        /** The reverse lookup of a client's address found no name. */
        public static HostLookupFailed noHostName(String address) {
            return new HostLookupFailed("no host name found for IP address " + address);
        }

        @Override
        public String messageId() {
            return null;
        }

        @Override
        public Set<LogFile> files() {
            return EnumSet.of(LogFile.MAIN);
        }

        @Override
        public Optional<String> render(LogSelector s) {
            return s.on(Selector.HOST_LOOKUP_FAILED) ? Optional.of(text) : Optional.empty();
        }
    }

    /** {@code Start queue run: pid=N -qf} and {@code End queue run: ...}, under +queue_run. */
    record QueueRun(boolean start, long pid, String arguments) implements LogEvent {
        @Override
        public String messageId() {
            return null;
        }

        @Override
        public Set<LogFile> files() {
            return EnumSet.of(LogFile.MAIN);
        }

        @Override
        public Optional<String> render(LogSelector s) {
            if (!s.on(Selector.QUEUE_RUN)) {
                return Optional.empty();
            }
            return Optional.of((start ? "Start" : "End") + " queue run: pid=" + pid
                    + (arguments == null || arguments.isEmpty() ? "" : " " + arguments));
        }
    }

    /** A panic: to the paniclog, and as Exim does, to the mainlog and stderr as well. */
    record Panic(String messageId, String text) implements LogEvent {
        @Override
        public Set<LogFile> files() {
            return EnumSet.of(LogFile.MAIN, LogFile.PANIC);
        }

        @Override
        public Optional<String> render(LogSelector s) {
            return Optional.of(text);
        }
    }

    /** Any other line, written as given (gated by a selector when one is named). */
    record Line(String messageId, Set<LogFile> files, String text, Selector gate) implements LogEvent {
        public Line {
            files = EnumSet.copyOf(files);
        }

        @Override
        public Set<LogFile> files() {
            return EnumSet.copyOf(files);
        }

        @Override
        public Optional<String> render(LogSelector s) {
            return gate != null && !s.on(gate) ? Optional.empty() : Optional.of(text);
        }
    }

    /** Exim's host_and_ident(TRUE): {@code H=host I=[ip]:port U=ident}, the parts that are known. */
    private static String hostAndIdent(LogSelector s, Peer peer, String ident) {
        StringBuilder out = new StringBuilder();
        if (peer != null) {
            out.append("H=").append(peer.fullHost(s)).append(peer.interfaceInfo(s));
        }
        if (ident != null) {
            out.append(out.length() == 0 ? "" : " ").append("U=").append(ident);
        }
        return out.toString();
    }
}
