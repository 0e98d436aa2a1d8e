package org.osprey.mta.core.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.dns.DnsClient;
import org.osprey.mta.core.dns.DnsOptions;
import org.osprey.mta.core.dns.Dnsmasq;
import org.osprey.mta.core.spool.HeaderLine;
import org.osprey.mta.core.spool.MessageId;

/**
 * A router that finds a domain under a fuller name in the DNS changes the address's domain
 * and, with {@code rewrite_headers} (dnslookup's default), the message's address headers
 * follow (Exim's rf_change_domain). The "mxlookup" test router qualifies single-component
 * names with the DNS's default domain, "test", as dnslookup's {@code qualify_single} does.
 *
 * <p>Exim 4.96's result, with dnslookup routers ({@code widen_domains = test}, the one for
 * "nr" with {@code rewrite_headers = false}) under scripts/with-test-dns with the same names,
 * {@code -odi} to user@mx1, third@mx2 and b@nr, a file transport, and this message:
 * <pre>
 * From: Sender &lt;sender@mx1.test&gt;
 * To: user@mx1.test, "Second User" &lt;second@mx1.test&gt;,{sp}
 * 	third@mx2.test,{sp}
 * 	other@elsewhere.test
 * Cc: cc@mx1.test (comment)
 * Reply-To: rt@mx1.test
 * Sender: s@mx1.test
 * Bcc: b@nr
 * Subject: widen test
 * X-Other: user@mx1
 * </pre>
 * the same in the three deliveries ({sp}: a space ends the line): every address at mx1 or
 * mx2, in any case, moved to the fuller name; Bcc: b@nr did not (no rewrite_headers), nor
 * X-Other:, which is not an address header.
 */
class DomainChangeDeliveryTest {
    private static final String CONFIG = """
            qualify_domain = host.example

            begin routers
            nr:
              driver = mxlookup
              domains = nr
              qualify_single
              rewrite_headers = false
              transport = t
            dnslookup:
              driver = mxlookup
              qualify_single
              transport = t

            begin transports
            t:
              driver = testlocal

            begin retry
            *  *  F,1d,1h
            """;

    private static final List<String> HEADERS = List.of(
            "From: Sender <sender@mx1>\n",
            "To: user@mx1, \"Second User\" <second@MX1>, third@mx2, other@elsewhere.test\n",
            "Cc: cc@mx1 (comment)\n",
            "Reply-To: rt@mx1\n",
            "Sender: s@mx1\n",
            "Bcc: b@nr\n",
            "Subject: widen test\n",
            "X-Other: user@mx1\n");

    private static final String EXIM_HEADERS = """
            From: Sender <sender@mx1.test>
            To: user@mx1.test, "Second User" <second@mx1.test>,\s
            \tthird@mx2.test,\s
            \tother@elsewhere.test
            Cc: cc@mx1.test (comment)
            Reply-To: rt@mx1.test
            Sender: s@mx1.test
            Bcc: b@nr
            Subject: widen test
            X-Other: user@mx1

            """;

    private static Dnsmasq dns;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        dns = Dnsmasq.builder().zone("test")
                .host("mx1.test", "198.51.100.1")
                .host("mx2.test", "198.51.100.2")
                .host("nr.test", "198.51.100.3")
                .servfail("broken.test")
                .start();
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    private static DnsClient client() {
        return dns.client(DnsOptions.defaults().withRetrans(Duration.ofSeconds(1), 1), List.of("test"));
    }

    @Test
    void theTransportsSeeTheHeadersRewrittenToTheFullerNameAsEximWroteThem() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG, client())) {
            MessageId id = f.submit("sender@host.example", HEADERS, "user@mx1", "third@mx2", "b@nr");
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            assertEquals(List.of(List.of("user@mx1.test"), List.of("third@mx2.test"), List.of("b@nr.test")),
                    f.transports.addresses());
            for (RecordingTransports.Call call : f.transports.calls) {
                assertEquals(EXIM_HEADERS, headerSection(call.message()), call.addresses().toString());
            }
        }
    }

    @Test
    void theRewrittenHeadersStayOnTheSpoolForLaterDeliveries() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG, client())) {
            MessageId id = f.submit("sender@host.example", HEADERS, "user@mx1", "x@broken.test");
            assertEquals(DeliveryStatus.DEFERRED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            List<HeaderLine> kept = f.header(id).headers();
            // Exim's spool keeps the old versions, typed *, each before its replacement.
            assertEquals(new HeaderLine('*', "From: Sender <sender@mx1>\n"), kept.get(0));
            assertEquals(new HeaderLine('F', "From: Sender <sender@mx1.test>\n"), kept.get(1));
            assertEquals(new HeaderLine('T',
                    "To: user@mx1.test, \"Second User\" <second@mx1.test>, \n\tthird@mx2, other@elsewhere.test\n"),
                    kept.get(3));
            assertEquals(new HeaderLine('B', "Bcc: b@nr\n"), kept.stream().filter(h -> h.type() == 'B').findFirst()
                    .orElseThrow());

            // The next attempt routes x@broken.test alone; the headers are already rewritten.
            f.advance(3600);
            f.engine.deliver(id, DeliveryRequest.FORCED);
            assertEquals(kept, f.header(id).headers());
        }
    }

    @Test
    void withoutRewriteHeadersTheHeadersStayAsTheyWere() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG.replace("domains = nr", "domains = mx1"), client())) {
            MessageId id = f.submit("sender@host.example", HEADERS, "user@mx1");
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            String headers = headerSection(f.transports.calls.get(0).message());
            assertTrue(headers.startsWith("From: Sender <sender@mx1>\nTo: user@mx1, \"Second User\" <second@MX1>"),
                    headers);
        }
    }

    /** The message's header section from its From: header (the test spool's first) to the blank line. */
    private static String headerSection(String message) {
        return message.substring(message.indexOf("From: "), message.indexOf("\n\n") + 2);
    }
}
