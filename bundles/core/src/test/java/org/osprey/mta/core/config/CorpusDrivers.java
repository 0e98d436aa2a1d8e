package org.osprey.mta.core.config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionTable;

/**
 * The drivers the configuration corpus may name, test-only: the accept router (no private
 * options), the plaintext and external authenticators with all their private options as
 * Exim 4.96 has them, and a few options of other drivers that the corpus sets (their
 * {@code -bP} output would lack the rest, so the corpus never prints them).
 */
final class CorpusDrivers implements DriverTables {
    private static final Map<DriverKind, Map<String, OptionTable>> TABLES = Map.of(
            DriverKind.ROUTER, Map.of(
                    "accept", OptionTable.empty(),
                    "redirect", OptionTable.of(Option.string("data").expanded(), Option.string("file").expanded(),
                            Option.bool("allow_fail", false), Option.bool("allow_defer", false))),
            DriverKind.TRANSPORT, Map.of(
                    "pipe", OptionTable.of(Option.string("command").expanded(), Option.bool("return_output", false),
                            Option.bool("use_shell", false)),
                    "appendfile", OptionTable.of(Option.string("file").expanded(),
                            Option.string("directory").expanded(), Option.octal("mode", 0600)),
                    "smtp", OptionTable.of(Option.string("hosts").expanded(), Option.string("port", "smtp").expanded(),
                            Option.bool("hosts_randomize", false))),
            DriverKind.AUTHENTICATOR, Map.of(
                    "plaintext", OptionTable.of(Option.bool("client_ignore_invalid_base64", false),
                            Option.string("client_send").expanded(), Option.string("server_prompts").expanded()),
                    "external", OptionTable.of(Option.string("client_send").expanded(),
                            Option.string("server_param2").expanded(), Option.string("server_param3").expanded())));

    @Override
    public Optional<OptionTable> privateOptions(DriverKind kind, String driverName) {
        return Optional.ofNullable(TABLES.getOrDefault(kind, Map.of()).get(driverName));
    }

    @Override
    public Set<String> driverNames(DriverKind kind) {
        return new TreeSet<>(TABLES.getOrDefault(kind, Map.of()).keySet());
    }
}
