package org.osprey.mta.transport.autoreply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.expand.MatchResult;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.transport.Credentials;
import org.osprey.mta.kernel.transport.Delivery;
import org.osprey.mta.kernel.transport.MessageSubmitter;
import org.osprey.mta.kernel.transport.TransportHints;

/**
 * A local delivery with a submitter that keeps what it is given (or refuses with a status),
 * and a list matcher that knows colon-separated lists of addresses and {@code *@domain}.
 */
final class TestDelivery implements Delivery {
    final List<String> submitted = new ArrayList<>();
    private final Message message;
    private final List<Address> addresses;
    private final Expander expander;
    private TransportHints hints = new MemoryHints();
    private int refuseWith;
    private boolean noRecipients;
    private Credentials credentials;

    TestDelivery(Message message, Expander expander, Address... addresses) {
        this.message = message;
        this.expander = expander;
        this.addresses = List.of(addresses);
    }

    /** The hints store the delivery lends (several deliveries share one to see each other's records). */
    TestDelivery withHints(TransportHints shared) {
        hints = shared;
        return this;
    }

    @Override
    public TransportHints hints() {
        return hints;
    }

    /** The user the delivery runs as. */
    TestDelivery as(Credentials user) {
        credentials = user;
        return this;
    }

    @Override
    public java.util.Optional<Credentials> credentials() {
        return java.util.Optional.ofNullable(credentials);
    }

    TestDelivery refusing(int status) {
        refuseWith = status;
        return this;
    }

    /** The submitter says the reply named no recipient, as the engine says it. */
    TestDelivery withoutRecipients() {
        noRecipients = true;
        return this;
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
        return "t_auto";
    }

    @Override
    public Expander expander() {
        return expander;
    }

    @Override
    public MessageSubmitter submitter() {
        return in -> {
            try {
                submitted.add(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (refuseWith != 0) {
                throw new MessageSubmitter.Refused(refuseWith, "refused");
            }
            return noRecipients ? java.util.Optional.empty() : java.util.Optional.of("1xUyvP-00044S-0i");
        };
    }

    @Override
    public ListMatcher lists() {
        return new ListMatcher() {
            @Override
            public MatchResult address(String list, String address) throws ExpansionException {
                String a = address.toLowerCase(Locale.ROOT);
                for (String item : expander.expand(list).split(":")) {
                    String i = item.strip().toLowerCase(Locale.ROOT);
                    if (i.equals(a) || i.startsWith("*@") && a.endsWith(i.substring(1))) {
                        return MatchResult.MATCH;
                    }
                }
                return MatchResult.NO_MATCH;
            }

            @Override
            public MatchResult domain(String list, String domain) {
                throw new UnsupportedOperationException();
            }

            @Override
            public MatchResult host(String list, Host host) {
                throw new UnsupportedOperationException();
            }

            @Override
            public MatchResult localPart(String list, String localPart) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
