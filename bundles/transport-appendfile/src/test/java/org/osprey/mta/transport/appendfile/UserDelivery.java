package org.osprey.mta.transport.appendfile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.transport.Credentials;
import org.osprey.mta.kernel.transport.Delivery;
import org.osprey.mta.kernel.transport.MessageSubmitter;

/**
 * A delivery as the engine will hand one over once the generic user and group options
 * reach the transport: with credentials, a submitter that keeps what is submitted, and
 * the main log lines the transport writes.
 */
final class UserDelivery implements Delivery {
    private final Message message;
    private final List<Address> addresses;
    private final Expander expander;
    private final Credentials credentials;
    final List<String> submitted = new ArrayList<>();
    final List<String> logged = new ArrayList<>();
    /** The main options the delivery lends (Delivery.mainOption). */
    final Map<String, String> mainOptions = new HashMap<>();

    UserDelivery(Message message, List<Address> addresses, Expander expander, Credentials credentials) {
        this.message = message;
        this.addresses = addresses;
        this.expander = expander;
        this.credentials = credentials;
    }

    @Override
    public Optional<String> mainOption(String name) {
        return Optional.ofNullable(mainOptions.get(name));
    }

    @Override
    public Message message() {
        return message;
    }

    @Override
    public List<Address> addresses() {
        return addresses;
    }

    @Override
    public List<Host> hosts() {
        return List.of();
    }

    @Override
    public String transportName() {
        return "t";
    }

    @Override
    public Expander expander() {
        return expander;
    }

    @Override
    public ListMatcher lists() {
        throw new UnsupportedOperationException("appendfile matches no lists");
    }

    @Override
    public Optional<Credentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    @Override
    public MessageSubmitter submitter() {
        return in -> {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            try {
                in.transferTo(copy);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            submitted.add(copy.toString(StandardCharsets.UTF_8));
            return Optional.of("1xV14B-000188-14");
        };
    }

    @Override
    public void log(String text) {
        logged.add(text);
    }
}
