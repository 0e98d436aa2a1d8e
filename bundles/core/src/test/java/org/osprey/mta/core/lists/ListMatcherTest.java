package org.osprey.mta.core.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.expand.ExpansionEnvironment;
import org.osprey.mta.core.expand.Settings;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.expand.MatchResult;
import org.osprey.mta.kernel.model.Host;

/**
 * List matching through the kernel's ListMatcher, for what the differential corpus cannot
 * reach: DNS (the @mx_ items, host names forwards and backwards) with a fake resolver, files of
 * items, expansion of the list, and the cache of named lists.
 */
class ListMatcherTest {
    private final FakeResolver dns = new FakeResolver();
    private final Map<String, NamedList> lists = new HashMap<>();
    private final ExpansionEngine engine = new ExpansionEngine(new ExpansionEnvironment() {
        @Override
        public Settings settings() {
            return Settings.of(Map.of("primary_hostname", "mail.example"));
        }

        @Override
        public Optional<NamedList> namedList(ListType type, String name) {
            return Optional.ofNullable(lists.get(type + ":" + name));
        }

        @Override
        public HostResolver resolver() {
            return dns;
        }
    });
    private final ListMatcher matcher = engine.listMatcher(ExpansionContext.empty().with(Map.of("acl_m_ok", "ok.example")));

    @Test
    void mxItemsLookAtTheDomainsMailExchangers() throws ExpansionException {
        dns.mx.put("primary.example", List.of(new HostResolver.MxRecord(10, "mail.example")));
        dns.mx.put("backup.example", List.of(new HostResolver.MxRecord(10, "other.net"), new HostResolver.MxRecord(20, "mail.example")));
        dns.mx.put("elsewhere.example", List.of(new HostResolver.MxRecord(10, "other.net")));
        dns.addresses.put("mail.example", List.of("192.0.2.1"));
        dns.addresses.put("other.net", List.of("198.51.100.7"));
        dns.addresses.put("nomx.example", List.of("192.0.2.1"));
        assertEquals(MatchResult.MATCH, matcher.domain("@mx_any", "primary.example"));
        assertEquals(MatchResult.MATCH, matcher.domain("@mx_primary", "primary.example"));
        assertEquals(MatchResult.NO_MATCH, matcher.domain("@mx_secondary", "primary.example"));
        assertEquals(MatchResult.MATCH, matcher.domain("@mx_any", "backup.example"));
        assertEquals(MatchResult.NO_MATCH, matcher.domain("@mx_primary", "backup.example"));
        assertEquals(MatchResult.MATCH, matcher.domain("@mx_secondary", "backup.example"));
        assertEquals(MatchResult.NO_MATCH, matcher.domain("@mx_any", "elsewhere.example"));
        assertEquals(MatchResult.MATCH, matcher.domain("@mx_any", "noMx.example"));
        assertEquals(MatchResult.NO_MATCH, matcher.domain("@mx_any/ignore=192.0.2.1", "primary.example"));
        dns.deferring.add("slow.example");
        assertEquals(MatchResult.DEFER, matcher.domain("@mx_any", "slow.example"));
    }

    @Test
    void hostNamesAreLookedUpForwardsAndPatternsMatchTheReverseName() throws ExpansionException {
        dns.addresses.put("relay.example", List.of("203.0.113.5", "203.0.113.6"));
        dns.names.put("203.0.113.9", List.of("host9.dyn.example"));
        dns.addresses.put("host9.dyn.example", List.of("203.0.113.9"));
        Host five = Host.named("[203.0.113.5]").withAddress("203.0.113.5");
        Host nine = Host.named("[203.0.113.9]").withAddress("203.0.113.9");
        assertEquals(MatchResult.MATCH, matcher.host("relay.example", five));
        assertEquals(MatchResult.NO_MATCH, matcher.host("relay.example", nine));
        assertEquals(MatchResult.MATCH, matcher.host("*.dyn.example", nine));
        assertEquals(MatchResult.MATCH, matcher.host("\\N^host\\d+\\.dyn\\N", nine));
        assertEquals(MatchResult.NO_MATCH, matcher.host("*.dyn.example", five));
        assertEquals(MatchResult.MATCH, matcher.host("+include_unknown : *.dyn.example", five));
        assertEquals(MatchResult.NO_MATCH, matcher.host("nosuch.example : 203.0.113.5", five));
        assertEquals(MatchResult.MATCH, matcher.host("+ignore_unknown : nosuch.example : 203.0.113.5", five));
        dns.addresses.put("mail.example", List.of("10.0.0.1"));
        assertEquals(MatchResult.MATCH, matcher.host("@", Host.named("[10.0.0.1]").withAddress("10.0.0.1")));
        assertEquals(MatchResult.MATCH, matcher.host("@[]", Host.named("x").withAddress("192.0.2.1")));
        assertEquals(MatchResult.MATCH, matcher.host(":", Host.named("local").withAddress("")));
        dns.deferring.add("203.0.113.7");
        assertEquals(MatchResult.DEFER, matcher.host("*.example", Host.named("[203.0.113.7]").withAddress("203.0.113.7")));
        assertEquals(MatchResult.MATCH, matcher.host("+include_defer : *.example",
                Host.named("[203.0.113.7]").withAddress("203.0.113.7")));
    }

    @Test
    void listsAreExpandedAndNamedListsUsed() throws ExpansionException {
        lists.put("DOMAIN:locals", new NamedList(ListType.DOMAIN, "locals", "@ : localhost", true, false));
        assertEquals(MatchResult.MATCH, matcher.domain("$acl_m_ok : other", "ok.example"));
        assertEquals(MatchResult.MATCH, matcher.domain("+locals", "mail.example"));
        assertEquals(MatchResult.NO_MATCH, matcher.domain("${if eq{a}{b}{x}fail}", "x"));
        assertEquals(MatchResult.DEFER, matcher.domain("$nosuch", "x"));
        assertEquals(MatchResult.DEFER, matcher.domain("+missing", "x"));
        assertEquals(MatchResult.MATCH, matcher.localPart("!root : *", "joe"));
        assertEquals(MatchResult.MATCH, matcher.address("*@+locals", "joe@localhost"));
    }

    @Test
    void aNamedListsAnswerIsCachedForTheContext() throws ExpansionException {
        dns.addresses.put("relay.example", List.of("203.0.113.5"));
        lists.put("HOST:relays", new NamedList(ListType.HOST, "relays", "relay.example", true, false));
        Host five = Host.named("[203.0.113.5]").withAddress("203.0.113.5");
        assertEquals(MatchResult.MATCH, matcher.host("+relays", five));
        dns.addresses.put("relay.example", List.of("203.0.113.99"));
        assertEquals(MatchResult.MATCH, matcher.host("+relays", five));
        ListMatcher fresh = engine.listMatcher(ExpansionContext.empty());
        assertEquals(MatchResult.NO_MATCH, fresh.host("+relays", five));
    }

    @Test
    void itemsMayComeFromAFile(@TempDir Path dir) throws IOException, ExpansionException {
        Path file = dir.resolve("domains");
        Files.writeString(file, "# comment\n  a.example  \n!b.example\n*.c.example # trailing\n");
        assertEquals(MatchResult.MATCH, matcher.domain(file.toString(), "a.example"));
        assertEquals(MatchResult.NO_MATCH, matcher.domain(file.toString(), "b.example"));
        assertEquals(MatchResult.MATCH, matcher.domain(file.toString(), "x.c.example"));
        assertEquals(MatchResult.NO_MATCH, matcher.domain(file.toString(), "d.example"));
        Path locals = dir.resolve("locals");
        Files.writeString(locals, "joe#home\nann # comment\n");
        assertEquals(MatchResult.MATCH, matcher.localPart(locals.toString(), "joe#home"));
        assertEquals(MatchResult.MATCH, matcher.localPart(locals.toString(), "ann"));
    }
}
