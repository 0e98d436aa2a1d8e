package org.osprey.mta.core.daemon;

import java.util.HashMap;
import java.util.Map;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.smtp.ClientConnection;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.MatchResult;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.HostStatus;

/** {@link ConnectionChecks} through the configuration's expansion engine and list matching. */
public final class ConfiguredChecks implements ConnectionChecks {
    private final ExpansionEngine engine;

    public ConfiguredChecks(ExpansionEngine engine) {
        this.engine = engine;
    }

    @Override
    public MatchResult matchHost(String list, ClientConnection client) {
        if (list == null || list.isEmpty() || client.remote() == null) {
            return MatchResult.NO_MATCH;
        }
        String address = ClientAddresses.text(client.remote());
        // A name in brackets tells list matching the name is not known yet (looked up if an item needs it).
        String name = client.hostName() != null ? client.hostName() : "[" + address + "]";
        try {
            return engine.listMatcher(context(client))
                    .host(list, new Host(name, address, Host.DEFAULT_PORT, Host.NO_MX, HostStatus.UNKNOWN));
        } catch (ExpansionException e) {
            return MatchResult.DEFER;
        }
    }

    @Override
    public String expand(String template, ClientConnection client) throws ExpansionException {
        return engine.expander(context(client)).expand(template);
    }

    private static ExpansionContext context(ClientConnection client) {
        Map<String, String> v = new HashMap<>();
        if (client.remote() != null) {
            v.put("sender_host_address", ClientAddresses.text(client.remote()));
            v.put("sender_host_port", Integer.toString(client.remote().getPort()));
        }
        if (client.local() != null) {
            String local = ClientAddresses.text(client.local());
            String port = Integer.toString(client.local().getPort());
            v.put("received_ip_address", local);
            v.put("interface_address", local);
            v.put("received_port", port);
            v.put("interface_port", port);
        }
        v.put("sender_host_name", client.hostName());
        v.put("sender_ident", client.ident());
        return ExpansionContext.empty().with(v);
    }
}
