package org.osprey.mta.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.config.ConfigException;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.router.NewAddress;
import org.osprey.mta.kernel.router.RoutingContext;
import org.osprey.mta.kernel.router.RoutingContext.Purpose;
import org.osprey.mta.router.redirect.RedirectRouterDriver;

/**
 * What the engine does for the redirect router's repeat_use, skip_syntax_errors with
 * syntax_errors_to, one_time and hide_child_in_errmsg. Expected values are Exim 4.96's
 * ({@code exim-reference -c CONFIG -- -bt ADDRESS}, its output and the LOG line it printed).
 */
class RedirectEngineSupportTest {
    private static final String CONFIG = """
            qualify_domain = q.example
            begin routers
            aliases:
              driver = redirect
              domains = a.example
              data = ${if eq{$local_part}{a}{b@a.example}{${if eq{$local_part}{b}{c@a.example}{}}}}
              REPEAT
            skip:
              driver = redirect
              domains = s.example
              skip_syntax_errors
              syntax_errors_to = postmaster@q.example
              syntax_errors_text = Please fix $local_part's list.
              data = x@b.example, @@bad, y@b.example
            marks:
              driver = redirect
              domains = m.example
              one_time
              hide_child_in_errmsg
              data = x@b.example
            local:
              driver = accept
              transport = t
            begin transports
            t:
              driver = appendfile
              file = /tmp/nowhere
            """;

    @TempDir
    Path dir;

    private RouteFixture fixture(String repeat) throws Exception {
        return new RouteFixture(dir, CONFIG.replace("REPEAT", repeat), RouteFixture.USERS, new RedirectRouterDriver());
    }

    @Test
    void generated_addresses_go_through_the_envelope_recipient_rules_unless_no_rewrite() throws Exception {
        // exim-reference -bt alias@mail.example plain@mail.example, with the rule "*@a.example $local_part@b.example T".
        RouteFixture f = new RouteFixture(dir, """
                primary_hostname = mail.example
                begin routers
                aliases:
                  driver = redirect
                  domains = mail.example
                  local_parts = alias
                  data = x@a.example, |/bin/cat
                  pipe_transport = t
                norewrite:
                  driver = redirect
                  domains = mail.example
                  local_parts = plain
                  data = y@a.example
                  no_rewrite
                all:
                  driver = accept
                  transport = t
                begin transports
                t:
                  driver = appendfile
                  file = /dev/null
                begin rewrite
                *@a.example $local_part@b.example T
                """, RouteFixture.USERS, new RedirectRouterDriver());
        assertEquals(List.of("alias@mail.example -> |/bin/cat\n  transport = t",
                "x@b.example\n    <-- alias@mail.example\n  router = all, transport = t"), f.bt("alias@mail.example"));
        assertEquals(List.of("y@a.example\n    <-- plain@mail.example\n  router = all, transport = t"),
                f.bt("plain@mail.example"));
    }

    @Test
    void repeat_use_lets_the_router_route_a_descendant_again() throws Exception {
        assertEquals(List.of("c@a.example\n    <-- b@a.example\n    <-- a@a.example\n  router = local, transport = t"),
                fixture("").bt("a@a.example"));
    }

    @Test
    void no_repeat_use_skips_the_router_for_any_descendant_of_an_address_it_routed() throws Exception {
        assertEquals(List.of("b@a.example\n    <-- a@a.example\n  router = local, transport = t"),
                fixture("no_repeat_use").bt("a@a.example"));
    }

    @Test
    void skipped_syntax_errors_are_logged_and_no_message_is_asked_for_when_testing() throws Exception {
        RouteFixture f = fixture("");
        List<String> log = new ArrayList<>();
        Routing routing = f.routing.logTo(log::add);
        RoutingOutcome o = routing.route(Address.of("k", "s.example"), RoutingRequest.of(Purpose.ADDRESS_TEST, ""));
        assertEquals(List.of("x@b.example"), o.leaves().stream().map(l -> l.address().text()).toList());
        assertEquals(List.of("skip router: skipped error: domain missing or malformed in \"@@bad, y@b.example\""), log);
    }

    @Test
    void when_delivering_the_expanded_syntax_errors_to_and_text_go_to_the_delivery() throws Exception {
        RouteFixture f = fixture("");
        List<String> log = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        Routing.Reports reports = new Routing.Reports() {
            @Override
            public void log(String line) {
                log.add(line);
            }

            @Override
            public void syntaxErrors(String router, String to, String text, List<RoutingContext.SyntaxError> errors,
                    boolean someGenerated) {
                messages.add(router + "|" + to + "|" + text + "|" + errors + "|" + someGenerated);
            }
        };
        f.routing.routeAll(List.of(Address.of("k", "s.example")),
                new RoutingRequest(Purpose.DELIVERY, "s@x.example", ExpansionContext.empty()), reports);
        assertEquals(1, log.size());
        assertEquals(List.of("skip|postmaster@q.example|Please fix k's list.|[SyntaxError[message=domain missing or "
                + "malformed, item=@@bad, y@b.example]]|true"), messages);
    }

    @Test
    void one_time_refuses_header_changes_and_unseen_as_exim_does() {
        String base = "begin routers\nr:\n  driver = redirect\n  data = a@b\n  one_time\n";
        ConfigException e = assertThrows(ConfigException.class,
                () -> new RouteFixture(dir, base + "  unseen\n", RouteFixture.USERS, new RedirectRouterDriver()));
        assertEquals("r router:\n  \"unseen\" may not be used with \"one_time\"", e.getMessage());
        e = assertThrows(ConfigException.class, () -> new RouteFixture(dir, base + "  headers_add = X: y\n",
                RouteFixture.USERS, new RedirectRouterDriver()));
        assertEquals("r router:\n  \"headers_add\" and \"headers_remove\" are not permitted with \"one_time\"",
                e.getMessage());
    }

    @Test
    void one_time_and_hide_child_in_errmsg_mark_the_children() throws Exception {
        RouteFixture f = fixture("");
        RoutingOutcome o = f.route("k@m.example", Purpose.DELIVERY);
        Address child = o.leaves().get(0).address();
        assertEquals("x@b.example", child.text());
        assertEquals("k@m.example", child.property(NewAddress.ONETIME_PARENT).orElseThrow());
        assertTrue(child.property(NewAddress.HIDE_IN_ERRORS).isPresent());
        assertFalse(f.route("a@a.example", Purpose.DELIVERY).leaves().get(0).address()
                .property(NewAddress.ONETIME_PARENT).isPresent());
    }
}
