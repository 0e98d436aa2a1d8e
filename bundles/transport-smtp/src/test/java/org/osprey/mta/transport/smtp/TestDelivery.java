package org.osprey.mta.transport.smtp;

import java.util.List;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.expand.MatchResult;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.transport.Delivery;

/**
 * A delivery as the engine hands one to a remote transport; host lists match "*" or by
 * exact address only; the lines the transport writes to the main log are kept in {@code logs}.
 */
record TestDelivery(Message message, List<Address> addresses, List<Host> hosts, Expander expander,
        List<String> logs) implements Delivery {

    TestDelivery(Message message, List<Address> addresses, List<Host> hosts, Expander expander) {
        this(message, addresses, hosts, expander, new java.util.ArrayList<>());
    }

    @Override
    public void log(String text) {
        logs.add(text);
    }

    @Override
    public String transportName() {
        return "remote_smtp";
    }

    @Override
    public ListMatcher lists() {
        return new ListMatcher() {
            @Override
            public MatchResult host(String list, Host host) {
                return list.equals("*") || List.of(list.split(":")).contains(host.address()) ? MatchResult.MATCH
                        : MatchResult.NO_MATCH;
            }

            @Override
            public MatchResult domain(String list, String domain) throws ExpansionException {
                throw new UnsupportedOperationException();
            }

            @Override
            public MatchResult address(String list, String address) throws ExpansionException {
                throw new UnsupportedOperationException();
            }

            @Override
            public MatchResult localPart(String list, String localPart) throws ExpansionException {
                throw new UnsupportedOperationException();
            }
        };
    }
}
