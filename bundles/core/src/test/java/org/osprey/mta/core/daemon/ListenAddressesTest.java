package org.osprey.mta.core.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListenAddressesTest {
    private static final ServicePorts SERVICES = ServicePorts.parse(
            "smtp\t\t25/tcp\t\tmail\nsubmissions\t465/tcp\t\tssmtp smtps urd # Submission over TLS\n"
                    + "submission\t587/tcp\t\t\t\t# Submission\nfoo 99/udp\n");

    private static List<ListenAddress> resolve(String interfaces, String ports, String override) throws Exception {
        return ListenAddresses.resolve(interfaces, ports, override, SERVICES);
    }

    @Test
    void portNamesComeFromTheServicesFile() throws Exception {
        assertEquals(25, SERVICES.resolve("smtp"));
        assertEquals(465, SERVICES.resolve("smtps"));
        assertEquals(587, SERVICES.resolve("587"));
        assertEquals(25, SERVICES.resolve("0x19"));
        assertEquals("TCP port \"foo\" not found", assertThrows(DaemonException.class,
                () -> SERVICES.resolve("foo")).getMessage());
        assertEquals("invalid SMTP port: 25x", assertThrows(DaemonException.class,
                () -> SERVICES.resolve("25x")).getMessage());
    }

    @Test
    void theDefaultListensOnBothWildcardsIpv6First() throws Exception {
        assertEquals(List.of(new ListenAddress("::0", 25), new ListenAddress("0.0.0.0", 25)),
                resolve("<; ::0 ; 0.0.0.0", "smtp", null));
        assertEquals(List.of(new ListenAddress("::0", 25), new ListenAddress("0.0.0.0", 25)),
                resolve("<; 0.0.0.0 ; ::0", "smtp", null));
    }

    @Test
    void interfacesWithoutPortTakeEveryDaemonPort() throws Exception {
        // Checked with exim-reference: local_interfaces = <; 127.0.0.1 ; ::1 ; 127.0.0.1.27445
        List<ListenAddress> a = resolve("<; 127.0.0.1 ; ::1 ; 127.0.0.1.27445", "27441 : 27442", null);
        assertEquals(List.of(new ListenAddress("127.0.0.1", 27441), new ListenAddress("127.0.0.1", 27442),
                new ListenAddress("::1", 27441), new ListenAddress("::1", 27442),
                new ListenAddress("127.0.0.1", 27445)), a);
        assertEquals("SMTP on [127.0.0.1]:{27441,27445} [::1]:27441 and for SMTPS on [127.0.0.1]:27442 [::1]:27442",
                ListenAddresses.describe(a, Set.of(27442)));
    }

    @Test
    void bracketedAndDottedPortForms() throws Exception {
        assertEquals(List.of(new ListenAddress("127.0.0.1", 27451), new ListenAddress("::1", 27452),
                new ListenAddress("fe80::1", 26)),
                resolve("<; 127.0.0.1.27451 ; [::1]:27452 ; fe80::1.26", "25", null));
    }

    @Test
    void dashOxReplacesInterfacesOrPortsOrBoth() throws Exception {
        String interfaces = "<; 127.0.0.1 ; ::1 ; 127.0.0.1.27445";
        List<ListenAddress> ports = resolve(interfaces, "25", "27461:27462");
        assertEquals("SMTP on [127.0.0.1]:{27461,27462,27445} [::1]:{27461,27462}",
                ListenAddresses.describe(ports, Set.of()));
        assertEquals("SMTP on [127.0.0.1]:27451 [::1]:27452",
                ListenAddresses.describe(resolve(interfaces, "25", "<; 127.0.0.1.27451 ; [::1]:27452 ; 27453"),
                        Set.of()));
        assertEquals("SMTP on port 2599 (IPv6 and IPv4)",
                ListenAddresses.describe(resolve("<; ::0 ; 0.0.0.0", "smtp", "2599"), Set.of()));
        assertEquals(List.of(new ListenAddress("127.0.0.1", 2525)), resolve(interfaces, "25", "127.0.0.1.2525"));
    }

    @Test
    void wildcardsAreDescribedByIpVersion() {
        assertEquals("SMTP on port 25 (IPv4) and for SMTPS on port 465 (IPv6)",
                ListenAddresses.describe(List.of(new ListenAddress("0.0.0.0", 25), new ListenAddress("::0", 465)),
                        Set.of(465)));
    }

    @Test
    void errorsAreExims() {
        assertEquals("Malformed IP address \"1.2.3\" in local_interfaces",
                assertThrows(DaemonException.class, () -> resolve("1.2.3", "25", null)).getMessage());
        assertEquals("Malformed IP address \"10.0.0.300\" in -oX data",
                assertThrows(DaemonException.class, () -> resolve("127.0.0.1", "25", "10.0.0.300")).getMessage());
        assertEquals("no port specified for interface \"all IPv4\" and daemon_smtp_port is unset; cannot start daemon",
                assertThrows(DaemonException.class, () -> resolve("0.0.0.0", "", null)).getMessage());
    }

    @Test
    void bindErrorsNameWildcardsAsEximDoes() {
        assertEquals("(any IPv6)", new ListenAddress("::0", 25).logName());
        assertEquals("(any IPv4)", new ListenAddress("0.0.0.0", 25).logName());
        assertEquals("::1", new ListenAddress("::1", 25).logName());
    }
}
