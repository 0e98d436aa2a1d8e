package org.osprey.mta.acl.dnslists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.acl.AclContext;
import org.osprey.mta.kernel.acl.ConditionDriver;
import org.osprey.mta.kernel.acl.ConditionResult;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.xbill.DNS.SimpleResolver;

/** The dnslists condition against {@link TestDnsServer} serving src/test/dnslists-corpus/test.example.zone. */
class DnslistsConditionTest {
    static TestDnsServer server;
    /** The names the condition asked the server's zone for, in order (from the resolvers it made). */
    static final List<String> queries = new ArrayList<>();

    @BeforeAll
    static void startServer() throws IOException {
        server = new TestDnsServer(0, TestDnsServer.ZONE);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** A condition that asks the test server, giving up on a silent one after half a second. */
    static DnslistsCondition condition() {
        return new DnslistsCondition(() -> {
            SimpleResolver resolver = new SimpleResolver(server.address());
            resolver.setTimeout(Duration.ofMillis(500));
            return resolver;
        });
    }

    /** An ACL context whose only variable is {@code $sender_host_address}. */
    record Context(String host, String aclName) implements AclContext {
        @Override
        public Expander expander() {
            return new Expander() {
                @Override
                public String expand(String template) throws ExpansionException {
                    if (!template.equals("$sender_host_address")) {
                        throw ExpansionException.error("unexpected expansion of " + template);
                    }
                    return host;
                }

                @Override
                public Expander with(Map<String, String> variables) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public ListMatcher lists() {
            throw new UnsupportedOperationException();
        }
    }

    static ConditionResult evaluate(String host, String argument) {
        return condition().evaluate(argument, new Context(host, "acl_smtp_rcpt"));
    }

    static ConditionResult listed(String domain, String matched, String value, String text) {
        return new ConditionResult.Ok(Map.of("dnslist_domain", domain, "dnslist_matched", matched,
                "dnslist_value", value, "dnslist_text", text));
    }

    @Test
    void looksUpTheReversedSenderAddressAndSetsTheVariables() {
        assertEquals(listed("bl.test.example", "192.0.2.1", "127.0.0.2", "192.0.2.1 is listed at bl"),
                evaluate("192.0.2.1", "bl.test.example"));
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.2", "bl.test.example"));
    }

    @Test
    void reversesAnIpv6SenderByNibbles() {
        assertEquals(listed("bl.test.example", "2001:db8::1", "127.0.0.4", "IPv6 listed"),
                evaluate("2001:db8::1", "bl.test.example"));
        assertEquals("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2",
                DnslistsCondition.reversed("2001:db8::1"));
        assertEquals("4.3.2.1", DnslistsCondition.reversed("::ffff:1.2.3.4"));
        assertEquals("example.org", DnslistsCondition.reversed("example.org"));
    }

    @Test
    void triesTheListsInOrderUntilOneMatches() {
        assertEquals(listed("notxt.test.example", "192.0.2.1", "127.0.0.3", ""),
                evaluate("192.0.2.1", "nothing.test.example : nodata.test.example : notxt.test.example : bl.test.example"));
        assertEquals(listed("bl.test.example", "192.0.2.1", "127.0.0.2", "192.0.2.1 is listed at bl"),
                evaluate("192.0.2.1", "<; nothing.test.example ; bl.test.example"));
    }

    @Test
    void aTxtRecordWithoutAnARecordIsNotAListing() {
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.1", "nodata.test.example"));
    }

    @Test
    void followsCnames() {
        assertEquals(listed("alias.test.example", "192.0.2.1", "127.0.0.5", ""),
                evaluate("192.0.2.1", "alias.test.example"));
    }

    @Test
    void ignoresAnswersOutside127Slash8UnlessAddressesAreGiven() {
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.1", "outside.test.example"));
        assertEquals(listed("outside.test.example", "192.0.2.1", "192.0.2.99", "outside"),
                evaluate("192.0.2.1", "outside.test.example=192.0.2.99"));
        // As a bit mask an outside answer has no bits: only the empty mask matches.
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.1", "outside.test.example&0.0.0.1"));
        assertEquals(listed("outside.test.example", "192.0.2.1", "192.0.2.99", "outside"),
                evaluate("192.0.2.1", "outside.test.example&0.0.0.0"));
    }

    @Test
    void equalsMatchesWhenAnyReturnedAddressIsListed() {
        String multi = "127.0.0.1, 127.0.0.2";
        assertEquals(listed("multi.test.example", "192.0.2.1", multi, "multi"),
                evaluate("192.0.2.1", "multi.test.example=127.0.0.2"));
        assertEquals(listed("multi.test.example", "192.0.2.1", multi, "multi"),
                evaluate("192.0.2.1", "multi.test.example=127.0.0.9,127.0.0.1"));
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.1", "multi.test.example=127.0.0.3,127.0.0.4"));
    }

    @Test
    void doubleEqualsMatchesOnlyWhenEveryReturnedAddressIsListed() {
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.1", "multi.test.example==127.0.0.1"));
        assertInstanceOf(ConditionResult.Ok.class, evaluate("192.0.2.1", "multi.test.example==127.0.0.1,127.0.0.2"));
    }

    @Test
    void notEqualsMatchesWhenNoReturnedAddressIsListed() {
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.1", "multi.test.example!=127.0.0.1"));
        assertInstanceOf(ConditionResult.Ok.class, evaluate("192.0.2.1", "multi.test.example!=127.0.0.3"));
        // Not listed at all is never a match, negated or not.
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.2", "multi.test.example!=127.0.0.3"));
    }

    @Test
    void notDoubleEqualsMatchesWhenSomeReturnedAddressIsNotListed() {
        assertInstanceOf(ConditionResult.Ok.class, evaluate("192.0.2.1", "multi.test.example!==127.0.0.1"));
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.1", "multi.test.example!==127.0.0.1,127.0.0.2"));
    }

    @Test
    void ampersandMatchesWhenAllBitsOfAMaskAreSet() {
        // 127.0.0.6 has bits 2 and 4.
        assertInstanceOf(ConditionResult.Ok.class, evaluate("192.0.2.1", "bits.test.example&0.0.0.2"));
        assertInstanceOf(ConditionResult.Ok.class, evaluate("192.0.2.1", "bits.test.example&0.0.0.6"));
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.1", "bits.test.example&0.0.0.3"));
        assertInstanceOf(ConditionResult.Ok.class, evaluate("192.0.2.1", "bits.test.example&0.0.0.1,0.0.0.4"));
        // IPv6 masks are skipped.
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.1", "bits.test.example&::2"));
    }

    @Test
    void negatedAndAllBitmaskForms() {
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.1", "bits.test.example!&0.0.0.2"));
        assertInstanceOf(ConditionResult.Ok.class, evaluate("192.0.2.1", "bits.test.example!&0.0.0.1"));
        // 127.0.0.1 has bit 1, 127.0.0.2 does not.
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.1", "multi.test.example=&0.0.0.1"));
        assertInstanceOf(ConditionResult.Ok.class, evaluate("192.0.2.1", "multi.test.example=&0.0.0.1,0.0.0.2"));
        assertInstanceOf(ConditionResult.Ok.class, evaluate("192.0.2.1", "multi.test.example!=&0.0.0.1"));
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.1", "multi.test.example!=&0.0.0.1,0.0.0.2"));
    }

    @Test
    void explicitKeysReplaceTheSenderAddress() {
        assertEquals(listed("dbl.test.example", "example.org", "127.0.1.2", "example.org is a spam domain"),
                evaluate("192.0.2.1", "dbl.test.example/example.org"));
        assertEquals(listed("bl.test.example", "198.51.100.7", "127.0.0.9", ""),
                evaluate("192.0.2.1", "bl.test.example/198.51.100.7"));
        assertEquals(listed("dbl.test.example", "mx.example.net", "127.0.1.3", ""),
                evaluate("192.0.2.1", "dbl.test.example/<;nothing.example;mx.example.net;example.org"));
        assertEquals(listed("dbl.test.example", "example.org", "127.0.1.2", "example.org is a spam domain"),
                evaluate("192.0.2.1", "dbl.test.example/nothing.example::example.org"));
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.1", "dbl.test.example/example.com"));
    }

    @Test
    void theAddressListComesBeforeTheKeys() {
        assertInstanceOf(ConditionResult.Ok.class, evaluate("192.0.2.1", "dbl.test.example=127.0.1.2/example.org"));
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.1", "dbl.test.example=127.0.1.3/example.org"));
    }

    @Test
    void explicitIpv6KeysNeedOtherSeparators() {
        assertEquals(listed("bl.test.example", "2001:db8::1", "127.0.0.4", "IPv6 listed"),
                evaluate("192.0.2.2", "<; bl.test.example/<|2001:db8::2|2001:db8::1"));
    }

    @Test
    void mergedListsTakeTheTextFromTheSpecificList() {
        assertEquals(listed("sbl.test.example", "192.0.2.1", "127.0.0.2", "sbl says so"),
                evaluate("192.0.2.1", "sbl.test.example,zen.test.example=127.0.0.2"));
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.1", "sbl.test.example,zen.test.example=127.0.0.4"));
        // 192.0.2.3 is in the merged list but not in the specific one.
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.3", "sbl.test.example,zen.test.example=127.0.0.2"));
    }

    @Test
    void aFailedLookupIsNotListedByDefault() {
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.1", "fail.test.example"));
        assertEquals(listed("bl.test.example", "192.0.2.1", "127.0.0.2", "192.0.2.1 is listed at bl"),
                evaluate("192.0.2.1", "fail.test.example : bl.test.example"));
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.1", "+exclude_unknown : fail.test.example"));
    }

    @Test
    void deferUnknownDefersOnServfailAndTimeout() {
        assertEquals(new ConditionResult.Defer("DNS list lookup defer (probably timeout) for "
                + "1.2.0.192.fail.test.example: returned DEFER"), evaluate("192.0.2.1", "+defer_unknown : fail.test.example"));
        assertEquals(new ConditionResult.Defer("DNS list lookup defer (probably timeout) for "
                + "1.2.0.192.drop.test.example: returned DEFER"), evaluate("192.0.2.1", "+defer_unknown : drop.test.example"));
        // Only the items after the option.
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.1", "fail.test.example : +defer_unknown : bl2.test.example"));
    }

    @Test
    void includeUnknownCountsAFailedLookupAsListed() {
        assertEquals(new ConditionResult.Ok(Map.of("dnslist_domain", "fail.test.example", "dnslist_matched", "192.0.2.1")),
                evaluate("192.0.2.1", "+include_unknown : fail.test.example"));
    }

    @Test
    void aKeyThatIsListedOverridesAnotherThatDeferred() {
        assertEquals(listed("test.example", "1.2.0.192.bl", "127.0.0.2", "192.0.2.1 is listed at bl"),
                evaluate("192.0.2.9", "+defer_unknown : test.example/<;x.fail;1.2.0.192.bl"));
        assertInstanceOf(ConditionResult.Defer.class,
                evaluate("192.0.2.9", "+defer_unknown : test.example/<;x.fail;nothing"));
    }

    @Test
    void noSendingHostIsNeverListed() {
        assertEquals(ConditionResult.fail(), evaluate("", "bl.test.example"));
        // The whole condition is false at the first item keyed on the host, even if a later one would match.
        assertEquals(ConditionResult.fail(), evaluate("", "bl.test.example : dbl.test.example/example.org"));
        assertInstanceOf(ConditionResult.Ok.class, evaluate("", "dbl.test.example/example.org : bl.test.example"));
    }

    @Test
    void theNonSmtpAclsRefuseItemsKeyedOnTheHost() {
        ConditionDriver condition = condition();
        assertEquals(new ConditionResult.Error("cannot test auto-keyed dnslists condition in non-SMTP ACL"),
                condition.evaluate("bl.test.example", new Context("", "acl_not_smtp")));
        assertEquals(new ConditionResult.Error("cannot test auto-keyed dnslists condition in non-SMTP-start ACL"),
                condition.evaluate("bl.test.example", new Context("", "acl_not_smtp_start")));
        assertInstanceOf(ConditionResult.Ok.class,
                condition.evaluate("dbl.test.example/example.org", new Context("", "acl_not_smtp")));
    }

    @Test
    void namesThatCannotBeInTheDnsAreNotListed() {
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.1", "dbl.test.example/user@example.org"));
        assertEquals(ConditionResult.fail(), evaluate("192.0.2.1", "dbl.test.example/" + "x".repeat(250)));
    }

    @Test
    void isNamedForBothTheServiceRegistryAndTheLauncher() throws IOException {
        MtaDriver names = DnslistsCondition.class.getAnnotation(MtaDriver.class);
        assertEquals(MtaDriver.CONDITION, names.kind());
        assertEquals("dnslists", names.name());
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/" + ConditionDriver.class.getName())) {
            assertEquals(DnslistsCondition.class.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
        assertTrue(new DnslistsCondition() instanceof ConditionDriver);
    }
}
