package org.osprey.mta.lookup.lsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAddressesTest {

    @ParameterizedTest
    @CsvSource({"1.2.3.4, 4", "255.255.255.255, 4", "256.1.1.1, 0", "1.2.3, 0", "1.2.3.4.5, 0", "1.2.3.4/8, 0",
        "::1, 6", "::, 6", "abcd::cdab, 6", "1:2:3:4:5:6:7:8, 6", "1:2:3:4:5:6:7:8:9, 0", "1::2::3, 0",
        "::ffff:1.2.3.4, 6", "1:2:3:4:5:6:1.2.3.4, 6", "1:2:3:4:5:1.2.3.4, 0", "fe80::1%eth0, 6", ":1, 0",
        "12345::, 0", "1:, 0", "x.y.z.w, 0", "0001.2.3.4, 0", "1.2.3.04, 0", "1:2:3:4:5:6:7::, 6", "::1:2:3:4:5:6:7, 6", "1:2:3:4:5:6:7:8::, 0",
        "::1.2.3.4, 6", "1.2.3.4%x, 0", "1.2.3.4., 0", "abcd::cdab::, 0", "a:b:c:d:e:f:1:2%x y, 0"})
    void knowsAnAddressWhenItSeesOne(String text, int version) {
        assertEquals(version, IpAddresses.version(text));
    }

    @ParameterizedTest
    @CsvSource({"1.2.3.0/24, 4, 7", "1.2.3.4, 4, 0", "abcd::/16, 6, 6", "1.2.3.4/, 4, 7", "1.2.3.4/x, 0, 0", "1.2.3.4/ 8, 4, 7", "fe80::1%eth0/8, 0, 0", "::/0, 6, 2"})
    void networksMayHaveAMask(String text, int version, int maskOffset) {
        assertEquals(new IpAddresses.Checked(version, maskOffset), IpAddresses.checkNetwork(text));
    }

    @ParameterizedTest
    @CsvSource({"10.1.2.3, 10.0.0.0/8", "10.1.2.3, 10.1.2.3", "10.1.2.3, 0.0.0.0/0", "10.1.2.3, 10.1.2.3/99",
        "::ffff:10.1.2.3, 10.0.0.0/8", "abcd:abcd::1, abcd:abcd::/32", "ABCD::1, abcd::1", "::1, ::1/128",
        "1:2:3:4:5:6:7:8, 1:2:3:4::/64", "1.2.3.4, 9.9.9.9/", "fe80::1, fe80::1%eth0"})
    void anAddressIsInItsNetworks(String address, String network) {
        assertTrue(IpAddresses.inNetwork(address, network, IpAddresses.checkNetwork(network).maskOffset()));
    }

    @ParameterizedTest
    @CsvSource({"11.1.2.3, 10.0.0.0/8", "10.1.2.4, 10.1.2.3", "::1, 0.0.0.0/0", "10.1.2.3, ::/0",
        "abcd:abce::1, abcd:abcd::/32", "::ffff:1.2.3.4, ::ffff:1.2.3.0/120", "1:2:3:5::, 1:2:3:4::/64",
        "::ffff:1.2.3.4, ::ffff:1.2.3.4"})
    void anAddressIsNotInOtherNetworks(String address, String network) {
        assertFalse(IpAddresses.inNetwork(address, network, IpAddresses.checkNetwork(network).maskOffset()));
    }
}
