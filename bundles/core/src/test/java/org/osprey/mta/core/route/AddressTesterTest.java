package org.osprey.mta.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.config.ConfigException;
import org.osprey.mta.core.expand.PromptedInput;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.DriverService;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.HostStatus;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.router.RouterDriver;
import org.osprey.mta.kernel.router.RouterResult;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportDriver;

/**
 * -bt, -bv and -bvs output, byte for byte. The expected texts are the real Exim 4.96's
 * ({@code exim-reference -c CONF -- -bt ...}) for the configuration in {@link #EXIM}; Osprey runs
 * the same configuration with the test drivers, the manualroute router replaced by a
 * "hosts" driver that answers with the same hosts.
 */
class AddressTesterTest {
    @TempDir
    Path dir;

    /** The routers given to Exim (the transports: appendfile t_local, pipe address_pipe, smtp smtp). */
    static final String EXIM = """
            multi:   redirect, local_parts = multi, pipe_transport = address_pipe,
                     data = c@local.example, a@local.example, b@local.example, a@local.example, \\
                            bad@nowhere.example, x@defer.example, |/bin/cat
            mixed:   redirect, data = bad@nowhere.example, x@defer.example, a@local.example, z@remote.example
            onebad:  redirect, data = bad@nowhere.example
            nested:  redirect, data = onebad@local.example, a@local.example
            hole:    redirect, data = :blackhole:
            ft:      redirect, allow_fail, data = :fail: no such user here
            defers:  redirect, domains = defer.example, allow_defer, data = :defer: try later
            remote:  manualroute, domains = remote.example, transport = smtp, route_list = * "192.168.1.2 : 10.0.0.1"
            local:   accept, domains = local.example : test.example, transport = t_local
            """;

    private static final String CONFIG = """
            primary_hostname = test.example
            qualify_domain = test.example
            begin routers
            multi:
              driver = redirect
              local_parts = multi
              data = c@local.example, a@local.example, b@local.example, a@local.example, bad@nowhere.example, x@defer.example, |/bin/cat
            mixed:
              driver = redirect
              local_parts = mixed
              data = bad@nowhere.example, x@defer.example, a@local.example, z@remote.example
            onebad:
              driver = redirect
              local_parts = onebad
              data = bad@nowhere.example
            nested:
              driver = redirect
              local_parts = nested
              data = onebad@local.example, a@local.example
            hole:
              driver = redirect
              local_parts = hole
              data = :blackhole:
            ft:
              driver = redirect
              local_parts = ft
              allow_fail
              data = :fail: no such user here
            defers:
              driver = redirect
              domains = defer.example
              allow_defer
              data = :defer: try later
            remote:
              driver = hosts
              domains = remote.example
              transport = smtp
              hosts = 192.168.1.2=192.168.1.2 10.0.0.1=10.0.0.1
            names:
              driver = hosts
              domains = names.example
              transport = smtp
              hosts = mx1.names.example=192.0.2.1=10 mx2.example=2001:db8::25=20 unresolved.example=-=30 lit=10.1.1.1=-=2525=unusable
            local:
              driver = accept
              domains = local.example : test.example
              transport = t_local
            begin transports
            t_local:
              driver = appendfile
              file = /dev/null
            address_pipe:
              driver = appendfile
            smtp:
              driver = remote
            """;

    /** Answers with the hosts of its option: name=address[=mx[=port[=unusable]]], "-" for none. */
    static final class HostsDriver implements RouterDriver {
        static final Option<String> HOSTS = Option.string("hosts");

        @Override
        public OptionTable options() {
            return OptionTable.of(HOSTS);
        }

        @Override
        public Router create(DriverConfig config) {
            List<Host> hosts = new ArrayList<>();
            for (String item : config.options().text(HOSTS).orElse("").split(" ")) {
                String[] f = item.split("=");
                Host h = new Host(f[0], f[1].equals("-") ? null : f[1], Host.DEFAULT_PORT, Host.NO_MX,
                        HostStatus.UNKNOWN);
                if (f.length > 2 && !f[2].equals("-")) {
                    h = h.withMx(Integer.parseInt(f[2]));
                }
                if (f.length > 3) {
                    h = h.withPort(Integer.parseInt(f[3]));
                }
                if (f.length > 4) {
                    h = h.withStatus(HostStatus.UNUSABLE);
                }
                hosts.add(h);
            }
            return (address, context) -> RouterResult.accept(hosts);
        }
    }

    /** A transport that is not local, as smtp. */
    static final class RemoteDriver implements TransportDriver {
        @Override
        public OptionTable options() {
            return OptionTable.empty();
        }

        @Override
        public Transport create(DriverConfig config) {
            return delivery -> {
                throw new UnsupportedOperationException("nothing is delivered here");
            };
        }

        @Override
        public boolean isLocal() {
            return false;
        }
    }

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private int run(AddressTester.Mode mode, String stdin, String... args) throws ConfigException, IOException {
        RouteFixture f = new RouteFixture(dir, CONFIG, RouteFixture.USERS, List.of(
                new DriverService(DriverKind.ROUTER, "hosts", new HostsDriver(), 0, 100, "test"),
                new DriverService(DriverKind.TRANSPORT, "remote", new RemoteDriver(), 0, 101, "test")));
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.ISO_8859_1);
        AddressTester tester = new AddressTester(f.config, f.registry, f.routing, mode, "root@test.example", true,
                out);
        return tester.run(List.of(args), new PromptedInput(new BufferedReader(new StringReader(stdin)), out));
    }

    private String output() {
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    // exim-reference -bt / -bv y@a.example with the rule "*@a.example $local_part@b.example T".
    @Test
    void anAddressTheRewriteRulesChangeIsSaidToBeRewrittenFirst() throws Exception {
        RouteFixture f = new RouteFixture(dir, """
                primary_hostname = mail.example
                begin routers
                all:
                  driver = accept
                  transport = t
                begin transports
                t:
                  driver = appendfile
                  file = /dev/null
                begin rewrite
                *@a.example $local_part@b.example T
                """);
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.ISO_8859_1);
        PromptedInput none = new PromptedInput(new BufferedReader(new StringReader("")), out);
        assertEquals(0, new AddressTester(f.config, f.registry, f.routing, AddressTester.Mode.TEST, "root@mail.example",
                true, out).run(List.of("y@a.example", "z@c.example"), none));
        assertEquals("""
                Address rewritten as: y@b.example
                y@b.example
                  router = all, transport = t
                z@c.example
                  router = all, transport = t
                """, output());
        bytes.reset();
        assertEquals(0, new AddressTester(f.config, f.registry, f.routing, AddressTester.Mode.VERIFY_RECIPIENT,
                "root@mail.example", true, out).run(List.of("y@a.example"), none));
        assertEquals("Address rewritten as: y@b.example\ny@b.example verified\n", output());
    }

    @Test
    void addressTestShowsEveryAddressReachedAsEximDoes() throws Exception {
        assertEquals(2, run(AddressTester.Mode.TEST, "", "multi", "mixed"));
        assertEquals("""
                bad@nowhere.example is undeliverable: Unrouteable address
                    <-- multi@test.example
                x@defer.example cannot be resolved at this time: try later
                    <-- multi@test.example
                multi@test.example -> |/bin/cat
                  transport = address_pipe
                a@local.example
                    <-- multi@test.example
                  router = local, transport = t_local
                b@local.example
                    <-- multi@test.example
                  router = local, transport = t_local
                a@local.example   [duplicate, would not be delivered]
                    <-- multi@test.example
                  router = local, transport = t_local
                c@local.example
                    <-- multi@test.example
                  router = local, transport = t_local
                bad@nowhere.example is undeliverable: Unrouteable address
                    <-- mixed@test.example
                x@defer.example cannot be resolved at this time: try later
                    <-- mixed@test.example
                a@local.example   [duplicate, would not be delivered]
                    <-- mixed@test.example
                  router = local, transport = t_local
                z@remote.example
                    <-- mixed@test.example
                  router = remote, transport = smtp
                  host 192.168.1.2 [192.168.1.2]
                  host 10.0.0.1    [10.0.0.1]\s\s\s
                """, output());
    }

    @Test
    void addressTestOfSeveralAddressesInOneArgument() throws Exception {
        assertEquals(2, run(AddressTester.Mode.TEST, "", "x@remote.example,hole", "nested"));
        assertEquals("""
                x@remote.example
                  router = remote, transport = smtp
                  host 192.168.1.2 [192.168.1.2]
                  host 10.0.0.1    [10.0.0.1]\s\s\s
                mail to hole@test.example is discarded
                bad@nowhere.example is undeliverable: Unrouteable address
                    <-- onebad@local.example
                    <-- nested@test.example
                a@local.example
                    <-- nested@test.example
                  router = local, transport = t_local
                """, output());
    }

    @Test
    void verificationPrintsOneLinePerAddress() throws Exception {
        assertEquals(2, run(AddressTester.Mode.VERIFY_RECIPIENT, "", "multi", "onebad", "ft", "x@defer.example",
                "nested", "a@local.example"));
        assertEquals("""
                multi@test.example verified
                onebad@test.example failed to verify: Unrouteable address
                ft@test.example failed to verify: no such user here
                x@defer.example cannot be resolved at this time: try later
                nested@test.example verified
                a@local.example verified
                """, output());
    }

    @Test
    void exitCodesAreOneForDeferralsAndTwoForFailuresAndSyntaxErrors() throws Exception {
        assertEquals(1, run(AddressTester.Mode.VERIFY_RECIPIENT, "", "x@defer.example", "a@local.example"));
        bytes.reset();
        assertEquals(0, run(AddressTester.Mode.TEST, "", "A <a@local.example>", "unq"));
        assertEquals("""
                a@local.example
                  router = local, transport = t_local
                unq@test.example
                  router = local, transport = t_local
                """, output());
        bytes.reset();
        assertEquals(2, run(AddressTester.Mode.VERIFY_RECIPIENT, "", "x@"));
        assertEquals("syntax error: domain missing or malformed\n", output());
    }

    @Test
    void readsAddressesFromStandardInputAfterAPrompt() throws Exception {
        // exim -bt < input: "> " before each line, an empty line a syntax error, a newline at the end.
        assertEquals(2, run(AddressTester.Mode.TEST, "a@local.example\n\nnobody@nowhere.example\n"));
        assertEquals("> a@local.example\n  router = local, transport = t_local\n"
                + "> syntax error: empty address\n"
                + "> nobody@nowhere.example is undeliverable: Unrouteable address\n> \n", output());
    }

    @Test
    void hostNamesAddressesMxValuesAndPortsLineUp() throws Exception {
        // verify.c's format: "  host %-*s " then "[%s%-*c" (or [unknown]), " MX=%d", " port=%d", " ** unusable **".
        assertEquals(0, run(AddressTester.Mode.TEST, "", "u@names.example"));
        assertEquals("""
                u@names.example
                  router = names, transport = smtp
                  host mx1.names.example  [192.0.2.1]    MX=10
                  host mx2.example        [2001:db8::25] MX=20
                  host unresolved.example [unknown]      MX=30
                  host lit                [10.1.1.1]     port=2525 ** unusable **
                """, output());
    }
}
