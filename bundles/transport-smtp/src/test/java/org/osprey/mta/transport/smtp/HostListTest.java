package org.osprey.mta.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.HostStatus;
import org.osprey.mta.kernel.option.EximList;

class HostListTest {
    @TempDir
    Path dir;

    @Test
    void itemsTakeNamesAddressesAndPorts() {
        assertEquals(List.of(new Host("mail.example", null, 2525, Host.NO_MX, HostStatus.UNKNOWN),
                new Host("2001:db8::1", null, 26, Host.NO_MX, HostStatus.UNKNOWN),
                new Host("192.0.2.1", null, Host.DEFAULT_PORT, Host.NO_MX, HostStatus.UNKNOWN),
                new Host("2001:db8::2", null, Host.DEFAULT_PORT, Host.NO_MX, HostStatus.UNKNOWN)),
                HostList.parse("<; mail.example:2525 ; [2001:db8::1]:26 ; ; 192.0.2.1 ; 2001:db8::2", false,
                        new Random()).stream().map(HostList.Candidate::host).toList());
    }

    @Test
    void theSeparatorCanBeChanged() {
        assertEquals(List.of("a:1", "b"), EximList.nonEmptyItems("<; a:1 ; b"));
        assertEquals(List.of("a:1", "b"), EximList.nonEmptyItems("a::1 : b"));
    }

    @Test
    void portsAreNumbersOrServiceNames() throws Exception {
        Path services = dir.resolve("services");
        Files.writeString(services, "# comment\nsmtp\t\t25/tcp\t\tmail\nsubmission\t587/tcp\nfoo 99/udp\n");
        ServicePorts ports = new ServicePorts(services);
        assertEquals(OptionalInt.of(25), ports.port("smtp"));
        assertEquals(OptionalInt.of(25), ports.port("mail"));
        assertEquals(OptionalInt.of(587), ports.port("submission"));
        assertEquals(OptionalInt.of(2601), ports.port("2601"));
        assertEquals(OptionalInt.empty(), ports.port("foo"));
        assertEquals(OptionalInt.empty(), ports.port("12x"));
    }
}
