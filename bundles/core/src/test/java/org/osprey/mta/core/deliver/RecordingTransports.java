package org.osprey.mta.core.deliver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.WriteOptions;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.transport.ContinuedDelivery;
import org.osprey.mta.kernel.transport.Delivery;
import org.osprey.mta.kernel.transport.DeliveryFlag;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.HostAttempt;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportDriver;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * Transports for the delivery tests. Each call is recorded (addresses, the message as
 * written, the hosts); the expanded {@code outcome} option decides the answer: {@code ok},
 * {@code defer <text>}, {@code norecord <text>} (deferred with an empty retry key), {@code quota}, {@code fail <text>}, {@code hostfail} (remote:
 * the first host refused the connection), {@code reply <to>} (submits a reply to that
 * address through the delivery's submitter, then ok; {@code reply} alone: a reply without
 * recipients), {@code freeze <text>} (defers and asks for the message to be frozen),
 * {@code output <text>} (fails with "return message generated" and returns the text, a
 * "\n" in it a newline, as a pipe's return_output does), {@code authenticated <name>} (ok, by
 * mx.remote.example [192.0.2.1] after AUTH with that client authenticator), {@code failfreeze <text>}
 * (fails and asks for the message to be frozen), {@code failuser <user text>|<text>} (fails with
 * a separate text for the sender), {@code deferuser <user text>|<text>} (defers so), {@code refused} and
 * {@code timeout} (remote: the first host, at the {@code port} option when it has none, refused
 * the connection or said nothing after it, under the smtp transport's host key), {@code rcpttimeout}
 * (remote: the RCPT of the first address went unanswered; the others are deferred with no
 * retry key and no host), {@code local} (the host is this machine), {@code nohosts} (no host's
 * retry time has come), {@code split} (remote: delivered
 * with CHUNKING in transactions of two addresses, the later ones flagged as continued).
 * {@code sleep} makes a call take that many ms.
 */
final class RecordingTransports {
    static final Option<String> OUTCOME = Option.string("outcome").expanded();
    static final Option<Integer> BATCH_MAX = Option.integer("batch_max", 1);
    static final Option<String> BATCH_ID = Option.string("batch_id").expanded();
    static final Option<Integer> SLEEP = Option.integer("sleep", 0);
    static final Option<Integer> MAX_RCPT = Option.integer("max_rcpt", 100);
    /** Write the message as SMTP DATA (CR LF, dot-stuffed) instead of plain LF lines. */
    static final Option<Boolean> SMTP_DATA = Option.bool("smtp_data", false);
    /** Remote: after a delivery, further waiting messages over the same "connection" (0: no limit). */
    static final Option<Integer> CONNECTION_MAX_MESSAGES = Option.integer("connection_max_messages", 1);
    static final Option<Boolean> MULTI_DOMAIN = Option.bool("multi_domain", true);
    /** Remote: the port of the hosts the router gave without one, as the smtp transport's port option. */
    static final Option<String> PORT = Option.string("port", "25").expanded();

    /**
     * One transport call as the test sees it: also the envelope sender the message gave, and
     * the user and directories the engine set for it.
     *
     * @param fallbackHosts the router's fallback hosts the delivery carried
     * @param hostFinder whether the delivery lent a host finder
     * @param connection which "connection" of the remote transport carried it (each call
     *        of the transport opens one; continued deliveries go over the caller's); 0 for local
     */
    record Call(String transport, List<String> addresses, String message, List<Host> hosts, List<Host> fallbackHosts,
            boolean hostFinder, int connection, String sender,
            java.util.Optional<org.osprey.mta.kernel.transport.Credentials> credentials,
            java.util.Optional<String> home, java.util.Optional<String> currentDirectory) {
    }


    final List<Call> calls = new CopyOnWriteArrayList<>();
    /** For each call, the client authenticators the delivery lent: name, public name and client_condition. */
    final List<List<String>> authenticators = new CopyOnWriteArrayList<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();

    TransportDriver local() {
        return driver(true);
    }

    TransportDriver remote() {
        return driver(false);
    }

    private TransportDriver driver(boolean local) {
        return new TransportDriver() {
            @Override
            public OptionTable options() {
                return OptionTable.of(OUTCOME, BATCH_MAX, BATCH_ID, SLEEP, MAX_RCPT, CONNECTION_MAX_MESSAGES,
                        MULTI_DOMAIN, SMTP_DATA, PORT);
            }

            @Override
            public Transport create(DriverConfig config) {
                String outcome = config.options().text(OUTCOME).orElse("ok");
                int sleep = config.options().get(SLEEP);
                int reuse = local ? 1 : config.options().get(CONNECTION_MAX_MESSAGES);
                WriteOptions write = config.options().get(SMTP_DATA) ? WriteOptions.SMTP : WriteOptions.PLAIN;
                String port = config.options().text(PORT).orElse("25");
                return delivery -> call(delivery, outcome, sleep, reuse, local ? 0 : connections.incrementAndGet(),
                        write, port);
            }

            @Override
            public boolean isLocal() {
                return local;
            }
        };
    }

    /**
     * A call; when it delivered and {@code reuse} allows, the messages waiting for its first
     * host go over the same connection, as the smtp transport sends them.
     */
    private TransportResult call(Delivery delivery, String outcome, int sleep, int reuse, int connection,
            WriteOptions write, String port) {
        int now = running.incrementAndGet();
        mostAtOnce.accumulateAndGet(now, Math::max);
        try {
            if (sleep > 0) {
                Thread.sleep(sleep);
            }
            TransportResult result = answer(delivery, outcome, connection, write, port);
            if (reuse != 1 && delivered(result) && !delivery.hosts().isEmpty()) {
                for (int sent = 1; reuse == 0 || sent < reuse; sent++) {
                    Optional<ContinuedDelivery> next = delivery.nextFor(delivery.hosts().get(0));
                    if (next.isEmpty()) {
                        break;
                    }
                    TransportResult r = answer(next.get(), outcome, connection, write, port);
                    next.get().complete(r);
                    if (!delivered(r)) {
                        break;
                    }
                }
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            running.decrementAndGet();
        }
    }

    private static boolean delivered(TransportResult r) {
        return r.outcomes().values().stream().allMatch(o -> o instanceof Outcome.Delivered);
    }

    private TransportResult answer(Delivery delivery, String outcome, int connection, WriteOptions write,
            String port) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                delivery.message().writeTo(out, write);
            } catch (IOException e) {
                // As a transport does when writing fails: the message is not delivered.
                TransportResult.Builder failed = TransportResult.builder();
                for (Address a : delivery.addresses()) {
                    failed.outcome(a, new Outcome.Deferred("T:" + a.text(), e.getMessage(), ErrorClass.OTHER, 0));
                }
                return failed.build();
            }
            calls.add(new Call(delivery.transportName(), delivery.addresses().stream().map(Address::text).toList(),
                    out.toString(java.nio.charset.StandardCharsets.ISO_8859_1), delivery.hosts(),
                    delivery.fallbackHosts(), delivery.hostFinder().isPresent(), connection, delivery.message().sender(),
                    delivery.credentials(), delivery.homeDirectory(), delivery.currentDirectory()));
            authenticators.add(delivery.authenticators().stream()
                    .map(a -> a.name() + " " + a.publicName() + " " + a.clientCondition()).toList());
            String answer = delivery.expander().expand(outcome);
            TransportResult.Builder b = TransportResult.builder();
            Outcome o;
            if (answer.equals("ok")) {
                o = new Outcome.Delivered("");
                if (!delivery.hosts().isEmpty()) {
                    b.host(new HostAttempt.Used(delivery.hosts().get(0)));
                }
            } else if (answer.startsWith("authenticated ")) {
                b.clientAuthenticator(answer.substring("authenticated ".length()));
                b.host(new HostAttempt.Used(new Host("mx.remote.example", "192.0.2.1", 25, 10,
                        org.osprey.mta.kernel.model.HostStatus.UNKNOWN)));
                o = new Outcome.Delivered("");
            } else if (answer.startsWith("reply")) {
                String to = answer.substring(5).strip();
                String reply = (to.isEmpty() ? "" : "To: " + to + "\n") + "Subject: auto\n\nhello\n";
                o = delivery.submitter().submit(new java.io.ByteArrayInputStream(
                        reply.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).isPresent()
                        ? new Outcome.Delivered("") : new Outcome.Failed("no recipients");
            } else if (answer.startsWith("failuser") || answer.startsWith("deferuser")) {
                // failuser (deferuser) <the text for the sender>|<the logged message>
                String[] texts = answer.substring(answer.indexOf(' ') + 1).split("\\|", 2);
                o = answer.startsWith("fail") ? new Outcome.Failed(texts[1])
                        : new Outcome.Deferred("T:" + delivery.addresses().get(0).text(), texts[1], ErrorClass.OTHER, 0);
                delivery.addresses().forEach(a -> b.userMessage(a, texts[0]));
            } else if (answer.startsWith("defer")) {
                o = new Outcome.Deferred("R:" + delivery.addresses().get(0).text(), answer.substring(5).strip(),
                        ErrorClass.OTHER, 0);
            } else if (answer.startsWith("norecord")) {
                o = new Outcome.Deferred("", answer.substring(8).strip(), ErrorClass.TIMEOUT, 0);
            } else if (answer.startsWith("freeze")) {
                o = new Outcome.Deferred("T:" + delivery.addresses().get(0).text(), answer.substring(6).strip(),
                        ErrorClass.OTHER, 0);
                b.freeze(answer.substring(6).strip());
            } else if (answer.startsWith("output")) {
                o = new Outcome.Failed("return message generated");
                String text = answer.substring(7).replace("\\n", "\n");
                delivery.addresses().forEach(a -> b.returnedText(a, text));
            } else if (answer.startsWith("failfreeze")) {
                o = new Outcome.Failed(answer.substring(10).strip());
                b.freeze(answer.substring(10).strip());
            } else if (answer.equals("quota")) {
                o = new Outcome.Deferred("R:" + delivery.addresses().get(0).text(), "mailbox is full",
                        ErrorClass.QUOTA, 0);
            } else if (answer.equals("hostfail")) {
                Host h = delivery.hosts().get(0);
                b.host(new HostAttempt.Failed(h, "T:" + h.name() + ":" + h.address(), "Connection refused",
                        ErrorClass.REFUSED));
                o = new Outcome.Deferred("T:" + h.name() + ":" + h.address(), "Connection refused",
                        ErrorClass.REFUSED, 0);
            } else if (answer.equals("refused") || answer.equals("timeout")) {
                Host h = delivery.hosts().get(0);
                int p = h.port() == Host.DEFAULT_PORT ? Integer.parseInt(delivery.expander().expand(port)) : h.port();
                h = h.withPort(p);
                String key = "T:" + h.name() + ":" + h.address() + (p == 25 ? "" : ":" + p);
                boolean refused = answer.equals("refused");
                String text = refused ? "Connection refused" : "SMTP timeout after initial connection";
                ErrorClass c = refused ? ErrorClass.REFUSED : ErrorClass.TIMEOUT;
                b.host(new HostAttempt.Failed(h, key, text, c));
                o = new Outcome.Deferred(key, text, c, 0);
            } else if (answer.equals("rcpttimeout")) {
                b.host(new HostAttempt.Used(delivery.hosts().get(0)));
                List<Address> all = delivery.addresses();
                String text = "SMTP timeout after RCPT TO:<" + all.get(0).text() + ">";
                b.outcome(all.get(0), new Outcome.Deferred("R:" + all.get(0).text(), text, ErrorClass.TIMEOUT, 0));
                for (Address a : all.subList(1, all.size())) {
                    b.outcome(a, new Outcome.Deferred("", text, ErrorClass.TIMEOUT, 0));
                    b.flag(a, DeliveryFlag.NO_HOST);
                }
                return b.build();
            } else if (answer.equals("nohosts")) {
                o = new Outcome.Deferred("R:" + delivery.addresses().get(0).text(),
                        "retry time not reached for any host for '" + delivery.addresses().get(0).domain() + "'",
                        ErrorClass.HOSTS_NOT_TRIED, 0);
            } else if (answer.equals("local")) {
                o = new Outcome.Deferred("R:" + delivery.addresses().get(0).text(),
                        "remote_t transport found host mx.example to be local", ErrorClass.HOST_IS_LOCAL, 0);
            } else if (answer.equals("split")) {
                b.host(new HostAttempt.Used(delivery.hosts().get(0)));
                List<Address> all = delivery.addresses();
                for (int i = 0; i < all.size(); i++) {
                    b.outcome(all.get(i), new Outcome.Delivered("250 OK"));
                    b.flag(all.get(i), DeliveryFlag.CHUNKING);
                    if (i >= 2) {
                        b.flag(all.get(i), DeliveryFlag.CONTINUED_TRANSACTION);
                    }
                    if (i == 2) {
                        b.flag(all.get(i), DeliveryFlag.FIRST_IN_TRANSACTION);
                    }
                }
                return b.build();
            } else {
                o = new Outcome.Failed(answer.substring(4).strip());
            }
            for (Address a : delivery.addresses()) {
                b.outcome(a, o);
            }
            return b.build();
        } catch (org.osprey.mta.kernel.transport.MessageSubmitter.Refused e) {
            throw new IllegalStateException(e);
        } catch (ExpansionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The addresses each call delivered to, in call order. */
    List<List<String>> addresses() {
        return calls.stream().map(Call::addresses).toList();
    }

    static String read(Path file) {
        try {
            return Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
