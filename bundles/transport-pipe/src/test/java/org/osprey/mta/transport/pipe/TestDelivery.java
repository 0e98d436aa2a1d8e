package org.osprey.mta.transport.pipe;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.transport.Delivery;

/** A delivery as the engine hands one to a local transport: no hosts, no list matching. */
record TestDelivery(Message message, List<Address> addresses, String transportName, Expander expander,
        Map<String, String> mainOptions) implements Delivery {

    TestDelivery(Message message, List<Address> addresses, String transportName, Expander expander) {
        this(message, addresses, transportName, expander, Map.of());
    }

    @Override
    public Optional<String> mainOption(String name) {
        return Optional.ofNullable(mainOptions.get(name));
    }

    @Override
    public List<Host> hosts() {
        return List.of();
    }

    @Override
    public ListMatcher lists() {
        throw new UnsupportedOperationException("the pipe transport matches no lists");
    }
}
