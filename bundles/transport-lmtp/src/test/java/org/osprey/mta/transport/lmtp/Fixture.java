package org.osprey.mta.transport.lmtp;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.option.OptionValueException;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;

/** Makes lmtp transports from option settings and runs deliveries through them. */
final class Fixture {
    static final Map<String, String> VARIABLES = Map.of("primary_hostname", "osprey.test",
            "return_path", "sender@example.com", "local_part", "user", "domain", "example.com");

    private Fixture() {
    }

    /** A transport named "t" with these option settings (name, value, name, value ...). */
    static Transport transport(String... settings) throws OptionValueException, ConfigurationException {
        OptionValues.Builder values = OptionValues.builder(LmtpOptions.TABLE);
        for (int i = 0; i < settings.length; i += 2) {
            values.set(settings[i], settings[i + 1]);
        }
        return new LmtpTransportDriver().create(new DriverConfig("t", values.build()));
    }

    /** The outcomes of delivering {@code message} to the addresses, in their order. */
    static List<Outcome> deliver(Transport t, Message message, Address... addresses) {
        List<Address> batch = Arrays.asList(addresses);
        var result = t.deliver(new TestDelivery(message, batch, "t", new TestExpander(VARIABLES)));
        return batch.stream().map(a -> result.outcome(a).orElseThrow()).toList();
    }
}
