package org.osprey.mta.core.deliver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.osprey.mta.core.bounce.BounceMessage;
import org.osprey.mta.core.bounce.BouncePolicy;
import org.osprey.mta.core.bounce.RemoteHost;
import org.osprey.mta.core.bounce.SyntaxErrorsMessage;
import org.osprey.mta.core.bounce.ReportedAddress;
import org.osprey.mta.core.bounce.WarningMessage;
import org.osprey.mta.core.config.DriverInstance;
import org.osprey.mta.core.daemon.ServicePorts;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.config.RouterOptions;
import org.osprey.mta.core.config.TransportOptions;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.Numbers;
import org.osprey.mta.core.hints.HintsStore;
import org.osprey.mta.core.log.LogAddress;
import org.osprey.mta.core.log.DebugOutput;
import org.osprey.mta.core.log.LogEvent;
import org.osprey.mta.core.log.LogFile;
import org.osprey.mta.core.log.Outgoing;
import org.osprey.mta.core.log.Tls;
import org.osprey.mta.core.registry.ConfiguredTransport;
import org.osprey.mta.core.registry.OptionSetting;
import org.osprey.mta.core.retry.RetryError;
import org.osprey.mta.core.retry.RetryKeys;
import org.osprey.mta.core.retry.RetryPolicy;
import org.osprey.mta.core.retry.RetryRecord;
import org.osprey.mta.core.route.Routing;
import org.osprey.mta.core.route.RoutingOutcome;
import org.osprey.mta.core.route.RoutingRequest;
import org.osprey.mta.core.rewrite.RewriteLog;
import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.HeaderLine;
import org.osprey.mta.core.spool.Journal;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.core.spool.MessageLock;
import org.osprey.mta.core.spool.Recipient;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Header;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.HostStatus;
import org.osprey.mta.kernel.router.HostFinder;
import org.osprey.mta.kernel.router.NewAddress;
import org.osprey.mta.kernel.router.RoutingContext;
import org.osprey.mta.kernel.router.RoutingContext.Purpose;
import org.osprey.mta.kernel.transport.MessageSubmitter;
import org.osprey.mta.kernel.transport.DeliveryFlag;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.HostAttempt;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * One delivery attempt at one message (Exim's deliver_message), under the message's lock.
 *
 * <p>Crash safety rests on two rules. A success is written to the -J journal (forced to
 * disk) as soon as the transport reports it, before anything else happens; and the -H file
 * changes only by durable replacement, at the end. So a crash at any moment repeats at most
 * the deliveries in flight, and loses no address: the next attempt folds the journal into
 * the -H file and routes what is left.
 */
final class MessageDelivery {
    private static final String RETRY_TIME_NOT_REACHED = "retry time not reached";
    /**
     * Exim's ERRNO_RRETRY, ERRNO_LRETRY and ERRNO_HRETRY: routing, a local delivery or every
     * remote host waits for its retry time.
     */
    private static final int ERRNO_RRETRY = -52;
    private static final int ERRNO_LRETRY = -53;
    private static final int ERRNO_HRETRY = -54;

    private final DeliveryEngine e;
    private final MessageId id;
    private final DeliveryRequest request;
    private final Consumer<MessageId> generated;
    private HeaderFile header;
    private long now;
    private long age;
    private boolean freeze;
    private LogEvent.Frozen frozenLine;
    private Journal journal;
    private ExpansionContext base;
    /** {@code $message_size}, which message_size_limit is checked against. */
    private long messageSize;
    /** For a continued delivery (connection reuse): the chain it belongs to; else null. */
    private ConnectionReuse chain;
    /** The connection reuse of this delivery's remote calls, whose continued deliveries end with it. */
    private final List<ConnectionReuse> connections = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Every top-level recipient still to deliver, with the leaves its routing produced. */
    private final List<Top> tops = new ArrayList<>();

    MessageDelivery(DeliveryEngine engine, MessageId id, DeliveryRequest request, Consumer<MessageId> generated) {
        this.e = engine;
        this.id = id;
        this.request = request;
        this.generated = generated;
    }

    /** A recipient of the message and what became of it in this attempt. */
    private static final class Top {
        final Recipient recipient;
        final List<Leaf> leaves = new ArrayList<>();

        Top(Recipient recipient) {
            this.recipient = recipient;
        }

        boolean done() {
            return !leaves.isEmpty() && leaves.stream().allMatch(l -> l.state.done);
        }
    }

    private enum State {
        PENDING(false), DELIVERED(true), DISCARDED(true), FAILED(false), BOUNCED(true), IGNORED(true),
        DEFERRED(false), PREVIOUSLY(true);

        final boolean done;

        State(boolean done) {
            this.done = done;
        }
    }

    /** An address that is not redirected further: delivered, failed, deferred or discarded. */
    private static final class Leaf {
        final Top top;
        final RoutingOutcome outcome;
        String unique;
        State state = State.PENDING;
        String error;
        RemoteHost host;
        Leaf duplicateOf;
        /** What the transport returned for the bounce (a pipe's output), or null. */
        String returned;
        /** The transport's text for the sender in place of {@link #error} ("" for none), or null. */
        String userMessage;

        Leaf(Top top, RoutingOutcome outcome, String unique) {
            this.top = top;
            this.outcome = outcome;
            this.unique = unique;
        }

        Address address() {
            return outcome.address();
        }
    }

    DeliveryStatus run() throws IOException {
        Optional<MessageLock> lock = e.spool.lock(id);
        if (lock.isEmpty()) {
            return Files.exists(e.spool.dataFile(id)) ? DeliveryStatus.LOCKED : DeliveryStatus.NOT_ATTEMPTED;
        }
        try (MessageLock held = lock.get()) {
            if (!open()) {
                return DeliveryStatus.NOT_ATTEMPTED;
            }
            return deliver();
        } finally {
            try {
                closeJournal();
            } finally {
                connections.forEach(ConnectionReuse::finishCompleted);
            }
        }
    }

    /** Reads the locked message (its journal folded in); false when it is gone. */
    private boolean open() throws IOException {
        if (!Files.exists(e.spool.headerFile(id))) {
            return false;
        }
        header = e.spool.recover(id);
        now = e.clock.instant().getEpochSecond();
        age = now - header.receivedTime();
        return true;
    }

    private void closeJournal() throws IOException {
        if (journal != null) {
            journal.close();
            journal = null;
        }
    }

    /**
     * Connection reuse: this message as the next one over a connection that a transport
     * holds open to {@code host} (what Exim's {@code -MC} process does with a passed
     * connection). The message is locked, routed as a delivery attempt routes it, and its
     * first batch for the chain's transport that may use the connection becomes the
     * continued call; the message stays locked until that call completes. Its other
     * addresses are left for a later attempt (Exim defers them in a continued delivery),
     * without a log line.
     *
     * <p>Empty when the message is locked by another delivery, gone, frozen, or has no
     * batch for this host; in the last case this was its delivery attempt, recorded as
     * usual (routing failures bounced, the -H file rewritten).
     */
    Optional<ContinuedCall> continueOver(ConnectionReuse chain, Host host) throws IOException {
        Optional<MessageLock> lock = e.spool.lock(id);
        if (lock.isEmpty()) {
            return Optional.empty();
        }
        this.chain = chain.forMessage(id);
        boolean handedOver = false;
        try {
            if (!open() || header.frozenAt().isPresent()) {
                return Optional.empty();
            }
            base = messageContext();
            journal = e.spool.journal(id);
            route();
            BatchRun run = continuedBatch(chain.transport(), host);
            if (run == null) {
                conclude();
                return Optional.empty();
            }
            handedOver = true;
            return Optional.of(new ContinuedCall(run.call(), result -> complete(run, result, lock.get())));
        } finally {
            if (!handedOver) {
                try {
                    closeJournal();
                } finally {
                    lock.get().close();
                }
            }
        }
    }

    /** The first remote batch for the transport that may go over the connection to the host, prepared; or null. */
    private BatchRun continuedBatch(String transport, Host host) {
        for (Batch<Leaf> b : batches()) {
            if (b.local() || !b.transport().equals(transport) || !b.mayUseConnectionTo(host.name())
                    || !messageMayUse(host, b.members().get(0).routed().address().domain())) {
                continue;
            }
            BatchRun run = prepare(b);
            if (run != null) {
                return run;
            }
        }
        return null;
    }

    /**
     * Whether this message may go to the host now: the host itself has just worked, so
     * only a retry record for this message at the host (a message error there) can stop it.
     */
    private boolean messageMayUse(Host host, String domain) {
        if (host.address() == null) {
            return true;
        }
        String key = RetryKeys.host(host.name(), host.address(), host.port(), true);
        RetryPolicy.HostCheck check = e.retry.checkHost(key, domain, Optional.empty(),
                record(RetryKeys.message(key, id.toString())), now, header.receivedTime(), false, header.sender(),
                e.expansion.listMatcher(base));
        return check.status() != HostStatus.UNUSABLE && check.status() != HostStatus.UNUSABLE_EXPIRED;
    }

    /**
     * The transport's report on a continued call. Its successes go to the journal at once;
     * the rest of the recording, the end of the attempt and the release of the lock wait
     * until the delivery that holds the connection has logged its own message, so that the
     * main log tells the messages in the order Exim's processes do (its {@code -MC} process
     * starts after the first has logged).
     */
    private void complete(BatchRun run, TransportResult result, MessageLock lock) {
        long ended = System.nanoTime();
        try {
            journalSuccesses(run, result);
        } catch (IOException ex) {
            e.spoolError(id, ex);
            release(lock);
            return;
        }
        chain.afterwards(() -> {
            try {
                recordOutcomes(run, result, ended);
                settleDuplicates();
                conclude();
            } catch (IOException ex) {
                e.spoolError(id, ex);
            } finally {
                release(lock);
            }
        });
    }

    private void release(MessageLock lock) {
        try {
            closeJournal();
            lock.close();
        } catch (IOException ex) {
            e.spoolError(id, ex);
        }
    }

    private DeliveryStatus deliver() throws IOException {
        String failAll = null;
        if (header.frozenAt().isPresent()) {
            Optional<String> decision = thaw();
            if (decision.isEmpty()) {
                return DeliveryStatus.NOT_ATTEMPTED;
            }
            failAll = decision.get().isEmpty() ? null : decision.get();
        }
        if (request.giveUp()) {
            failAll = "delivery cancelled by administrator";
        }
        base = messageContext();
        journal = e.spool.journal(id);

        if (failAll != null) {
            for (Recipient r : header.undelivered()) {
                Top top = new Top(r);
                Leaf leaf = new Leaf(top, new RoutingOutcome.Failed(address(r), null, failAll), r.address());
                leaf.state = State.FAILED;
                leaf.error = failAll;
                top.leaves.add(leaf);
                tops.add(top);
            }
        } else {
            route();
            transport();
        }
        return conclude();
    }

    /** What follows the transports: failures bounced, a delay warning if due, the -H file rewritten or the message removed. */
    private DeliveryStatus conclude() throws IOException {
        handleFailures();
        warnIfDue();
        return finish();
    }

    /**
     * Exim's frozen-message rules, in its order: timeout_frozen_after fails everything;
     * ignore_bounce_errors_after thaws a bounce; auto_thaw thaws others; an
     * administrator's forced delivery thaws any. Empty: stay frozen, try nothing. Else
     * the reason to fail every address, or "" to deliver normally.
     */
    private Optional<String> thaw() {
        Duration timeoutFrozen = e.config.get(MainOptions.TIMEOUT_FROZEN_AFTER);
        Duration ignoreBounce = e.config.get(MainOptions.IGNORE_BOUNCE_ERRORS_AFTER);
        Duration autoThaw = e.config.get(MainOptions.AUTO_THAW);
        long frozenAt = header.frozenAt().getAsLong();
        String result;
        if (timeoutFrozen != null && timeoutFrozen.getSeconds() > 0 && age >= timeoutFrozen.getSeconds()) {
            e.log(id, "cancelled by timeout_frozen_after");
            result = "delivery cancelled; message timed out";
        } else if (header.sender().isEmpty() && ignoreBounce != null && age >= ignoreBounce.getSeconds()) {
            e.log(id, "Unfrozen by errmsg timer");
            result = "";
        } else {
            boolean autoThawDue = !header.sender().isEmpty() && autoThaw != null && autoThaw.getSeconds() > 0
                    && now > frozenAt + autoThaw.getSeconds();
            if (!autoThawDue && !request.thawFrozen()) {
                return Optional.empty();
            }
            e.log(id, request.thawFrozen() ? "Unfrozen by forced delivery" : "Unfrozen by auto-thaw");
            result = "";
        }
        header = header.toBuilder().remove("frozen").build();
        return Optional.of(result);
    }

    /** The message's variables, as routers and transports see them. */
    private ExpansionContext messageContext() {
        Map<String, String> vars = new HashMap<>();
        vars.put("message_id", id.toString());
        vars.put("message_exim_id", id.toString());
        vars.put("sender_address", header.sender());
        vars.put("return_path", header.sender());
        vars.put("message_age", Long.toString(age));
        messageSize = spoolMessage(SpoolMessage.HeaderChanges.NONE).size();
        vars.put("message_size", Long.toString(messageSize));
        vars.put("received_time", Long.toString(header.receivedTime()));
        vars.put("warning_count", Integer.toString(header.warningCount()));
        vars.put("originator_uid", Long.toString(header.originatorUid()));
        vars.put("originator_gid", Long.toString(header.originatorGid()));
        header.receivedProtocol().ifPresent(p -> vars.put("received_protocol", p));
        header.bodyLinecount().ifPresent(n -> vars.put("body_linecount", Long.toString(n)));
        header.value("max_received_linelength").ifPresent(v -> vars.put("max_received_linelength", v.trim()));
        if (header.deliverFirstTime()) {
            // Read by the first_delivery condition (the smtp transport's pipelined QUIT too).
            vars.put("first_delivery", "yes");
        }
        header.value("ident").ifPresent(v -> vars.put("sender_ident", v));
        // Exim's spool_in: -auth_id and -auth_sender, which the smtp transport passes on (AUTH=).
        header.value("auth_id").ifPresent(v -> vars.put("authenticated_id", v));
        header.value("auth_sender").ifPresent(v -> vars.put("authenticated_sender", v));
        header.value("host_address").ifPresent(v -> vars.put("sender_host_address", v.replaceAll("^\\[?(.*?)\\]?(:\\d+)?$", "$1")));
        header.value("host_name").ifPresent(v -> vars.put("sender_host_name", v));
        header.value("helo_name").ifPresent(v -> vars.put("sender_helo_name", v));
        return ExpansionContext.empty().with(vars).withHeaders(visibleHeaders());
    }

    /** The message's headers that expansions see ({@code $h_...}): those not deleted or replaced. */
    private List<Header> visibleHeaders() {
        List<Header> headers = new ArrayList<>();
        for (HeaderLine line : header.headers()) {
            if (!line.deleted()) {
                headers.add(line.toHeader());
            }
        }
        return headers;
    }

    private SpoolMessage spoolMessage(SpoolMessage.HeaderChanges changes) {
        return new SpoolMessage(header, e.spool.dataFile(id), changes);
    }

    private static Address address(Recipient r) {
        String a = r.address();
        int at = a.lastIndexOf('@');
        Address address = at < 0 ? Address.of(a, "") : Address.of(a.substring(0, at), a.substring(at + 1));
        return r.errorsTo() == null ? address : address.withErrorsTo(r.errorsTo());
    }

    // ---- routing ------------------------------------------------------------------------

    /**
     * Routes every undelivered recipient. In an unforced queue run, a recipient whose
     * domain or address waits for its retry time is deferred without routing.
     */
    private void route() throws IOException {
        List<Top> toRoute = new ArrayList<>();
        for (Recipient r : header.undelivered()) {
            Top top = new Top(r);
            tops.add(top);
            Address a = address(r);
            if (!routingAllowed(a)) {
                Leaf leaf = new Leaf(top, new RoutingOutcome.Deferred(a, null, RETRY_TIME_NOT_REACHED), r.address());
                leaf.state = State.DEFERRED;
                top.leaves.add(leaf);
                e.log(id, new LogEvent.Deferred(id.toString(), LogAddress.of(r.address()), null, null, "routing",
                        ERRNO_RRETRY, null, null, RETRY_TIME_NOT_REACHED, null, true));
                continue;
            }
            toRoute.add(top);
        }
        if (toRoute.isEmpty()) {
            return;
        }
        List<Address> addresses = toRoute.stream().map(t -> address(t.recipient)).toList();
        List<RoutingOutcome> outcomes = e.routing.routeAll(addresses,
                new RoutingRequest(Purpose.DELIVERY, header.sender(), base), new Routing.Reports() {
                    @Override
                    public void log(String line) {
                        e.log(id, line);
                    }

                    @Override
                    public void syntaxErrors(String router, String to, String text,
                            List<RoutingContext.SyntaxError> errors, boolean someGenerated) {
                        String message = SyntaxErrorsMessage.text(header, e.bounceSettings,
                                e.expansion.expander(base), router, to, text, errors, someGenerated);
                        try {
                            new ChildSubmission(e, id, generated).submit(
                                    new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)));
                        } catch (MessageSubmitter.Refused refused) {
                            // Exim's moan forgets a message it cannot send; routing goes on.
                        }
                    }
                });
        rewriteHeaders(outcomes);
        Map<String, Leaf> firstAt = new HashMap<>();
        for (int i = 0; i < toRoute.size(); i++) {
            Top top = toRoute.get(i);
            collect(top, outcomes.get(i), false);
            if (top.leaves.size() > 1) {
                // The recipient's own name marks it wholly done; a leaf that is the
                // recipient itself (beside an unseen copy) gets a name of its own.
                for (Leaf l : top.leaves) {
                    if (l.unique.equals(top.recipient.address()) && l.outcome.router() != null) {
                        l.unique = l.unique + "/" + l.outcome.router();
                    }
                }
            }
            for (Leaf leaf : top.leaves) {
                classify(leaf, firstAt);
            }
        }
    }

    /**
     * Exim's rf_change_domain with header rewriting: each change of domain a router asked the
     * headers to follow, in routing order, rewrites the message's address headers. The
     * transports of this delivery send the new headers, and the -H file keeps them (the old
     * ones typed {@code *}) for later deliveries, as Exim's spool_write_header does.
     */
    private void rewriteHeaders(List<RoutingOutcome> outcomes) {
        List<HeaderLine> headers = header.headers();
        boolean changed = false;
        RewriteLog log = RewriteLog.to(e.log, id.toString());
        for (RoutingOutcome outcome : outcomes) {
            for (RoutingOutcome.HeaderRewrite r : outcome.headerRewrites()) {
                Optional<List<HeaderLine>> rewritten =
                        e.rewriter.rewriteRoutedDomain(headers, r.oldDomain(), r.newDomain(), base, log);
                if (rewritten.isPresent()) {
                    headers = rewritten.get();
                    changed = true;
                }
            }
        }
        if (changed) {
            header = header.toBuilder().headers(headers).build();
            base = base.withHeaders(visibleHeaders());
        }
    }

    private void collect(Top top, RoutingOutcome outcome, boolean copy) {
        if (outcome instanceof RoutingOutcome.Rerouted r) {
            for (RoutingOutcome child : r.children()) {
                collect(top, child, copy);
            }
            if (r.unseen() != null) {
                collect(top, r.unseen(), true);
            }
            return;
        }
        Address a = outcome.address();
        String unique = a.parent().isEmpty() ? top.recipient.address() : a.text();
        if (copy) {
            unique = unique + "/unseen";
        }
        top.leaves.add(new Leaf(top, outcome, unique));
        if (outcome instanceof RoutingOutcome.Routed routed && routed.unseen() != null) {
            collect(top, routed.unseen(), true);
        }
        if (outcome instanceof RoutingOutcome.Failed failed) {
            // Addresses a redirection made before its :fail: are delivered all the same.
            for (RoutingOutcome child : failed.children()) {
                collect(top, child, copy);
            }
        }
    }

    private void classify(Leaf leaf, Map<String, Leaf> firstAt) {
        if (header.nonRecipients().contains(leaf.unique)) {
            leaf.state = State.PREVIOUSLY;
            return;
        }
        String text = leaf.address().text();
        if (leaf.outcome instanceof RoutingOutcome.Routed r) {
            String key = r.transport() + "\0" + leaf.address().localPart() + "@"
                    + leaf.address().domain().toLowerCase(Locale.ROOT);
            Leaf first = firstAt.putIfAbsent(key, leaf);
            if (r.duplicate() && first != null) {
                leaf.duplicateOf = first;
            }
        } else if (leaf.outcome instanceof RoutingOutcome.Failed f) {
            leaf.state = State.FAILED;
            leaf.error = f.message();
            e.log(id, LogEvent.Failed.byRouter(id.toString(), logAddress(leaf), null, f.router(), f.message()));
        } else if (leaf.outcome instanceof RoutingOutcome.Deferred d) {
            leaf.state = State.DEFERRED;
            leaf.error = d.message();
            if (d.freeze()) {
                // Exim's rf_self_action logs this while routing, and deliver.c freezes the message.
                e.log(id, d.message() + ": " + leaf.address().domain().toLowerCase(Locale.ROOT));
                freeze(LogEvent.Frozen.plain(id.toString()));
            }
            e.log(id, LogEvent.Deferred.byRouter(id.toString(), logAddress(leaf), d.router(), 0, d.message()));
            if (d.router() != null) {
                retryFailed(RetryKeys.domain(leaf.address().domain()), false, leaf.address().domain(),
                        RetryError.ANY, d.message());
            }
        } else if (leaf.outcome instanceof RoutingOutcome.Discarded d) {
            leaf.state = State.DISCARDED;
            e.log(id, "=> :blackhole: <" + text + "> R=" + d.router());
        }
    }

    private boolean routingAllowed(Address a) {
        if (!request.queueRun() || request.forced()) {
            return true;
        }
        String domain = a.domain();
        Optional<RetryRecord> domainRecord = record(RetryKeys.domain(domain));
        String addressKey = RetryKeys.address(a.localPart(), domain);
        Optional<RetryRecord> addressRecord = record(addressKey);
        if (addressRecord.isEmpty()) {
            addressRecord = record(RetryKeys.addressWithSender(a.localPart(), domain, header.sender()));
        }
        return e.retry.routingAllowed(addressKey, domain, domainRecord, addressRecord, now, header.receivedTime(),
                true, false, false, header.sender(), e.expansion.listMatcher(base));
    }

    private Optional<RetryRecord> record(String key) {
        return e.retry.current(e.hints.get(HintsStore.RETRY, key), now);
    }

    // ---- transports ---------------------------------------------------------------------

    /** Batches the routed addresses, runs the local batches one by one, then the remote ones in parallel. */
    private void transport() throws IOException {
        List<Batch<Leaf>> local = new ArrayList<>();
        List<Batch<Leaf>> remote = new ArrayList<>();
        for (Batch<Leaf> b : batches()) {
            (b.local() ? local : remote).add(b);
        }
        runInTurn(local);
        if (remote.size() > 1 && e.remoteMaxParallel() > 1) {
            runInParallel(remote);
        } else {
            runInTurn(remote);
        }
        settleDuplicates();
    }

    /** The routed addresses still to deliver, in batches. */
    private List<Batch<Leaf>> batches() {
        List<Leaf> routed = new ArrayList<>();
        for (Top top : tops) {
            for (Leaf l : top.leaves) {
                if (l.state == State.PENDING && l.duplicateOf == null) {
                    routed.add(l);
                }
            }
        }
        return Batch.group(routed.stream().map(l -> new Batch.Member<>(
                (RoutingOutcome.Routed) l.outcome, l)).toList(), e.config, e.registry, this::batchId,
                e.remoteMaxParallel());
    }

    /** A local transport's batch_id for one address; null, and a panic log line, when it does not expand. */
    private String batchId(String template, RoutingOutcome.Routed routed) {
        try {
            return e.expansion.expander(base.with(routed.variables())).expand(template);
        } catch (ExpansionException ex) {
            e.log.write(Set.of(LogFile.MAIN, LogFile.PANIC), id.toString(), "Failed to expand batch_id option in "
                    + routed.transport() + " transport (" + routed.address().text() + "): " + ex.getMessage());
            return null;
        }
    }

    private void settleDuplicates() {
        for (Top top : tops) {
            for (Leaf l : top.leaves) {
                if (l.duplicateOf != null && l.state == State.PENDING) {
                    // A duplicate shares the fate of the address it duplicates; a failure is reported once.
                    State first = l.duplicateOf.state;
                    l.state = first == State.FAILED ? State.IGNORED : first.done ? first : State.DEFERRED;
                }
            }
        }
    }

    private void runInTurn(List<Batch<Leaf>> batches) throws IOException {
        for (Batch<Leaf> b : batches) {
            BatchRun run = prepare(b);
            if (run != null) {
                record(run, call(run));
            }
        }
    }

    /**
     * The transport's answer for a batch (every address deferred when the transport is not
     * configured), after the shadow transport of a local one; the max_parallel place is
     * given back when both are done.
     */
    private TransportResult call(BatchRun run) {
        try {
            DebugOutput.printExpanded(run.batch().instance() == null ? null
                    : run.batch().instance().generic().get(TransportOptions.DEBUG_PRINT), run.call().expander()::expand);
            TransportResult result = e.registry.transport(run.batch().transport()).map(t -> t.deliver(run.call()))
                    .orElseGet(() -> missingTransport(run));
            if (run.batch().local()) {
                shadow(run, result);
            }
            return result;
        } finally {
            run.call().reuse().abandonOutstanding();
            if (run.serializeKey() != null) {
                e.hints.dequeue(run.serializeKey());
            }
        }
    }

    private void runInParallel(List<Batch<Leaf>> remote) throws IOException {
        CompletionService<Map.Entry<BatchRun, TransportResult>> done =
                new ExecutorCompletionService<>(e.remotePool());
        int started = 0;
        for (Batch<Leaf> b : remote) {
            BatchRun run = prepare(b);
            if (run == null) {
                continue;
            }
            done.submit(() -> Map.entry(run, call(run)));
            started++;
        }
        // Results are recorded as each batch ends, so a success reaches the journal at once.
        for (int i = 0; i < started; i++) {
            try {
                Future<Map.Entry<BatchRun, TransportResult>> f = done.take();
                Map.Entry<BatchRun, TransportResult> result = f.get();
                record(result.getKey(), result.getValue());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while delivering", ex);
            } catch (ExecutionException ex) {
                // ConfiguredTransport catches the driver's faults; this is the engine's own.
                throw new IOException("remote delivery failed: " + ex.getCause(), ex.getCause());
            }
        }
    }

    /**
     * A batch ready to go: its transport call and the leaves it covers, in order; the
     * max_parallel place it holds (or null), and the shadow transport's result for each
     * address ({@code " ST=name"}, as deliver.c's shadow_message).
     */
    private record BatchRun(Batch<Leaf> batch, DeliveryCall call, Map<Address, Leaf> leaves, long started,
            String localKey, boolean continued, String serializeKey, ExpansionContext context,
            Map<Address, String> shadows) {
    }

    /** Exim's ERRNO_TRETRY: the transport's max_parallel is reached. */
    private static final int ERRNO_TRETRY = -57;

    /**
     * The transport call for a batch, or null when the batch does not go now: a local batch
     * waiting for its retry time, a message over the transport's message_size_limit, the
     * transport's max_parallel reached, or a generic option that cannot be worked out.
     */
    private BatchRun prepare(Batch<Leaf> b) {
        Map<Address, Leaf> leaves = new LinkedHashMap<>();
        for (Batch.Member<Leaf> m : b.members()) {
            leaves.put(m.routed().address(), m.item());
        }
        RoutingOutcome.Routed first = b.members().get(0).routed();
        Address firstAddress = first.address();
        Map<String, String> vars = new HashMap<>(first.variables());
        if (b.members().size() > 1) {
            // Exim unsets the per-address variables for a batch of several addresses.
            vars.keySet().removeAll(Set.of("local_part", "local_part_prefix", "local_part_suffix",
                    "local_part_prefix_v", "local_part_suffix_v", "original_local_part", "parent_local_part"));
        }
        ExpansionContext context = base.with(vars);
        Optional<DeliverySetup.Refusal> tooBig = e.setup.sizeCheck(b.instance(), context, messageSize);
        if (tooBig.isPresent()) {
            refuse(b, leaves.values(), tooBig.get());
            return null;
        }
        String localKey = null;
        if (b.local()) {
            boolean useLocalPart = b.instance() == null ? first.retryUseLocalPart()
                    : b.instance().generic().get(TransportOptions.RETRY_USE_LOCAL_PART);
            localKey = RetryKeys.localTransport(firstAddress.localPart(), firstAddress.domain(), useLocalPart);
            if (!localAllowed(localKey, firstAddress.domain())) {
                for (Leaf l : leaves.values()) {
                    l.state = State.DEFERRED;
                    l.error = RETRY_TIME_NOT_REACHED;
                    e.log(id, new LogEvent.Deferred(id.toString(), logAddress(l), first.router(), b.transport(), null,
                            ERRNO_LRETRY, null, null, RETRY_TIME_NOT_REACHED, null, true));
                }
                return null;
            }
        }
        String serializeKey;
        try {
            // A continued delivery goes over a connection whose delivery already holds a place.
            serializeKey = chain != null ? null : maxParallel(b, context);
        } catch (DeliverySetup.Refused r) {
            refuse(b, leaves.values(), r.refusal);
            return null;
        }
        boolean includeIp = transportFlag(b, "retry_include_ip_address", true);
        boolean delayAfterCutoff = transportFlag(b, "delay_after_cutoff", true);
        int port = b.local() ? Host.DEFAULT_PORT : transportPort(b, context);
        List<Host> hosts = b.local() ? first.hosts()
                : hostStatuses(first.hosts(), firstAddress.domain(), includeIp, delayAfterCutoff, port);
        // The hosts a remote transport names itself get their retry status as the router's do.
        HostFinder finder = b.local() ? null : new RetryStatusFinder(e.routing.hostFinder(),
                found -> hostStatuses(found, firstAddress.domain(), includeIp, true, port));
        try {
            DeliveryCall call = callFor(b, List.copyOf(leaves.keySet()), hosts, finder, context);
            return new BatchRun(b, call, leaves, System.nanoTime(), localKey, chain != null, serializeKey, context,
                    new ConcurrentHashMap<>());
        } catch (DeliverySetup.Refused r) {
            if (serializeKey != null) {
                e.hints.dequeue(serializeKey);
            }
            refuse(b, leaves.values(), r.refusal);
            return null;
        }
    }

    /**
     * The transport call for these addresses: the generic options worked out (return path,
     * user, directories, filter), then the header changes with {@code $return_path} and
     * {@code $home} set.
     */
    private DeliveryCall callFor(Batch<Leaf> b, List<Address> addresses, List<Host> hosts, HostFinder finder,
            ExpansionContext context) throws DeliverySetup.Refused {
        RoutingOutcome.Routed first = b.members().get(0).routed();
        DeliverySetup.Prepared p = e.setup.prepare(b.transport(), b.instance(), b.local(), first, addresses, context,
                header.sender(), RewriteLog.to(e.log, id.toString()));
        SpoolMessage.HeaderChanges changes;
        String returnPath = p.content().returnPath() != null ? p.content().returnPath() : header.sender();
        try {
            changes = b.headerChanges(p.context(), e.expansion, e.clock, e.zone, returnPath);
        } catch (ExpansionException ex) {
            throw new DeliverySetup.Refused(DeliverySetup.Refusal.defer(-25, ex.getMessage(), false));
        }
        SpoolMessage message = new SpoolMessage(header, e.spool.dataFile(id), changes, p.content());
        ConnectionReuse reuse = b.local() ? ConnectionReuse.NONE : chain;
        if (reuse == null) {
            reuse = new ConnectionReuse(e, b.transport(), id, generated);
            connections.add(reuse);
        }
        return new DeliveryCall(message, addresses, hosts, b.transport(), e.expansion.expander(p.context()),
                e.expansion.listMatcher(p.context()), new ChildSubmission(e, id, generated),
                new DriverHints(e.hints), text -> e.log(id, text), finder, b.local() ? List.of() : first.fallbackHosts(),
                clientAuthenticators(), reuse, p.credentials(), p.home(), p.currentDirectory(), e::mainOption);
    }

    /**
     * tpt_parallel_check: a place among the transport's max_parallel on the misc hints
     * ({@code tpt-serialize-<transport>}), or null when it has no limit.
     *
     * @throws DeliverySetup.Refused when the limit is reached or does not expand
     */
    private String maxParallel(Batch<Leaf> b, ExpansionContext context) throws DeliverySetup.Refused {
        String option = b.instance() == null ? null : b.instance().generic().get(TransportOptions.MAX_PARALLEL);
        if (option == null) {
            return null;
        }
        long limit;
        try {
            limit = Numbers.integer(e.expansion.expander(context).expand(option), true);
        } catch (ExpansionException ex) {
            String text = "Failed to expand max_parallel option in " + b.transport() + " transport ("
                    + b.members().get(0).routed().address().text() + "): " + ex.getMessage();
            throw new DeliverySetup.Refused(DeliverySetup.Refusal.defer(0, text, true));
        }
        if (limit <= 0) {
            return null;
        }
        String key = "tpt-serialize-" + b.transport();
        if (!e.hints.enqueue(key, (int) Math.min(limit, Integer.MAX_VALUE), e.clock.instant())) {
            throw new DeliverySetup.Refused(DeliverySetup.Refusal.defer(ERRNO_TRETRY,
                    "concurrency limit reached for transport", false));
        }
        return key;
    }

    /** A batch stopped before its transport ran: each address failed or deferred with Exim's text. */
    private void refuse(Batch<Leaf> b, Collection<Leaf> leaves, DeliverySetup.Refusal r) {
        String router = b.members().get(0).routed().router();
        if (r.panic()) {
            e.log(id, new LogEvent.Panic(id.toString(), r.message()));
        }
        for (Leaf l : leaves) {
            l.error = r.message();
            if (r.fail()) {
                l.state = State.FAILED;
                e.log(id, new LogEvent.Failed(id.toString(), logAddress(l), null, null, router, b.transport(), null,
                        null, null, r.message(), null));
            } else {
                l.state = State.DEFERRED;
                e.log(id, new LogEvent.Deferred(id.toString(), logAddress(l), router, b.transport(), null, r.errno(),
                        null, null, r.message(), null, false));
            }
        }
    }

    /**
     * Exim's shadow_transport: after a local delivery, when shadow_condition allows, the
     * addresses it delivered go to the shadow transport too; its result only adds
     * {@code ST=} to their delivery lines.
     */
    private void shadow(BatchRun run, TransportResult result) {
        var g = run.batch().instance() == null ? null : run.batch().instance().generic();
        String name = g == null ? null : g.get(TransportOptions.SHADOW_TRANSPORT);
        if (name == null) {
            return;
        }
        List<Address> delivered = run.leaves().keySet().stream()
                .filter(a -> result.outcomes().get(a) instanceof Outcome.Delivered).toList();
        if (delivered.isEmpty()) {
            return;
        }
        String condition = g.get(TransportOptions.SHADOW_CONDITION);
        if (condition != null) {
            try {
                if (!DeliverySetup.isTrue(run.call().expander().expand(condition))) {
                    return;
                }
            } catch (ExpansionException ex) {
                if (!ex.isForcedFailure()) {
                    e.log(id, new LogEvent.Panic(id.toString(), "failed to expand condition \"" + condition
                            + "\" for " + run.batch().transport() + " transport: " + ex.getMessage()));
                }
                return;
            }
        }
        Optional<ConfiguredTransport> transport = e.registry.transport(name);
        if (transport.isEmpty() || e.config.transport(name).isEmpty()) {
            e.log(id, new LogEvent.Panic(id.toString(), "shadow transport \"" + name + "\" not found "));
            return;
        }
        List<Batch.Member<Leaf>> members = run.batch().members().stream()
                .filter(m -> delivered.contains(m.routed().address())).toList();
        Batch<Leaf> shadowBatch = new Batch<>(name, true, e.config.transport(name).get(), members);
        TransportResult shadowResult;
        try {
            shadowResult = transport.get().deliver(callFor(shadowBatch, delivered, run.call().hosts(), null,
                    run.context()));
        } catch (DeliverySetup.Refused r) {
            delivered.forEach(a -> run.shadows().put(a, " ST=" + name + " (" + r.refusal.message() + ")"));
            return;
        }
        for (Address a : delivered) {
            Outcome o = shadowResult.outcomes().get(a);
            String text = o instanceof Outcome.Delivered ? "" : " (" + (o instanceof Outcome.Deferred d ? d.message()
                    : o instanceof Outcome.Failed f ? f.message() : "unknown error") + ")";
            run.shadows().put(a, " ST=" + name + text);
        }
    }

    /** The configuration's client authenticators as the kernel describes them, for hosts_try_auth. */
    private List<org.osprey.mta.kernel.auth.ClientAuthenticator> clientAuthenticators() {
        return e.authenticators.clientAuthenticators().stream()
                .map(a -> new org.osprey.mta.kernel.auth.ClientAuthenticator(a.name(), a.publicName(),
                        a.clientCondition(), a.authenticator()))
                .toList();
    }

    private boolean localAllowed(String key, String domain) {
        if (!request.queueRun() || request.forced()) {
            return true;
        }
        Optional<HintsStore.Entry> entry = e.hints.get(HintsStore.RETRY, key);
        Optional<RetryRecord> record = e.retry.current(entry, now);
        if (record.isEmpty()) {
            return true;
        }
        long storedAge = now - entry.get().timeStamp().getEpochSecond();
        return e.retry.localDeliveryAllowed(key, domain, record.get(), storedAge, now, header.receivedTime(), true,
                false, header.sender(), e.expansion.listMatcher(base));
    }

    /**
     * The hosts with what the retry hints say of each (Exim's retry_check_address), keyed as
     * the transport's retry_include_ip_address says. With delay_after_cutoff false, when every
     * host is past its cutoff, those not tried since the message arrived are let through (the
     * second round of Exim's smtp transport).
     */
    private List<Host> hostStatuses(List<Host> hosts, String domain, boolean includeIp, boolean delayAfterCutoff,
            int transportPort) {
        List<Host> out = new ArrayList<>();
        List<RetryPolicy.HostCheck> checks = new ArrayList<>();
        for (Host h : hosts) {
            if (h.address() == null) {
                out.add(h);
                checks.add(null);
                continue;
            }
            String key = RetryKeys.host(h.name(), h.address(), h.port() == Host.DEFAULT_PORT ? transportPort : h.port(),
                    includeIp);
            RetryPolicy.HostCheck check = e.retry.checkHost(key, domain, record(key),
                    record(RetryKeys.message(key, id.toString())), now, header.receivedTime(), request.forced(),
                    header.sender(), e.expansion.listMatcher(base));
            out.add(h.withStatus(check.status()));
            checks.add(check);
        }
        if (!delayAfterCutoff && !out.isEmpty() && out.stream().allMatch(h -> h.status() == HostStatus.UNUSABLE_EXPIRED)) {
            for (int i = 0; i < out.size(); i++) {
                if (RetryPolicy.tryExpiredHost(false, checks.get(i), header.receivedTime())) {
                    out.set(i, out.get(i).withStatus(HostStatus.USABLE));
                }
            }
        }
        return out;
    }

    /** A boolean private option of the batch's transport as the configuration sets it (true, false), else its default. */
    /**
     * The port a remote transport connects to when the router gave none, for the host retry
     * keys (the smtp transport writes {@code T:name:ip:port} when it is not 25): its
     * {@code port} option, expanded, a number or a service name; else 465 for
     * {@code protocol = smtps}, the lmtp service for {@code protocol = lmtp}, and 25.
     * {@link Host#DEFAULT_PORT} when it cannot be worked out (the transport then fails anyway).
     */
    private int transportPort(Batch<Leaf> b, ExpansionContext context) {
        Optional<DriverInstance> instance = Optional.ofNullable(b.instance());
        String protocol = instance.flatMap(i -> i.privateSetting("protocol")).map(OptionSetting::value).orElse("smtp");
        String port = instance.flatMap(i -> i.privateSetting("port")).map(OptionSetting::value)
                .orElse(protocol.equalsIgnoreCase("smtps") ? "465" : protocol.equalsIgnoreCase("lmtp") ? "lmtp" : "25");
        try {
            port = e.expansion.expander(context).expand(port).trim();
        } catch (ExpansionException ex) {
            return Host.DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException ex) {
            return ServicePorts.system().port(port).orElse(Host.DEFAULT_PORT);
        }
    }

    private static boolean transportFlag(Batch<Leaf> b, String option, boolean fallback) {
        return Optional.ofNullable(b.instance()).flatMap(i -> i.privateSetting(option))
                .map(s -> s.value().isEmpty() || s.value().equalsIgnoreCase("true")).orElse(fallback);
    }

    private TransportResult missingTransport(BatchRun run) {
        TransportResult.Builder b = TransportResult.builder();
        for (Address a : run.leaves().keySet()) {
            b.outcome(a, new Outcome.Deferred("R:" + a.text(), run.batch().transport() + " transport not found",
                    ErrorClass.OTHER, 0));
        }
        return b.build();
    }

    /** What a transport reported: journal first, then logs and hints. */
    private void record(BatchRun run, TransportResult result) throws IOException {
        journalSuccesses(run, result);
        recordOutcomes(run, result, System.nanoTime());
    }

    /** The first duty after a transport reports: its successes to the -J journal, on disk. */
    private void journalSuccesses(BatchRun run, TransportResult result) throws IOException {
        for (Map.Entry<Address, Leaf> entry : run.leaves().entrySet()) {
            if (result.outcomes().get(entry.getKey()) instanceof Outcome.Delivered) {
                journal.delivered(entry.getValue().unique);
            }
        }
    }

    /** The rest: leaf states, log lines, retry and wait hints; {@code ended} is when the transport reported. */
    private void recordOutcomes(BatchRun run, TransportResult result, long ended) {
        Duration took = Duration.ofNanos(ended - run.started());
        boolean first = true;
        // ConfiguredTransport (and missingTransport) give every address of the batch an outcome.
        Map<Address, Outcome> outcomes = result.outcomes();
        Host used = null;
        Tls usedTls = null;
        // The host of the last attempt that reached one, for the H= of addresses not delivered
        // (Exim's host_used; a connection that could not be made leaves it unset).
        Host tried = null;
        for (HostAttempt attempt : result.hosts()) {
            if (attempt instanceof HostAttempt.Failed f) {
                tried = f.errorClass() == ErrorClass.REFUSED || f.errorClass() == ErrorClass.TIMEOUT_CONNECT ? null
                        : f.host();
            } else if (attempt instanceof HostAttempt.Used u) {
                tried = u.host();
            }
            if (attempt instanceof HostAttempt.Used u) {
                used = u.host();
                usedTls = u.tlsCipher() == null ? null
                        : new Tls(u.tlsCipher(), false, u.tlsCertificateVerified() ? "yes" : "no", null, null);
                e.hints.delete(HintsStore.RETRY, RetryKeys.host(u.host().name(), u.host().address(),
                        u.host().port(), transportFlag(run.batch(), "retry_include_ip_address", true)));
            } else if (attempt instanceof HostAttempt.Failed f && !run.continued()) {
                // As Exim: a continued delivery that fails sets no host retry data; if the
                // host is really down, the next delivery of its own will find out.
                retryFailed(f.retryKey(), true, run.call().addresses().get(0).domain(),
                        RetryError.of(f.errorClass(), 0, f.host().mx() == Host.NO_MX ? 'A' : 'M'), f.message());
            }
        }
        RoutingOutcome.Routed routed = (RoutingOutcome.Routed) run.leaves().values().iterator().next().outcome;
        for (Map.Entry<Address, Leaf> entry : run.leaves().entrySet()) {
            Leaf leaf = entry.getValue();
            Outcome outcome = outcomes.get(entry.getKey());
            Set<DeliveryFlag> flags = result.flags(entry.getKey());
            Host lineHost = outcome instanceof Outcome.Delivered ? used : tried;
            boolean continued = run.continued() || flags.contains(DeliveryFlag.CONTINUED_TRANSACTION);
            Outgoing outgoing = lineHost == null || flags.contains(DeliveryFlag.NO_HOST) ? null
                    : new Outgoing(lineHost, false, continued, null, 0);
            if (outcome instanceof Outcome.Delivered d) {
                    leaf.state = State.DELIVERED;
                    LogEvent.Delivered.Builder line = LogEvent.Delivered.builder(
                            first || flags.contains(DeliveryFlag.FIRST_IN_TRANSACTION) ? LogEvent.DeliveryKind.DELIVERED
                                    : LogEvent.DeliveryKind.ANOTHER, id.toString(),
                            deliveredAddress(leaf, routed.router(), run.batch().transport()), run.batch().transport())
                            .router(routed.router()).sender(header.sender()).deliverTime(took)
                            .returnPath(run.call().message().sender())
                            .shadow(run.shadows().get(entry.getKey()))
                            .queueTime(Duration.ofSeconds(age), Duration.ofSeconds(age));
                    if (outgoing != null) {
                        line.outgoing(outgoing);
                    }
                    if (usedTls != null) {
                        line.tls(usedTls);
                    }
                    line.chunking(flags.contains(DeliveryFlag.CHUNKING)).prdr(flags.contains(DeliveryFlag.PRDR));
                    result.clientAuthenticator().ifPresent(line::authenticator);
                    if (!d.confirmation().isEmpty()) {
                        line.confirmation(d.confirmation());
                    }
                    e.log(id, line.build());
                    first = false;
                    String key = run.localKey() != null ? run.localKey()
                            : RetryKeys.address(entry.getKey().localPart(), entry.getKey().domain());
                e.hints.delete(HintsStore.RETRY, key);
            } else if (outcome instanceof Outcome.Deferred d) {
                    String key = run.localKey() != null ? run.localKey() : d.retryKey();
                    // Nor under the host's key for an address of a continued delivery (above), nor
                    // under an empty key: deferred with no retry record of its own (the other
                    // addresses of an SMTP session cut short by a timeout after one RCPT).
                    boolean hostKey = run.continued() && key.startsWith("T:") && !key.endsWith(":" + id);
                    boolean timedOut = !hostKey && !key.isEmpty() && retryFailed(key, false, entry.getKey().domain(),
                            RetryError.of(d.errorClass(), d.smtpCode(), 'A'), d.message());
                    leaf.userMessage = result.userMessage(entry.getKey()).orElse(null);
                    if (timedOut && !request.giveUp() && !header.deliverFirstTime()) {
                        leaf.state = State.FAILED;
                        leaf.error = "retry timeout exceeded";
                        e.log(id, new LogEvent.Failed(id.toString(), logAddress(leaf), null, null, routed.router(),
                                run.batch().transport(), outgoing, null, null, "retry timeout exceeded", took));
                    } else {
                        leaf.state = State.DEFERRED;
                        leaf.error = d.message();
                        int errno = errno(run, d.errorClass());
                        // Exim's "defer (110): Connection timed out H=...: message"; a message that
                        // already starts with that text (a refused connection, which has no other,
                        // or a local transport's) is not given it twice.
                        String errorText = errorText(errno);
                        if (errorText != null && d.message().startsWith(errorText)) {
                            errorText = null;
                        }
                        e.log(id, new LogEvent.Deferred(id.toString(), logAddress(leaf), routed.router(),
                                run.batch().transport(), null, errno, errorText, outgoing, d.message(), took,
                                d.errorClass() == ErrorClass.HOSTS_NOT_TRIED));
                    }
            } else if (outcome instanceof Outcome.Failed f) {
                    leaf.state = State.FAILED;
                    leaf.error = f.message();
                    leaf.returned = result.returnedText(entry.getKey()).orElse(null);
                    leaf.userMessage = result.userMessage(entry.getKey()).orElse(null);
                    if (used != null) {
                        leaf.host = new RemoteHost(used.name(), used.address());
                    }
                    e.log(id, new LogEvent.Failed(id.toString(), logAddress(leaf), null, null, routed.router(),
                            run.batch().transport(), outgoing, null, null, f.message(), took));
            }
        }
        if (result.freezeReason().isPresent()) {
            freezeAsAsked(run);
        }
        rememberWaiting(run, result);
    }

    /**
     * Exim's SPECIAL_FREEZE from a transport (deliver.c's post_process_one): a deferral
     * freezes the message; so does a failure, whose address is then kept, as a deferral,
     * instead of being bounced (its "**" line stays logged), unless its error is to be
     * ignored, when it neither freezes nor is kept. "Frozen", with no reason, at the end of
     * the attempt.
     */
    private void freezeAsAsked(BatchRun run) {
        boolean freezes = false;
        for (Leaf l : run.leaves().values()) {
            if (l.state == State.FAILED && !errorIgnored(l)) {
                l.state = State.DEFERRED;
                freezes = true;
            } else if (l.state == State.DEFERRED) {
                freezes = true;
            }
        }
        if (freezes) {
            freeze(LogEvent.Frozen.plain(id.toString()));
        }
    }

    /**
     * Exim's af_ignore_error for a failure: the message is a bounce older than
     * ignore_bounce_errors_after, or the address's errors_to is empty.
     */
    private boolean errorIgnored(Leaf l) {
        Duration ignoreAfter = e.config.get(MainOptions.IGNORE_BOUNCE_ERRORS_AFTER);
        return header.sender().isEmpty() && ignoreAfter != null && age >= ignoreAfter.getSeconds()
                || l.address().errorsTo().map(String::isEmpty).orElse(false);
    }

    /**
     * Exim's transport_update_waiting: a message that a host error left undelivered by a
     * remote transport waits for its hosts in the wait-&lt;transport&gt; hints, so that a
     * delivery that has a connection open to one of them takes it along. Not after an
     * address or message error (a 4xx to RCPT, a message-specific retry key), which Exim
     * keeps off the list lest the message be tried too often, nor when
     * connection_max_messages is 1. (Exim also lists a message delivered in full; the spool
     * no longer has it when the list is read, so it is left out here.)
     */
    private void rememberWaiting(BatchRun run, TransportResult result) {
        if (run.batch().local() || run.batch().connectionMaxMessages() == 1) {
            return;
        }
        boolean hostError = false;
        for (Outcome o : result.outcomes().values()) {
            if (o instanceof Outcome.Deferred d) {
                if (d.errorClass() == ErrorClass.RCPT_4XX || d.retryKey().endsWith(":" + id)) {
                    return;
                }
                hostError = true;
            }
        }
        if (!hostError) {
            return;
        }
        Set<String> names = new LinkedHashSet<>();
        run.call().hosts().forEach(h -> names.add(h.name()));
        result.hosts().forEach(a -> names.add(a.host().name()));
        e.waiting.add(run.batch().transport(), names, id.toString());
    }

    /** The errno of a deferral: Exim's ERRNO_FILTER_FAIL or ETIMEDOUT when the transport filter failed. */
    private static int errno(BatchRun run, ErrorClass c) {
        return ((SpoolMessage) run.call().message()).filterFailure().map(f -> f.isTimedOut() ? 110 : -24)
                .orElse(errno(c));
    }

    /** Exim's basic_errno for a class of transport error, as its == lines show it. */
    private static int errno(ErrorClass c) {
        return switch (c) {
            case REFUSED -> 111;
            case TIMEOUT, TIMEOUT_CONNECT -> 110;
            case LOST_CONNECTION -> -18;
            case MAIL_4XX -> -45;
            case RCPT_4XX -> -44;
            case DATA_4XX -> -46;
            case AUTH_FAILED -> -42;
            case TLS_REQUIRED -> -38;
            case QUOTA -> -22;
            case HOST_IS_LOCAL -> -50;
            case AUTH_PROBLEM -> -48;
            case EXPANSION_FAILED -> -27;
            case HOSTS_NOT_TRIED -> ERRNO_HRETRY;
            case OTHER -> 0;
        };
    }

    /** The text of a system errno as Exim's == line shows it after the number (strerror). */
    private static String errorText(int errno) {
        return switch (errno) {
            case 110 -> "Connection timed out";
            case 111 -> "Connection refused";
            default -> null;
        };
    }

    /** Writes the retry record after a failure; true when the item has timed out. */
    private boolean retryFailed(String key, boolean hostItem, String domain, RetryError error, String message) {
        Optional<RetryRecord> previous = record(key);
        RetryPolicy.Update update = e.retry.failed(key, hostItem, domain, error, message, previous, now,
                header.receivedTime(), header.sender(), e.expansion.listMatcher(base));
        update.record().ifPresent(r -> e.hints.put(HintsStore.RETRY, key, r.encode()));
        return update.timedOut();
    }

    /**
     * The address of a "=>" line: Exim's string_log_address for a success, the local part
     * alone for a local delivery whose router has log_as_local (the accept router's default)
     * and for a pipe or file from a redirection.
     */
    private LogAddress deliveredAddress(Leaf leaf, String router, String transport) {
        boolean logAsLocal = e.config.router(router).map(r -> r.generic().get(RouterOptions.LOG_AS_LOCAL))
                .orElse(false) && e.registry.transport(transport).map(ConfiguredTransport::isLocal).orElse(false);
        Address a = leaf.address();
        boolean pipeOrFile = a.parent().isPresent() && a.domain().isEmpty();
        if (!logAsLocal && !pipeOrFile) {
            return logAddress(leaf);
        }
        LogAddress shown = LogAddress.of(a, logAsLocal, pipeOrFile);
        String parent = onetimeParent(leaf);
        return parent == null ? shown : new LogAddress(shown.shown(), shown.parents(), parent, shown.pipeFileReply());
    }

    private LogAddress logAddress(Leaf leaf) {
        Address a = leaf.address();
        if (a.parent().isEmpty()) {
            String parent = onetimeParent(leaf);
            String address = leaf.top.recipient.address();
            return parent == null ? LogAddress.of(address) : new LogAddress(address, List.of(), parent, false);
        }
        return LogAddress.of(a, false, false);
    }

    /**
     * For a recipient a one_time redirection added (its -H entry names its parent), the
     * address it was generated from, which Exim's log lines show as its top address; else null.
     */
    private String onetimeParent(Leaf leaf) {
        int parent = leaf.top.recipient.parent();
        return leaf.address().parent().isEmpty() && parent >= 0 && parent < header.recipients().size()
                ? header.recipients().get(parent).address() : null;
    }

    /**
     * Exim's one_time handling of a deferred address: if it, or an ancestor, is a child of a
     * one_time redirection and is not yet a recipient, it becomes a recipient in its own right
     * (its -H entry naming the recipient it came from) and the address it was generated from is
     * recorded as delivered, so that the next attempt delivers it without expanding the
     * redirection again.
     */
    private void oneTime(Leaf leaf, HeaderFile.Builder b, Set<String> added, Set<String> done) {
        Address ot = leaf.address();
        while (ot.property(NewAddress.ONETIME_PARENT).isEmpty() && ot.parent().isPresent()) {
            ot = ot.parent().get();
        }
        if (ot.property(NewAddress.ONETIME_PARENT).isEmpty() || ot.parent().isEmpty()) {
            return;
        }
        List<Recipient> recipients = header.recipients();
        int t = recipients.indexOf(leaf.top.recipient);
        String child = ot.text();
        Address parent = ot.parent().get();
        String parentText = parent.parent().isEmpty() ? leaf.top.recipient.address() : parent.text();
        boolean listed = recipients.stream().anyMatch(r -> r.address().equals(child)) || !added.add(child);
        if (t < 0 || listed || child.equals(parentText)) {
            return;
        }
        // Exim keeps the address's errors address with it (prop.errors_address).
        String errorsTo = ot == leaf.address() && leaf.outcome instanceof RoutingOutcome.Routed r ? r.errorsTo()
                : ot.errorsTo().orElse(null);
        b.recipient(new Recipient(child, null, 0, errorsTo, t));
        done.add(parentText);
    }

    // ---- after the deliveries ------------------------------------------------------------

    /**
     * Failed addresses: bounced to their errors address (or the sender); for a bounce that
     * failed, the message is frozen, unless ignore_bounce_errors_after has passed.
     */
    private void handleFailures() throws IOException {
        Map<String, List<Leaf>> byErrorsAddress = new LinkedHashMap<>();
        for (Top top : tops) {
            for (Leaf l : top.leaves) {
                if (l.state != State.FAILED) {
                    continue;
                }
                String errorsTo = errorsAddress(l);
                if (errorsTo.isEmpty()) {
                    if (errorIgnored(l) || request.giveUp() && header.sender().isEmpty()) {
                        l.state = State.IGNORED;
                        e.log(id, l.address().text() + (l.address().parent().isEmpty() ? ""
                                : " <" + leafTopText(l) + ">") + ": error ignored");
                    } else {
                        freeze(LogEvent.Frozen.deliveryErrorMessage(id.toString()));
                    }
                    continue;
                }
                byErrorsAddress.computeIfAbsent(errorsTo, k -> new ArrayList<>()).add(l);
            }
        }
        for (Map.Entry<String, List<Leaf>> group : byErrorsAddress.entrySet()) {
            BounceMessage bounce = BounceMessage.of(e.spool, header, e.bounceSettings, e.expansion.expander(base));
            for (Leaf l : group.getValue()) {
                String errorsTo = l.address().errorsTo().orElse(null);
                ReportedAddress reported = new ReportedAddress(l.address().text(),
                        l.address().parent().isPresent() ? leafTopText(l) : null, l.top.recipient.orcpt(),
                        errorsTo, shownError(l), l.host, remoteReply(l));
                bounce.failed(hidden(l) ? reported.asHidden() : reported, l.returned);
            }
            int status = new ChildSubmission(e, id, generated).submitReport(bounce.submissionText(e.clock.instant()));
            if (status == 0) {
                group.getValue().forEach(l -> l.state = State.BOUNCED);
            } else {
                bounceNotSent(group.getKey(), group.getValue(), status);
            }
        }
    }

    /**
     * deliver.c when the process that was to take a bounce failed (the ACLs refused it):
     * the failed addresses stay undelivered, to be tried again. When nothing else keeps the
     * message (no deferral, no freeze), a message younger than the longest retry rule is
     * frozen, without a "Frozen" line, so that it does not come back at every queue run;
     * an older one is finished all the same ("Completed"), its failures unreported.
     */
    private void bounceNotSent(String to, List<Leaf> leaves, int status) {
        boolean kept = freeze || tops.stream().flatMap(t -> t.leaves.stream()).anyMatch(l -> l.state == State.DEFERRED);
        boolean young = age < e.retry.rules().maximumTimeout();
        if (!kept && young) {
            freeze = true;
        } else if (!kept) {
            leaves.forEach(l -> l.state = State.IGNORED);
        }
        e.log(id, "Process failed (" + status + ") when writing error message to " + to
                + (!kept && young ? " (frozen)" : ""));
    }

    /**
     * The text a bounce or warning shows under the address (Exim's print_address_error):
     * the transport's user message when it gave one ("" for none), else the error.
     */
    private static String shownError(Leaf l) {
        if (l.userMessage == null) {
            return l.error;
        }
        return l.userMessage.isEmpty() ? null : l.userMessage;
    }

    /** Whether the redirection that made the address had hide_child_in_errmsg. */
    private static boolean hidden(Leaf l) {
        return l.address().parent().isPresent() && l.address().property(NewAddress.HIDE_IN_ERRORS).isPresent();
    }

    private String leafTopText(Leaf l) {
        return l.top.recipient.address();
    }

    /** Where a failure report goes: the address's errors_to, else the sender; "" for nowhere. */
    private String errorsAddress(Leaf l) {
        Optional<String> errorsTo = l.address().errorsTo();
        if (errorsTo.isPresent()) {
            return errorsTo.get();
        }
        if (l.top.recipient.errorsTo() != null) {
            return l.top.recipient.errorsTo();
        }
        return header.sender();
    }

    private void freeze(LogEvent.Frozen line) {
        if (!freeze) {
            freeze = true;
            frozenLine = line;
        }
    }

    /** A delay warning, when delay_warning says one is due and delay_warning_condition agrees. */
    private void warnIfDue() throws IOException {
        if (freeze || !BouncePolicy.mayWarn(header)) {
            return;
        }
        List<Leaf> deferred = new ArrayList<>();
        for (Top top : tops) {
            for (Leaf l : top.leaves) {
                if (l.state == State.DEFERRED) {
                    deferred.add(l);
                }
            }
        }
        if (deferred.isEmpty()) {
            return;
        }
        Optional<WarningMessage.Due> due = WarningMessage.due(e.config.get(MainOptions.DELAY_WARNING),
                Duration.ofSeconds(age), header.warningCount());
        if (due.isEmpty()) {
            return;
        }
        String condition = e.config.get(MainOptions.DELAY_WARNING_CONDITION);
        if (condition != null) {
            try {
                String v = e.expansion.expander(base).expand(condition).trim().toLowerCase(Locale.ROOT);
                if (v.isEmpty() || v.equals("0") || v.equals("no") || v.equals("false")) {
                    return;
                }
            } catch (ExpansionException ex) {
                if (!ex.isForcedFailure()) {
                    e.log(id, "failed to expand delay_warning_condition: " + ex.getMessage());
                }
                return;
            }
        }
        WarningMessage warning = WarningMessage.of(e.spool, header, e.bounceSettings, e.expansion.expander(base));
        for (Leaf l : deferred) {
            ReportedAddress reported = new ReportedAddress(l.address().text(),
                    l.address().parent().isPresent() ? leafTopText(l) : null, l.top.recipient.orcpt(),
                    l.address().errorsTo().orElse(null), shownError(l), l.host, remoteReply(l));
            warning.delayed(hidden(l) ? reported.asHidden() : reported);
        }
        byte[] text = warning.submissionText(e.clock.instant(), due.get().text());
        // As Exim: the count goes up only when the warning was accepted.
        if (new ChildSubmission(e, id, generated).submitReport(text) == 0) {
            header = header.toBuilder().warningCount(due.get().count()).build();
        }
    }

    /** Removes the message when every recipient is done; otherwise rewrites its -H file. */
    private DeliveryStatus finish() throws IOException {
        boolean allDone = !tops.isEmpty() && tops.stream().allMatch(Top::done) || header.undelivered().isEmpty();
        journal.close();
        journal = null;
        if (allDone && !freeze) {
            e.log(id, new LogEvent.Completed(id.toString(), Duration.ofSeconds(age)));
            e.spool.remove(id);
            return DeliveryStatus.COMPLETED;
        }
        Set<String> done = new LinkedHashSet<>();
        for (Top top : tops) {
            if (top.done()) {
                done.add(top.recipient.address());
            }
            for (Leaf l : top.leaves) {
                if (l.state.done && l.state != State.PREVIOUSLY) {
                    done.add(l.unique);
                }
            }
        }
        HeaderFile.Builder b = header.toBuilder();
        Set<String> added = new HashSet<>();
        for (Top top : tops) {
            for (Leaf l : top.leaves) {
                if (l.state == State.DEFERRED) {
                    oneTime(l, b, added, done);
                }
            }
        }
        b.nonRecipients(done).remove("deliver_firsttime");
        if (freeze) {
            b.variable("frozen", Long.toString(now));
        }
        e.spool.update(b.build());
        if (frozenLine != null) {
            e.log(id, frozenLine);
        }
        return DeliveryStatus.DEFERRED;
    }

    /**
     * The remote server's reply in an error, for the DSN's Diagnostic-Code: Exim prints it
     * for an address whose message the smtp transport marked as the server's (af_pass_message),
     * taking what follows the message's first ": ".
     */
    private static String remoteReply(Leaf l) {
        String prefix = "SMTP error from remote mail server after ";
        if (l.host == null || l.error == null || !l.error.startsWith(prefix)) {
            return null;
        }
        int colon = l.error.indexOf(": ");
        return colon < 0 ? null : l.error.substring(colon + 2);
    }
}
