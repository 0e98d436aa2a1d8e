package org.osprey.mta.kernel.transport;

import java.util.List;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.Message;

/** One call of a transport: a message, a batch of its addresses, and the hosts the router found. */
public interface Delivery {

    Message message();

    /** The batch: at least one address, all for this transport. */
    List<Address> addresses();

    /** The hosts from the router, in order, with what the retry hints say of each; empty for a local delivery. */
    List<Host> hosts();

    /** The transport instance's name, for messages and retry keys. */
    String transportName();

    /** Expansion in the context of this delivery ({@code $local_part} and {@code $domain} when the batch has one address). */
    Expander expander();

    ListMatcher lists();

    /**
     * Submits a new message, such as the autoreply transport's reply (since 1.1). An engine
     * that cannot submit messages in this context keeps this default, which refuses.
     */
    default MessageSubmitter submitter() {
        return message -> {
            throw new MessageSubmitter.Refused(1, "no message submission in this context");
        };
    }
}
