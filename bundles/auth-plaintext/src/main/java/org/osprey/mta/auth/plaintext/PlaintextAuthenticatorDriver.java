package org.osprey.mta.auth.plaintext;

import org.osgi.service.component.annotations.Component;
import org.osprey.mta.kernel.auth.Authenticator;
import org.osprey.mta.kernel.auth.AuthenticatorDriver;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.option.OptionTable;

/**
 * Exim's plaintext authenticator (auths/plaintext.c): mechanisms whose data are clear-text
 * strings, PLAIN and LOGIN among them. As a server it sends the {@code server_prompts} as
 * challenges and hands the engine the strings it got, split at binary zeros, for
 * {@code $auth1}.. and {@code server_condition}; it never decides itself whether they are
 * right. As a client it sends the items of {@code client_send}.
 */
@Component(service = AuthenticatorDriver.class)
@MtaDriver(kind = MtaDriver.AUTHENTICATOR, name = "plaintext")
public final class PlaintextAuthenticatorDriver implements AuthenticatorDriver {

    @Override
    public OptionTable options() {
        return PlaintextOptions.TABLE;
    }

    @Override
    public Authenticator create(DriverConfig config) {
        return new PlaintextAuthenticator(config.instanceName(),
                config.options().text(PlaintextOptions.SERVER_PROMPTS).orElse(null),
                config.options().text(PlaintextOptions.CLIENT_SEND).orElse(null),
                config.options().get(PlaintextOptions.CLIENT_IGNORE_INVALID_BASE64));
    }
}
