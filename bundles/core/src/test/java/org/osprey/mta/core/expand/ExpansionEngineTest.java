package org.osprey.mta.core.expand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.model.Header;

/** The engine's own guarantees: compile once, contexts, error kinds, and no crash or hang on hostile input. */
class ExpansionEngineTest {
    private final ExpansionEnvironment env = new ExpansionEnvironment() {
        @Override
        public Settings settings() {
            return Settings.of(Map.of("primary_hostname", "mail.example", "qualify_domain", "example"));
        }

        @Override
        public Clock clock() {
            return Clock.fixed(Instant.parse("2024-03-05T06:07:08Z"), ZoneOffset.UTC);
        }
    };
    private final ExpansionEngine engine = new ExpansionEngine(env);

    @Test
    void aCompiledStringIsEvaluatedInManyContexts() throws ExpansionException {
        CompiledExpansion c = engine.compile("${if eq{$local_part}{postmaster}{root}{$local_part}}@$qualify_domain");
        assertEquals("root@example", c.expand(ExpansionContext.empty().with(Map.of("local_part", "postmaster"))));
        assertEquals("joe@example", c.expand(ExpansionContext.empty().with(Map.of("local_part", "joe"))));
    }

    @Test
    void anExpanderSeesTheVariablesADriverAdds() throws ExpansionException {
        Expander e = engine.expander(ExpansionContext.empty().with(Map.of("domain", "x.example")));
        assertEquals("x.example/secret", e.with(Map.of("auth1", "secret")).expand("$domain/$auth1"));
        assertThrows(IllegalArgumentException.class, () -> e.with(Map.of("no_such_variable", "x")));
    }

    @Test
    void theSmtpTransportsHeloDataVariablesAreKnown() throws ExpansionException {
        Expander e = engine.expander(ExpansionContext.empty()).with(Map.of("host", "mx.example", "host_address",
                "192.0.2.1", "sending_ip_address", "192.0.2.9", "sending_port", "40000"));
        assertEquals("mx.example 192.0.2.1 192.0.2.9 40000",
                e.expand("$host $host_address $sending_ip_address $sending_port"));
    }

    @Test
    void forcedFailureAndErrorsAreTold() {
        ExpansionException forced = assertThrows(ExpansionException.class,
                () -> engine.compile("${if eq{a}{b}{x}fail}").expand(ExpansionContext.empty()));
        assertTrue(forced.isForcedFailure());
        assertEquals("\"if\" failed and \"fail\" requested", forced.getMessage());
        ExpansionException error = assertThrows(ExpansionException.class,
                () -> engine.compile("$nosuch").expand(ExpansionContext.empty()));
        assertFalse(error.isForcedFailure());
        assertEquals("unknown variable name \"nosuch\"", error.getMessage());
    }

    @Test
    void headersAreReadFromTheContext() throws ExpansionException {
        ExpansionContext ctx = ExpansionContext.empty().withHeaders(List.of(new Header("Subject", " Hello =?utf-8?q?w=C3=B6rld?= "),
                new Header("To", "a@x"), new Header("to", "b@y")));
        assertEquals("Hello wörld", engine.compile("$h_subject:").expand(ctx));
        assertEquals("a@x,\nb@y", engine.compile("$h_to:").expand(ctx));
        assertEquals("a@x\nb@y\n", engine.compile("$rh_to:").expand(ctx));
        assertEquals("a@x:b@y", engine.compile("$lh_to:").expand(ctx));
        assertEquals("yes", engine.compile("${if def:h_to:{yes}{no}}").expand(ctx));
        assertEquals("", engine.compile("$h_cc:").expand(ctx));
    }

    @Test
    void timesComeFromTheClock() throws ExpansionException {
        assertEquals("1709618828 20240305060708Z 2024-03-05 06:07:08 +0000",
                engine.compile("$tod_epoch $tod_zulu $tod_log $tod_zone").expand(ExpansionContext.empty()));
        assertEquals("Tue, 05 Mar 2024 06:07:08 +0000", engine.compile("$tod_full").expand(ExpansionContext.empty()));
    }

    @Test
    void forbiddenThingsAreRefused() {
        ExpansionContext filter = ExpansionContext.empty().forbidding(Set.of(Restriction.RUN, Restriction.READFILE));
        ExpansionException e = assertThrows(ExpansionException.class,
                () -> engine.compile("${run{/bin/true}}").expand(filter));
        assertEquals("running a command is not permitted", e.getMessage());
        e = assertThrows(ExpansionException.class, () -> engine.compile("${readfile{/etc/hostname}}").expand(filter));
        assertEquals("file insertions are not permitted", e.getMessage());
    }

    @Test
    void deepNestingIsAnErrorNotACrash() {
        String deep = "${lc:".repeat(5000) + "x" + "}".repeat(5000);
        ExpansionException e = assertThrows(ExpansionException.class, () -> engine.compile(deep).expand(ExpansionContext.empty()));
        assertEquals("expansion nested too deeply", e.getMessage());
        String conditions = "${if " + "!".repeat(10000) + "eq{a}{a}{y}{n}}";
        assertDoesNotCrash(conditions);
        assertDoesNotCrash("${eval:" + "(".repeat(100000) + "1" + ")".repeat(100000) + "}");
        assertDoesNotCrash("${expand:" + "\\$".repeat(10) + "}");
    }

    @Test
    void selfReferenceThroughExpandStops() {
        ExpansionContext ctx = ExpansionContext.empty().with(Map.of("acl_m_loop", "${expand:$acl_m_loop}"));
        ExpansionException e = assertThrows(ExpansionException.class,
                () -> engine.compile("${expand:$acl_m_loop}").expand(ctx));
        assertTrue(e.getMessage().contains("nested too deeply"), e.getMessage());
    }

    @Test
    void runawayRegularExpressionsDoNotHang() throws ExpansionException {
        long start = System.nanoTime();
        String subject = "a".repeat(40) + "!";
        assertEquals("n", engine.compile("${if match{" + subject + "}{^(a+)+\\$}{y}{n}}").expand(ExpansionContext.empty()));
        assertTrue(System.nanoTime() - start < 30_000_000_000L);
    }

    @Test
    void hugeResultsAreRefused() {
        String bomb = "${reduce{1:2:3:4:5:6:7:8:9:10:11:12:13:14:15:16:17:18:19:20:21:22:23:24:25}{x}{$value$value}}";
        assertThrows(ExpansionException.class, () -> engine.compile(bomb).expand(ExpansionContext.empty()));
    }

    private void assertDoesNotCrash(String template) {
        try {
            engine.compile(template).expand(ExpansionContext.empty());
        } catch (ExpansionException e) {
            assertTrue(e.getMessage() != null);
        }
    }
}
