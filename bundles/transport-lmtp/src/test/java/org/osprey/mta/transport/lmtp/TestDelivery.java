package org.osprey.mta.transport.lmtp;

import java.util.List;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.transport.Delivery;

/** A delivery as the engine hands one to a local transport: no hosts, no list matching. */
record TestDelivery(Message message, List<Address> addresses, String transportName, Expander expander)
        implements Delivery {

    @Override
    public List<Host> hosts() {
        return List.of();
    }

    @Override
    public ListMatcher lists() {
        throw new UnsupportedOperationException("the lmtp transport matches no lists");
    }
}
