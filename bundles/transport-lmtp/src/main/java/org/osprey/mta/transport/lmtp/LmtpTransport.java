package org.osprey.mta.transport.lmtp;

import static org.osprey.mta.transport.lmtp.LmtpOptions.COMMAND;
import static org.osprey.mta.transport.lmtp.LmtpOptions.IGNORE_QUOTA;
import static org.osprey.mta.transport.lmtp.LmtpOptions.SOCKET;
import static org.osprey.mta.transport.lmtp.LmtpOptions.TIMEOUT;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.transport.Delivery;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * A configured lmtp transport: opens the connection (starts the command, or connects to
 * the socket) for each batch and runs one {@link LmtpDialogue} over it.
 *
 * <p>Not done: Exim's -N (no delivery), which the kernel does not show a driver, and the
 * generic {@code rcpt_include_affixes} (the addresses are given without their affixes).
 */
final class LmtpTransport implements Transport {
    private final String name;
    private final String command;
    private final String socket;
    private final Duration timeout;
    private final boolean ignoreQuota;

    private LmtpTransport(String name, String command, String socket, Duration timeout, boolean ignoreQuota) {
        this.name = name;
        this.command = command;
        this.socket = socket;
        this.timeout = timeout;
        this.ignoreQuota = ignoreQuota;
    }

    /** Exim's lmtp_transport_init checks. */
    static LmtpTransport from(String name, OptionValues values) throws ConfigurationException {
        String command = values.text(COMMAND).orElse(null);
        String socket = values.text(SOCKET).orElse(null);
        if ((command == null) == (socket == null)) {
            throw new ConfigurationException("one (and only one) of command or socket must be set for the " + name
                    + " transport");
        }
        return new LmtpTransport(name, command, socket, values.get(TIMEOUT), values.get(IGNORE_QUOTA));
    }

    @Override
    public TransportResult deliver(Delivery delivery) {
        List<Address> batch = delivery.addresses();
        Expander expander = delivery.expander();
        List<Outcome> outcomes;
        try {
            Peer peer = open(batch, expander);
            try {
                outcomes = new LmtpDialogue(peer, timeout, ignoreQuota).run(variable(expander, "primary_hostname"),
                        returnPath(delivery), batch, delivery.message()::writeTo);
            } finally {
                peer.finish(timeout);
            }
        } catch (DialogueFailure f) {
            outcomes = batch.stream().map(a -> outcome(f, a)).toList();
        }
        TransportResult.Builder result = TransportResult.builder();
        for (int i = 0; i < batch.size(); i++) {
            result.outcome(batch.get(i), outcomes.get(i));
        }
        return result.build();
    }

    private Peer open(List<Address> batch, Expander expander) throws DialogueFailure {
        if (command != null) {
            List<String> argv = CommandArguments.argv(command, batch, name, expander);
            if (argv.isEmpty()) {
                throw DialogueFailure.defer("Failed to create child process for " + name
                        + " transport: no command");
            }
            try {
                return CommandPeer.start(argv);
            } catch (IOException e) {
                throw DialogueFailure.defer("Failed to create child process for " + name + " transport: "
                        + Errors.strerror(e));
            }
        }
        String path;
        try {
            path = expander.expand(socket);
        } catch (ExpansionException e) {
            throw DialogueFailure.defer("Expansion of \"" + socket + "\" (socket setting for " + name
                    + " transport) failed: " + e.getMessage());
        }
        try {
            return SocketPeer.connect(path);
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof IOException io ? Errors.strerror(io) : e.getMessage();
            throw DialogueFailure.defer("Failed to connect to socket " + path + " for " + name + " transport: "
                    + reason);
        }
    }

    /** Exim's return_path: the variable when the engine sets it, else the envelope sender. */
    private static String returnPath(Delivery delivery) {
        String value = variable(delivery.expander(), "return_path");
        return value.isEmpty() ? delivery.message().sender() : value;
    }

    /** Exim's key for a local transport's deferral of an address. */
    static String retryKey(Address address) {
        return "T:" + address.text();
    }

    static Outcome outcome(DialogueFailure f, Address address) {
        if (f.permanent()) {
            return new Outcome.Failed(f.getMessage());
        }
        return new Outcome.Deferred(retryKey(address), f.getMessage(), f.errorClass(), f.smtpCode());
    }

    /** A variable's value, "" when it is unset or the expansion cannot give it. */
    private static String variable(Expander expander, String name) {
        try {
            String value = expander.expand("$" + name);
            return value == null ? "" : value;
        } catch (ExpansionException | RuntimeException e) {
            return "";
        }
    }
}
