package org.osprey.mta.core.acl;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.osprey.mta.core.acl.AddressVerifier.CalloutFlag;
import org.osprey.mta.core.acl.AddressVerifier.Status;
import org.osprey.mta.core.acl.AddressVerifier.Verification;
import org.osprey.mta.core.acl.CalloutCache.DomainRecord;
import org.osprey.mta.core.acl.CalloutCache.Result;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.DriverInstance;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.hints.HintsStore;
import org.osprey.mta.core.log.LogEvent;
import org.osprey.mta.core.log.LogFile;
import org.osprey.mta.core.registry.OptionSetting;
import org.osprey.mta.kernel.model.Host;

/**
 * Exim's do_callout: after an address has been routed to remote hosts, ask them (EHLO, MAIL,
 * RCPT, QUIT) whether they would take it, with the random and postmaster checks and the
 * callout cache. The smtp transport's {@code port}, {@code helo_data} and {@code interface}
 * are read from the configuration's settings of the transport instance.
 */
final class Callout {
    private final ConfiguredAcls acls;
    private final AclRun run;
    private final CalloutOptions options;
    private final boolean recipient;

    // The state of one callout, as Exim keeps it in the address item and the smtp context.
    private String message;
    private String userMessage;
    private CalloutFlag flag = CalloutFlag.NONE;
    private Status status = Status.OK;
    private String currentAddress;
    private boolean done;
    private String lastCommand = "";
    private final DomainRecord newDomain = new DomainRecord();
    private Result newAddress = Result.UNKNOWN;

    Callout(ConfiguredAcls acls, AclRun run, CalloutOptions options, boolean recipient) {
        this.acls = acls;
        this.run = run;
        this.options = options;
        this.recipient = recipient;
    }

    /**
     * @param address the address, routed to {@code routed}'s hosts
     * @param senderMailFrom for a sender or header-sender callout, the MAIL address (null for empty)
     */
    Verification run(String address, Verification routed, String senderMailFrom) {
        int at = address.lastIndexOf('@');
        String domain = at < 0 ? "" : address.substring(at + 1);
        String from;
        String key;
        if (recipient && options.useSender()) {
            from = run.subject().sender() == null ? "" : run.subject().sender();
            key = address + "/<" + from + ">";
        } else if (recipient && options.usePostmaster()) {
            from = "postmaster@" + qualifyDomain();
            key = address + "/<" + from + ">";
        } else {
            from = recipient || senderMailFrom == null ? "" : senderMailFrom;
            key = from.isEmpty() ? address : address + "/<" + from + ">";
        }
        String pmFrom = options.postmasterMailFrom();
        boolean random = options.random();
        Configuration config = acls.config();
        HintsStore store = options.noCache() ? null : acls.services().hints().get();
        CalloutCache cache = store == null ? null : new CalloutCache(store,
                config.get(MainOptions.CALLOUT_DOMAIN_POSITIVE_EXPIRE),
                config.get(MainOptions.CALLOUT_DOMAIN_NEGATIVE_EXPIRE),
                config.get(MainOptions.CALLOUT_POSITIVE_EXPIRE), config.get(MainOptions.CALLOUT_NEGATIVE_EXPIRE));
        Instant now = acls.services().clock().instant();
        Result oldDomain = Result.ACCEPT;

        // The cache may answer without a connection (Exim's cached_callout_lookup).
        if (cache != null) {
            Optional<DomainRecord> d = cache.domain(domain, now);
            boolean needCallout = false;
            if (d.isPresent()) {
                DomainRecord r = d.get();
                oldDomain = r.result;
                if (r.result == Result.REJECT || from.isEmpty() && r.result == Result.REJECT_MFNULL) {
                    return result(Status.FAIL, null, "(result of an earlier callout reused).",
                            CalloutFlag.SETUP_REJECTED);
                }
                if (random) {
                    switch (r.random) {
                        case ACCEPT:
                            return result(Status.OK, null, null, CalloutFlag.NONE);
                        case REJECT:
                            random = false;
                            newDomain.random = Result.REJECT;
                            newDomain.randomStamp = r.randomStamp;
                            break;
                        default:
                            needCallout = true;
                    }
                }
                if (!needCallout && pmFrom != null) {
                    if (r.postmaster == Result.REJECT) {
                        return result(Status.FAIL, null, "(result of earlier verification reused).",
                                CalloutFlag.POSTMASTER_REJECTED);
                    }
                    if (r.postmaster == Result.UNKNOWN) {
                        needCallout = true;
                    } else {
                        pmFrom = null;
                        newDomain.postmaster = Result.ACCEPT;
                        newDomain.postmasterStamp = r.postmasterStamp;
                    }
                }
            }
            if (!needCallout) {
                Optional<Result> a = cache.address(key, now);
                if (a.isPresent()) {
                    return a.get() == Result.ACCEPT ? result(Status.OK, null, null, CalloutFlag.NONE)
                            : result(Status.FAIL, null, "Previous (cached) callout verification failure",
                                    CalloutFlag.NONE);
                }
            }
        }

        DriverInstance transport = routed.transport() == null ? null
                : config.transport(routed.transport()).orElse(null);
        List<Host> hosts = routed.hosts();
        if (transport != null && !transport.driverName().equals("smtp")) {
            acls.services().log().accept(new LogEvent.Line(null, java.util.EnumSet.of(LogFile.MAIN, LogFile.PANIC),
                    "callout transport '" + transport.name() + "': " + transport.driverName() + " is non-smtp",
                    null));
        } else if (transport != null) {
            String randomLocalPart = random ? expandOr(config.get(MainOptions.CALLOUT_RANDOM_LOCAL_PART), null) : null;
            if (recipient) {
                run.subject().flushOutput();
            }
            long start = System.nanoTime();
            for (Host host : hosts) {
                if (done) {
                    break;
                }
                if (host.address() == null) {
                    continue;
                }
                if (System.nanoTime() - start >= options.overall().toNanos()) {
                    break;
                }
                int port = host.port() != Host.DEFAULT_PORT ? host.port() : port(transport);
                message = null;
                tryHost(host, port, transport, address, domain, from, pmFrom, randomLocalPart, oldDomain);
                if (!done || status != Status.OK) {
                    message = host.name() + " [" + host.address() + "] : " + message;
                }
            }
        }
        if (cache != null) {
            if (newDomain.result != Result.UNKNOWN) {
                cache.putDomain(domain, newDomain);
            }
            if (done && newAddress != Result.UNKNOWN) {
                cache.putAddress(key, newAddress);
            }
        }
        if (!done) {
            String dull = "Could not complete " + (recipient ? "recipient" : "sender") + " verify callout";
            return result(Status.DEFER, hosts.size() > 1 || message == null ? dull : dull + ": " + message, dull,
                    CalloutFlag.DEFERRED);
        }
        return result(status, message, userMessage, flag);
    }

    private Verification result(Status status, String log, String user, CalloutFlag f) {
        return new Verification(status, log, user, null, List.of(), null, f);
    }

    /** One host: Exim's loop body, from the connection to QUIT. */
    private void tryHost(Host host, int port, DriverInstance transport, String address, String domain, String from,
            String pmFrom, String randomLocalPart, Result oldDomain) {
        CalloutConnection.Reply reply;
        currentAddress = host.address();
        String iface = setting(transport, "interface", null);
        try (CalloutConnection c = CalloutConnection.open(host.address(), port,
                iface == null || iface.isEmpty() ? null : iface, options.connectTimeout(), options.timeout())) {
            try {
                reply = c.read();
                lastCommand = "";
                if (reply.first() == '2') {
                    String helo = setting(transport, "helo_data", "$primary_hostname");
                    lastCommand = "EHLO " + helo;
                    reply = c.command(lastCommand);
                    if (reply.first() == '5') {
                        lastCommand = "HELO " + helo;
                        reply = c.command(lastCommand);
                    }
                }
                if (reply.first() != '2') {
                    // A rejected connection or HELO is cached for the domain; a 4xx is not.
                    message = "SMTP error from remote mail server after "
                            + (lastCommand.isEmpty() ? "initial connection" : lastCommand) + ": " + reply.text();
                    if (reply.first() == '5') {
                        newDomain.result = Result.REJECT;
                        flag = CalloutFlag.SETUP_REJECTED;
                        reject(reply);
                    }
                    quit(c);
                    return;
                }
                newDomain.result = oldDomain == Result.REJECT_MFNULL ? Result.REJECT_MFNULL : Result.ACCEPT;
                boolean main = true;
                if (randomLocalPart != null) {
                    newDomain.randomStamp = acls.services().clock().instant().getEpochSecond();
                    main = false;
                    reply = mailAndRcpt(c, from, randomLocalPart + "@" + domain);
                    if (reply == null) {
                        quit(c);
                        return;
                    }
                    if (reply.first() == '2') {
                        newDomain.random = Result.ACCEPT;
                        status = Status.OK;
                        done = true;
                        quit(c);
                        return;
                    }
                    if (reply.first() == '5') {
                        newDomain.random = Result.REJECT;
                        lastCommand = "RSET";
                        main = c.command("RSET").first() == '2';
                    }
                }
                if (main) {
                    reply = mailAndRcpt(c, from, address);
                    if (reply != null) {
                        if (reply.first() == '2') {
                            done = true;
                            newAddress = Result.ACCEPT;
                        } else {
                            message = "SMTP error from remote mail server after " + lastCommand + ": " + reply.text();
                            if (reply.first() == '5') {
                                newAddress = Result.REJECT;
                                reject(reply);
                            }
                        }
                    }
                }
                if (done && pmFrom != null) {
                    postmaster(c, domain, pmFrom);
                }
                quit(c);
            } catch (SocketTimeoutException e) {
                message = "SMTP timeout after " + lastCommand;
            } catch (EOFException e) {
                message = "Remote host closed connection in response to " + lastCommand;
            }
        } catch (ConnectException e) {
            message = "Connection refused";
        } catch (SocketTimeoutException e) {
            message = "Connection timed out";
        } catch (IOException e) {
            message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /**
     * MAIL and RCPT; the RCPT reply, or null when MAIL was not accepted (then the outcome is
     * set here, as for Exim's -1 from smtp_write_mail_and_rcpt_cmds).
     */
    private CalloutConnection.Reply mailAndRcpt(CalloutConnection c, String from, String to) throws IOException {
        lastCommand = "MAIL FROM:<" + from + ">";
        CalloutConnection.Reply mail = c.command(lastCommand);
        if (mail.first() != '2') {
            message = "response to \"" + lastCommand + "\" was: " + mail.text();
            if (mail.first() == '5') {
                flag = CalloutFlag.SETUP_REJECTED;
                if (from.isEmpty()) {
                    newDomain.result = Result.REJECT_MFNULL;
                }
                reject(mail);
            }
            return null;
        }
        lastCommand = "RCPT TO:<" + to + ">";
        return c.command(lastCommand);
    }

    /** The postmaster check after a definite answer; a 5xx to it fails the verification. */
    private void postmaster(CalloutConnection c, String domain, String pmFrom) throws IOException {
        lastCommand = "RSET";
        if (c.command("RSET").first() != '2') {
            done = false;
            return;
        }
        CalloutConnection.Reply reply = mailAndRcpt(c, pmFrom, "postmaster@" + domain);
        boolean ok = reply != null && reply.first() == '2';
        if (!ok && reply != null && options.fullPostmaster()) {
            lastCommand = "RCPT TO:<postmaster>";
            reply = c.command(lastCommand);
            ok = reply.first() == '2';
        }
        newDomain.postmasterStamp = acls.services().clock().instant().getEpochSecond();
        if (ok) {
            newDomain.postmaster = Result.ACCEPT;
            return;
        }
        done = false;
        if (reply != null) {
            message = "response to \"" + lastCommand + "\" was: " + reply.text();
            if (reply.first() == '5') {
                newDomain.postmaster = Result.REJECT;
                flag = CalloutFlag.POSTMASTER_REJECTED;
                reject(reply);
            }
        }
    }

    /** A 5xx ends the callout with FAIL and Exim's text for the client. */
    private void reject(CalloutConnection.Reply reply) {
        status = Status.FAIL;
        done = true;
        userMessage = recipient ? "Callout verification failed:\n" + reply.text()
                : "Called:   " + currentAddress + "\nSent:     " + lastCommand + "\nResponse: " + reply.text();
    }

    private void quit(CalloutConnection c) {
        try {
            c.send("QUIT");
            c.read();
        } catch (IOException e) {
            // The answer to QUIT does not matter.
        }
    }

    private int port(DriverInstance transport) {
        String p = setting(transport, "port", "smtp");
        return switch (p.toLowerCase(Locale.ROOT)) {
            case "smtp" -> 25;
            case "submission" -> 587;
            case "smtps", "submissions" -> 465;
            case "lmtp" -> 24;
            default -> {
                try {
                    yield Integer.parseInt(p.strip());
                } catch (NumberFormatException e) {
                    yield 25;
                }
            }
        };
    }

    private String setting(DriverInstance transport, String name, String dflt) {
        String raw = transport.privateSetting(name).map(OptionSetting::value).orElse(dflt);
        return raw == null ? null : expandOr(raw, dflt);
    }

    private String expandOr(String template, String dflt) {
        try {
            return acls.engine().compile(template).expand(run.context());
        } catch (Exception e) {
            return dflt;
        }
    }

    private String qualifyDomain() {
        String q = run.variable("qualify_domain");
        return q != null ? q : acls.config().get(MainOptions.PRIMARY_HOSTNAME);
    }
}
