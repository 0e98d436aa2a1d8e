package org.osprey.mta.transport.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.option.OptionValueException;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.testing.TestMessage;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportResult;

/** Makes pipe transports from option settings and runs deliveries through them. */
final class Fixture {
    static final String BSD_DATE = "Thu Jan  4 10:00:00 2024";
    static final Address USER = Address.of("user", "example.com");

    private Fixture() {
    }

    /** A transport named "t" with these option settings (name, value, name, value ...). */
    static Transport transport(String... settings) throws OptionValueException, ConfigurationException {
        return new PipeTransportDriver().create(config(settings));
    }

    static DriverConfig config(String... settings) throws OptionValueException {
        OptionValues.Builder values = OptionValues.builder(PipeOptions.TABLE);
        for (int i = 0; i < settings.length; i += 2) {
            values.set(settings[i], settings[i + 1]);
        }
        return new DriverConfig("t", values.build());
    }

    static Map<String, String> variables(String... more) {
        Map<String, String> vars = new HashMap<>(Map.of("local_part", "user", "domain", "example.com",
                "return_path", "sender@example.com", "tod_bsdinbox", BSD_DATE, "home", "",
                "local_part_prefix", "", "local_part_suffix", "", "qualify_domain", "qualify.example"));
        for (int i = 0; i < more.length; i += 2) {
            vars.put(more[i], more[i + 1]);
        }
        return vars;
    }

    static TransportResult deliver(Transport t, Message m, Map<String, String> vars, Address... addresses) {
        List<Address> batch = addresses.length == 0 ? List.of(USER) : Arrays.asList(addresses);
        return t.deliver(new TestDelivery(m, batch, "t", new TestExpander(vars)));
    }

    /** The outcome of a one-address delivery of a simple message with the default variables. */
    static Outcome deliverOne(Transport t) {
        return deliverOne(t, TestMessage.simple("body\n"), variables());
    }

    static Outcome deliverOne(Transport t, Message m, Map<String, String> vars, Address... addresses) {
        TransportResult result = deliver(t, m, vars, addresses);
        assertEquals(addresses.length == 0 ? 1 : addresses.length, result.outcomes().size());
        return result.outcomes().values().iterator().next();
    }
}
