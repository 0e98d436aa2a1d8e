package org.osprey.mta.router.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.option.OptionValueException;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.router.HostFinder;
import org.osprey.mta.kernel.router.NewAddress;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.router.RouterDriver;
import org.osprey.mta.kernel.router.RouterResult;
import org.osprey.mta.kernel.router.RoutingContext;

class RedirectRouterDriverTest {
    @TempDir
    Path dir;
    final RedirectRouterDriver driver = new RedirectRouterDriver();
    final Map<String, String> variables = new HashMap<>(Map.of("qualify_recipient", "q.example",
            "local_user_uid", "4294967295", "local_user_gid", "4294967295"));

    /** Expands $name from {@link #variables}, and ${fail} as a forced failure; enough for these tests. */
    final class TestExpander implements Expander {
        private final Map<String, String> vars;

        TestExpander(Map<String, String> vars) {
            this.vars = vars;
        }

        @Override
        public String expand(String template) throws ExpansionException {
            if (template.equals("${fail}")) {
                throw ExpansionException.forcedFailure("forced");
            }
            Matcher m = Pattern.compile("\\$(\\w+)").matcher(template);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String v = vars.get(m.group(1));
                if (v == null) {
                    throw ExpansionException.error("unknown variable name \"" + m.group(1) + "\"");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(v));
            }
            return m.appendTail(out).toString();
        }

        @Override
        public Expander with(Map<String, String> more) {
            Map<String, String> all = new HashMap<>(vars);
            all.putAll(more);
            return new TestExpander(all);
        }
    }

    final RoutingContext context = new RoutingContext() {
        @Override
        public Expander expander() {
            return new TestExpander(variables);
        }

        @Override
        public ListMatcher lists() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String routerName() {
            return "r";
        }

        @Override
        public Purpose purpose() {
            return Purpose.ADDRESS_TEST;
        }

        @Override
        public HostFinder hosts() {
            throw new UnsupportedOperationException();
        }

        @Override
        public RouterResult selfReference(Address address, List<Host> hosts, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RouterResult changeDomain(Address address, String domain, boolean rewriteHeaders) {
            throw new UnsupportedOperationException();
        }
    };

    private Router router(String... settings) throws OptionValueException, ConfigurationException {
        OptionValues.Builder b = OptionValues.builder(driver.options());
        for (int i = 0; i < settings.length; i += 2) {
            b.set(settings[i], settings[i + 1]);
        }
        return driver.create(new DriverConfig("r", b.build()));
    }

    private RouterResult route(Router router) {
        return router.route(Address.of("user", "a.example"), context);
    }

    private static List<String> children(RouterResult result) {
        return assertInstanceOf(RouterResult.Rerouted.class, result).children().stream()
                .map(c -> c.address().text() + c.directTransport().map(t -> " -> " + t).orElse("")
                        + c.undeliverable().map(p -> " !" + p.message() + (p.permanent() ? " (fails)" : "")).orElse(""))
                .toList();
    }

    @Test
    void is_named_for_both_the_service_registry_and_the_launcher() throws IOException {
        MtaDriver names = RedirectRouterDriver.class.getAnnotation(MtaDriver.class);
        assertEquals("router", names.kind());
        assertEquals("redirect", names.name());
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/" + RouterDriver.class.getName())) {
            assertEquals(RedirectRouterDriver.class.getName(),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }

    @Test
    void has_exims_options_and_defaults() {
        assertEquals(49, driver.options().options().size());
        assertEquals(022, RedirectRouterDriver.MODEMASK.defaultValue());
        assertTrue(RedirectRouterDriver.REWRITE.defaultValue());
        assertTrue(RedirectRouterDriver.REPEAT_USE.defaultValue());
        assertEquals(null, RedirectRouterDriver.CHECK_OWNER.defaultValue(), "TRUE_UNSET: decided by check_local_user");
    }

    @Test
    void refuses_configurations_exim_refuses() {
        assertEquals("one of \"file\" or \"data\" must be specified",
                assertThrows(ConfigurationException.class, () -> router()).getMessage());
        assertEquals("only one of \"file\" or \"data\" must be specified",
                assertThrows(ConfigurationException.class, () -> router("data", "x", "file", "/y")).getMessage());
        assertEquals("only one of \"qualify_domain\" or \"qualify_preserve_domain\" must be set",
                assertThrows(ConfigurationException.class,
                        () -> router("data", "x", "qualify_domain", "d", "qualify_preserve_domain", "true"))
                        .getMessage());
        assertEquals("user no-such-user-here was not found", assertThrows(ConfigurationException.class,
                () -> router("data", "x", "owners", "root : no-such-user-here")).getMessage());
    }

    @Test
    void an_address_list_becomes_children_qualified_with_qualify_recipient() throws Exception {
        assertEquals(List.of("a@b.example", "bare@q.example", "back@a.example", "c@d.example"),
                children(route(router("data", "a@b.example,bare\n# comment, x@y\n \\back, Name <c@d.example>"))));
        assertEquals(List.of("bare@a.example"),
                children(route(router("data", "bare", "qualify_preserve_domain", "true"))));
    }

    @Test
    void pipes_files_and_directories_go_to_their_transports() throws Exception {
        Router r = router("data", "\"|/bin/echo \\\"hi\\\"\", /var/mail/x, /var/maildir/, |/bin/${x}",
                "pipe_transport", "p_$address_pipe", "file_transport", "f", "directory_transport", "d");
        List<String> c = children(route(r));
        assertEquals("|/bin/echo \"hi\" -> p_|/bin/echo \"hi\"", c.get(0), "quotes round the item removed");
        assertEquals("/var/mail/x -> f", c.get(1));
        assertEquals("/var/maildir/ -> d", c.get(2));
        assertEquals("|/bin/${x} -> p_|/bin/${x}", c.get(3));
        assertEquals(List.of("|/bin/cat !delivery to pipe forbidden (fails)", "/f !file_transport unset in r router"),
                children(route(router("data", "|/bin/cat, /f", "forbid_pipe", "true", "pipe_transport", "p"))));
        assertEquals(List.of("|/bin/cat !delivery to pipe forbidden (fails)"),
                children(route(router("data", "|/bin/cat", "one_time", "true", "pipe_transport", "p"))));
    }

    @Test
    void specials_end_the_list() throws Exception {
        assertEquals(new RouterResult.Discard(), route(router("data", ":blackhole:")));
        assertEquals(new RouterResult.Fail("forced rejection"), route(router("data", ":fail:", "allow_fail", "true")));
        assertEquals(new RouterResult.Defer("forced defer"), route(router("data", ":defer:", "allow_defer", "true")));
        // A text of its own is shown to the sender too (Exim sets user_message and af_pass_message).
        assertEquals(new RouterResult.Fail("gone", "gone"), route(router("data", ":fail: 550 5.1.1 gone", "allow_fail",
                "true", "forbid_smtp_code", "true")));
        assertEquals(new RouterResult.Defer("error in redirect data: \":defer: x\" is not permitted"),
                route(router("data", ":defer: x")));
        assertEquals(new RouterResult.Decline(), route(router("data", ":unknown:")));
        assertEquals(new RouterResult.Decline(), route(router("data", ":unk, (just a comment)")),
                "an item that begins :unknown: is ignored, as strncmp over its length finds");
        assertEquals(new RouterResult.Decline(), route(router("data", "${fail}")));
        assertEquals(new RouterResult.Defer("failed to expand \"$nosuch\": unknown variable name \"nosuch\""),
                route(router("data", "$nosuch")));
    }

    @Test
    void syntax_errors_defer_or_are_skipped() throws Exception {
        assertEquals(new RouterResult.Defer("error in redirect data: domain missing or malformed in \"x@\""),
                route(router("data", "a@b.example, x@")));
        assertEquals(List.of("a@b.example"),
                children(route(router("data", "a@b.example, x@", "skip_syntax_errors", "true"))));
        // Exim: "k@s.example is undeliverable: syntax error in redirection data" when no later router takes it.
        assertEquals(new RouterResult.Decline("syntax error in redirection data"),
                route(router("data", "x@", "skip_syntax_errors", "true")));
    }

    @Test
    void the_addresses_before_a_fail_come_with_the_failure() throws Exception {
        RouterResult.Fail fail = assertInstanceOf(RouterResult.Fail.class,
                route(router("data", "a@b.example, :fail: 550 gone", "allow_fail", "true", "forbid_smtp_code", "true")));
        assertEquals("gone", fail.message());
        assertEquals("gone", fail.userMessage());
        assertEquals(List.of("a@b.example"), fail.children().stream().map(c -> c.address().text()).toList());
    }

    @Test
    void one_time_and_hide_child_in_errmsg_mark_every_child() throws Exception {
        RouterResult.Rerouted r = assertInstanceOf(RouterResult.Rerouted.class, router("data", "a@b.example",
                "one_time", "true", "hide_child_in_errmsg", "true").route(
                        Address.of("top", "t.example").child("user", "a.example"), context));
        Address child = r.children().get(0).address();
        assertEquals("top@t.example", child.property(NewAddress.ONETIME_PARENT).orElseThrow());
        assertTrue(child.property(NewAddress.HIDE_IN_ERRORS).isPresent());
        Address plain = ((RouterResult.Rerouted) route(router("data", "a@b.example"))).children().get(0).address();
        assertTrue(plain.properties().isEmpty());
    }

    @Test
    void filters_are_refused_not_read_as_addresses() throws Exception {
        assertEquals(new RouterResult.Defer("error in filter data: filtering not enabled"),
                route(router("data", "  #Exim  Filter\ndeliver x@y")));
        assertEquals(new RouterResult.Defer("error in filter data: Sieve filter files are not supported by this router"),
                route(router("data", "# Sieve filter\nkeep;", "allow_filter", "true")));
        assertEquals(new RouterResult.Defer("error in filter data: Exim filtering not enabled"),
                route(router("data", "# Exim filter\n", "allow_filter", "true", "forbid_exim_filter", "true")));
    }

    @Test
    void include_files_are_read_within_include_directory() throws Exception {
        Files.createDirectories(dir.resolve("lists"));
        Files.writeString(dir.resolve("lists/l"), "m1@b.example\n# c\nm2\n");
        Files.createSymbolicLink(dir.resolve("lists/link"), dir.resolve("lists/l"));
        assertEquals(List.of("x@b.example", "m1@b.example", "m2@q.example"),
                children(route(router("data", "x@b.example, :include:" + dir.resolve("lists/l"),
                        "include_directory", dir.resolve("lists").toString()))));
        assertEquals(new RouterResult.Defer("error in redirect data: failed to open " + dir.resolve("lists/link")
                + " (component of included file); could be symbolic link"),
                route(router("data", ":include:" + dir.resolve("lists/link"), "include_directory",
                        dir.resolve("lists") + "/")));
        assertEquals(new RouterResult.Defer("error in redirect data: included file \"l\" is not an absolute path"),
                route(router("data", ":include: l")));
        assertEquals(new RouterResult.Defer("error in redirect data: included files not permitted"),
                route(router("data", ":include:/x", "forbid_include", "true")));
    }

    @Test
    void a_file_that_does_not_exist_declines_unless_its_directory_is_missing_too() throws Exception {
        assertEquals(new RouterResult.Decline(), route(router("file", dir + "/nonesuch")));
        assertEquals(new RouterResult.Defer("failed to stat " + dir + "/missing/. (No such file or directory)"),
                route(router("file", dir + "/missing/forward")));
        assertEquals(new RouterResult.Decline(), route(router("file", dir + "/missing/forward",
                "ignore_enotdir", "true")));
        Files.writeString(dir.resolve("plain"), "");
        assertEquals(new RouterResult.Defer("failed to open " + dir + "/plain/forward: Not a directory"),
                route(router("file", dir + "/plain/forward")));
        assertEquals(new RouterResult.Decline(), route(router("file", dir + "/plain/forward",
                "ignore_enotdir", "true")));
        assertEquals(new RouterResult.Defer("\"rel\" is not an absolute path"), route(router("file", "rel")));
        assertEquals(new RouterResult.Defer(dir + " is not a regular file"), route(router("file", dir.toString())));
    }

    @Test
    void the_file_owner_group_and_mode_are_checked() throws Exception {
        Path f = dir.resolve("forward");
        Files.writeString(f, "x@b.example\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        long uid = Integer.toUnsignedLong((Integer) Files.getAttribute(f, "unix:uid"));
        long gid = Integer.toUnsignedLong((Integer) Files.getAttribute(f, "unix:gid"));
        assertEquals(List.of("x@b.example"), children(route(router("file", f.toString()))));

        // check_local_user found another user: check_owner and check_group are on by default.
        variables.put("local_user_uid", Long.toString(uid + 1));
        variables.put("local_user_gid", Long.toString(gid));
        assertEquals(new RouterResult.Defer("bad owner for " + f), route(router("file", f.toString())));
        assertEquals(List.of("x@b.example"),
                children(route(router("file", f.toString(), "owners", Long.toString(uid)))));
        assertEquals(List.of("x@b.example"), children(route(router("file", f.toString(), "check_owner", "false"))));
        variables.put("local_user_uid", Long.toString(uid));
        variables.put("local_user_gid", Long.toString(gid + 1));
        assertEquals(List.of("x@b.example"), children(route(router("file", f.toString()))),
                "the group is checked only when modemask lets the group write");
        assertEquals(new RouterResult.Defer("bad group for " + f),
                route(router("file", f.toString(), "modemask", "002")));
        assertEquals(List.of("x@b.example"), children(route(router("file", f.toString(), "modemask", "002",
                "owngroups", Long.toString(gid)))));

        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-r--"));
        assertEquals(new RouterResult.Defer("bad mode (0100664) for " + f + ": 020 bit(s) unexpected"),
                route(router("file", f.toString())));
    }

    @Test
    void check_ancestor_puts_the_address_back_for_an_ancestor() throws Exception {
        Address top = Address.of("anc", "a.example");
        Address child = top.child("anc2", "a.example");
        Router r = router("data", "ANC@a.example, z@b.example", "check_ancestor", "true");
        RouterResult.Rerouted result = assertInstanceOf(RouterResult.Rerouted.class, r.route(child, context));
        NewAddress first = result.children().get(0);
        assertEquals("anc2@a.example", first.address().text());
        assertEquals(child, first.address().parent().orElseThrow());
        assertEquals("z@b.example", result.children().get(1).address().text());
    }
}
