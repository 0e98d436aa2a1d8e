package org.osprey.mta.core.acl;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osprey.mta.core.config.ConfigException;
import org.osprey.mta.core.config.ConfigLoader;
import org.osprey.mta.core.config.ConfigOption;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.expand.ExpansionEnvironment;
import org.osprey.mta.core.expand.Settings;
import org.osprey.mta.core.lists.HostResolver;
import org.osprey.mta.core.log.LogEvent;
import org.osprey.mta.core.log.LogSelector;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.core.hints.MemoryHintsStore;

/** A configuration with ACLs, loaded with no drivers, and an engine over it with recording services. */
final class AclFixture {
    final List<String> logLines = new ArrayList<>();
    final List<Duration> sleeps = new ArrayList<>();
    final DriverRegistry drivers = new DriverRegistry();
    Instant now = Instant.parse("2026-11-22T01:00:00Z");
    final MemoryHintsStore hints = new MemoryHintsStore(() -> now.getEpochSecond());
    AddressVerifier verifier;
    Configuration config;

    /** The smtp transport's options a callout reads. */
    private static final OptionTable SMTP_OPTIONS = OptionTable.of(Option.string("hosts").expanded(),
            Option.string("port").expanded(), Option.string("helo_data", "$primary_hostname").expanded(),
            Option.string("interface").expanded());

    Configuration load(Path dir, String text) throws Exception {
        Path file = Files.write(dir.resolve("configure"),
                ("primary_hostname = test.example\n" + text).getBytes(StandardCharsets.ISO_8859_1));
        config = ConfigLoader.load(file, Map.of(), (kind, name) -> kind == DriverKind.TRANSPORT && name.equals("smtp")
                ? Optional.of(SMTP_OPTIONS) : Optional.empty());
        return config;
    }

    ConfiguredAcls engine(Path dir, String text) throws Exception {
        load(dir, text);
        return ConfiguredAcls.of(config, services());
    }

    ConfigException error(Path dir, String text) throws Exception {
        load(dir, text);
        try {
            ConfiguredAcls.of(config, services());
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("the ACLs parsed");
    }

    AclServices services() {
        Configuration c = config;
        ExpansionEnvironment env = new ExpansionEnvironment() {
            @Override
            public Settings settings() {
                return name -> MainOptions.TABLE.find(name).map(o -> c.get((ConfigOption<?>) o)).map(String::valueOf);
            }
        };
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new AclServices(env, verifier, drivers, this::record, () -> hints, new FakeDns(), clock,
                sleeps::add);
    }

    private void record(LogEvent e) {
        e.render(LogSelector.defaults()).ifPresent(t -> logLines.add(e.files() + " " + t));
    }

    /** DNS with one name: 127.0.0.2 is client.example and back. */
    static final class FakeDns implements HostResolver {
        @Override
        public List<String> addresses(String name) {
            return name.equals("client.example") ? List.of("127.0.0.2") : List.of();
        }

        @Override
        public List<String> names(String address) {
            return address.equals("127.0.0.2") ? List.of("client.example") : List.of();
        }

        @Override
        public List<MxRecord> mx(String domain) {
            return List.of();
        }

        @Override
        public List<String> localAddresses() {
            return List.of("127.0.0.1");
        }
    }
}
