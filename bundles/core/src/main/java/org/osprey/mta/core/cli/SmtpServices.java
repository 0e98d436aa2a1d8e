package org.osprey.mta.core.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.osprey.mta.core.acl.ConfiguredAcls;
import org.osprey.mta.core.auth.ConfiguredAuthenticators;
import org.osprey.mta.core.config.ConfigException;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.config.TimeOrExpansion;
import org.osprey.mta.core.deliver.ConfiguredExpansion;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.hints.HintsStore;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.lookup.SearchLayer;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.rewrite.Rewriter;
import org.osprey.mta.core.route.Routing;
import org.osprey.mta.core.smtp.SmtpService;
import org.osprey.mta.core.spool.MessageIdGenerator;
import org.osprey.mta.core.tls.ConfiguredTlsServer;

/**
 * The SMTP service of a configuration, as the daemon and -bs/-bS/-bh use it: its ACLs, rewrite
 * rules, TLS and authenticators.
 */
final class SmtpServices {
    private SmtpServices() {
    }

    /**
     * @param hints the hints store (ratelimit, ETRN serialisation), opened when first asked for; may supply null
     * @throws ConfigException when an ACL does not parse
     */
    static SmtpService.Builder of(Configuration config, DriverRegistry registry, LogWriter log,
            Supplier<HintsStore> hints) throws ConfigException {
        ConfiguredExpansion environment = new ConfiguredExpansion(config, new SearchLayer(registry));
        ConfiguredAcls acls = EngineFactory.acls(config, registry, environment, log, hints);
        ExpansionEngine expansion = new ExpansionEngine(acls.expansionEnvironment());
        TimeOrExpansion timeout = config.get(MainOptions.SMTP_RECEIVE_TIMEOUT);
        Duration handshake = timeout != null && timeout.time() != null ? timeout.time() : Duration.ofMinutes(5);
        return SmtpService.builder(config, log, acls.expansionEnvironment(),
                MessageIdGenerator.forThisProcess(EngineFactory.localhostNumber(config)))
                .acl(acls)
                .routing(Routing.of(config, registry, environment))
                .rewriter(Rewriter.of(config, expansion))
                .auth(ConfiguredAuthenticators.of(config, registry, acls.expansionEnvironment()))
                .tls(Optional.of(new ConfiguredTlsServer(config, () -> expansion.expander(ExpansionContext.empty()),
                        handshake)))
                .hints(hints);
    }
}
