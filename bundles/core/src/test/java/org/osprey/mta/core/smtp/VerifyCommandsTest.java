package org.osprey.mta.core.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.acl.AclServices;
import org.osprey.mta.core.acl.ConfiguredAcls;
import org.osprey.mta.core.acl.RoutingVerifier;
import org.osprey.mta.core.config.ConfigLoader;
import org.osprey.mta.core.config.ConfigOption;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.DriverTables;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.expand.ExpansionEnvironment;
import org.osprey.mta.core.expand.Settings;
import org.osprey.mta.core.log.LogConfig;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.registry.DriverService;
import org.osprey.mta.core.route.Routing;
import org.osprey.mta.core.spool.MessageIdGenerator;
import org.osprey.mta.core.spool.Spool;
import org.osprey.mta.core.testing.TestRouters;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportDriver;

/**
 * VRFY, EXPN and the details of a failed sender verification, with the real router chain
 * ({@link RoutingVerifier}, the test accept and redirect drivers). Every expected reply was
 * recorded from Exim 4.96 ({@code exim-reference -c CONF -- -bs}) with the same routers (its
 * pipe_transport set to address_pipe) and transports appendfile and pipe.
 */
class VerifyCommandsTest {
    @TempDir
    Path dir;

    private static final String ROUTERS = """
            acl_smtp_vrfy = accept
            acl_smtp_expn = accept
            acl_smtp_mail = accept
            acl_smtp_rcpt = acl_rcpt
            smtp_accept_max_nonmail = 1000
            qualify_domain = test.example
            begin acl
            acl_rcpt:
              require verify = sender
              accept
            begin routers
            secret:
              driver = accept
              local_parts = secret
              no_expn
              transport = t_local
            multi:
              driver = redirect
              local_parts = multi
              data = c@local.example, a@local.example, bad@nowhere.example, |/bin/cat
            onebad:
              driver = redirect
              local_parts = onebad
              data = bad@nowhere.example
            ft:
              driver = redirect
              local_parts = ft
              allow_fail
              data = :fail: no such user here
            hole:
              driver = redirect
              local_parts = hole
              data = :blackhole:
            defers:
              driver = redirect
              domains = defer.example
              allow_defer
              data = :defer: try later
            local:
              driver = accept
              domains = local.example : test.example
              transport = t_local
            begin transports
            t_local:
              driver = appendfile
            address_pipe:
              driver = appendfile
            """;

    /** A transport that delivers nothing, local as appendfile. */
    static final class NoTransport implements TransportDriver {
        static final Option<String> FILE = Option.string("file").expanded();

        @Override
        public OptionTable options() {
            return OptionTable.of(FILE);
        }

        @Override
        public Transport create(DriverConfig config) {
            return delivery -> {
                throw new UnsupportedOperationException("nothing is delivered here");
            };
        }

        @Override
        public boolean isLocal() {
            return true;
        }
    }

    private String session(String input) throws Exception {
        DriverRegistry registry = new DriverRegistry();
        registry.add(new DriverService(DriverKind.ROUTER, "accept", new TestRouters.AcceptDriver(), 0, 1, "test"));
        registry.add(new DriverService(DriverKind.ROUTER, "redirect", new TestRouters.RedirectDriver(), 0, 2, "test"));
        registry.add(new DriverService(DriverKind.TRANSPORT, "appendfile", new NoTransport(), 0, 3, "test"));
        Files.createDirectories(dir.resolve("spool"));
        Files.createDirectories(dir.resolve("log"));
        Path file = Files.writeString(dir.resolve("configure"), "spool_directory = " + dir.resolve("spool")
                + "\nlog_file_path = " + dir.resolve("log") + "/%slog\nprimary_hostname = test.example\n" + ROUTERS,
                StandardCharsets.ISO_8859_1);
        Configuration config = new ConfigLoader(DriverTables.of(registry)).hostName(() -> "test.example")
                .load(file, Map.of());
        registry.configure(config.toInstanceDefinitions());
        Clock clock = Clock.fixed(SessionFixture.NOW, ZoneOffset.UTC);
        ExpansionEnvironment environment = new ExpansionEnvironment() {
            @Override
            public Settings settings() {
                return name -> MainOptions.TABLE.find(name).map(o -> config.get((ConfigOption<?>) o))
                        .map(String::valueOf);
            }

            @Override
            public Clock clock() {
                return clock;
            }
        };
        LogWriter log = new LogWriter(LogConfig.from(config, UnaryOperator.identity()), clock, 4242,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), null);
        Routing routing = Routing.of(config, registry, environment);
        ConfiguredAcls acls = ConfiguredAcls.of(config,
                AclServices.of(environment, new RoutingVerifier(routing), registry, log, () -> null));
        SmtpService service = SmtpService.builder(config, log, environment, new MessageIdGenerator(clock, 4242, -1))
                .spool(new Spool(dir.resolve("spool"), false)).acl(acls).routing(routing)
                .originator(new SmtpService.Originator("root", 0, 0)).build();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        SmtpSession.commandLine(service, SessionFixture.in(input), sink, System.err, ClientConnection.standardInput(),
                new LocalCaller("root", 0, 0, true), SessionKind.LOCAL).run();
        String all = sink.toString(StandardCharsets.ISO_8859_1);
        // The greeting and the EHLO reply are not what this test is about.
        return all.substring(all.indexOf("250 HELP\r\n") + 10);
    }

    @Test
    void expnListsTheNewAddressesOfOneLevelOfRedirection() throws Exception {
        assertEquals("""
                250-<c@local.example>\r
                250-<a@local.example>\r
                250-<bad@nowhere.example>\r
                250 <|/bin/cat>\r
                553 <multi@test.example> is undeliverable\r
                250 <a@local.example>\r
                553 bad@nowhere.example is undeliverable\r
                553 x@defer.example cannot be resolved at this time\r
                553 ft@test.example is undeliverable\r
                250 <bad@nowhere.example>\r
                250 <secret@test.example>\r
                250 mail to <hole@test.example> is discarded\r
                221 test.example closing connection\r
                """, session("EHLO x\r\nEXPN multi\r\nEXPN <multi@test.example>\r\nEXPN a@local.example\r\n"
                + "EXPN bad@nowhere.example\r\nEXPN x@defer.example\r\nEXPN ft\r\nEXPN onebad\r\nEXPN secret\r\n"
                + "EXPN hole\r\nQUIT\r\n"));
    }

    @Test
    void vrfyVerifiesTheAddressAsARecipient() throws Exception {
        assertEquals("""
                250 <a@local.example> is deliverable\r
                250 <multi@test.example> is deliverable\r
                550 <bad@nowhere.example> Unrouteable address\r
                451 <x@defer.example> try later\r
                550 <ft@test.example> no such user here\r
                550 <onebad@test.example> Unrouteable address\r
                250 <secret@local.example> is deliverable\r
                250 <unq@test.example> is deliverable\r
                221 test.example closing connection\r
                """, session("EHLO x\r\nVRFY a@local.example\r\nVRFY multi\r\nVRFY bad@nowhere.example\r\n"
                + "VRFY x@defer.example\r\nVRFY ft\r\nVRFY onebad\r\nVRFY secret@local.example\r\nVRFY unq\r\n"
                + "QUIT\r\n"));
    }

    @Test
    void aFailedSenderVerificationIsExplainedBeforeTheFirstRefusal() throws Exception {
        String rcpts = "RCPT TO:<a@local.example>\r\nRCPT TO:<b@local.example>\r\nQUIT\r\n";
        assertEquals("""
                250 OK\r
                550-Verification failed for <bad@nowhere.example>\r
                550-Unrouteable address\r
                550 Sender verify failed\r
                550 Sender verify failed\r
                221 test.example closing connection\r
                """, session("EHLO x\r\nMAIL FROM:<bad@nowhere.example>\r\n" + rcpts));
        assertEquals("""
                250 OK\r
                550-Verification failed for <ft@test.example>\r
                550-no such user here\r
                550 Sender verify failed\r
                550 Sender verify failed\r
                221 test.example closing connection\r
                """, session("EHLO x\r\nMAIL FROM:<ft@test.example>\r\n" + rcpts));
        assertEquals("""
                250 OK\r
                550-Verification failed for <onebad@test.example>\r
                550-Unrouteable address\r
                550 Sender verify failed\r
                550 Sender verify failed\r
                221 test.example closing connection\r
                """, session("EHLO x\r\nMAIL FROM:<onebad@test.example>\r\n" + rcpts));
        assertEquals("""
                250 OK\r
                451 Temporary local problem - please try later\r
                451 Temporary local problem - please try later\r
                221 test.example closing connection\r
                """, session("EHLO x\r\nMAIL FROM:<x@defer.example>\r\n" + rcpts));
        assertEquals("""
                250 OK\r
                250 Accepted\r
                250 Accepted\r
                221 test.example closing connection\r
                """, session("EHLO x\r\nMAIL FROM:<multi@test.example>\r\n" + rcpts));
    }
}
