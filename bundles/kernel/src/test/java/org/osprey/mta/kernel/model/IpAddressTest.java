package org.osprey.mta.kernel.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The expectations on edge cases were checked against Exim 4.96 as Debian builds it. */
class IpAddressTest {

    @ParameterizedTest
    @CsvSource({"1.2.3.4, 4", "255.255.255.255, 4", "0.0.0.0, 4", "256.1.1.1, 0", "1.2.3, 0", "1.2.3.4.5, 0",
        "1.2.3.4/8, 0", "::1, 6", "::, 6", "abcd::cdab, 6", "ABCD::CDAB, 6", "1:2:3:4:5:6:7:8, 6",
        "1:2:3:4:5:6:7:8:9, 0", "1::2::3, 0", "::ffff:1.2.3.4, 6", "1:2:3:4:5:6:1.2.3.4, 6", "1:2:3:4:5:1.2.3.4, 0",
        "1:2:3:4:5:6:7:1.2.3.4, 0", "::a.2.3.4, 0", "fe80::1%eth0, 6", "fe80::1%, 6", ":1, 0", "12345::, 0", "1:, 0",
        "x.y.z.w, 0", "0001.2.3.4, 0", "01.2.3.4, 0", "1.2.3.04, 0", "1:2:3:4:5:6:7::, 6", "::1:2:3:4:5:6:7, 6",
        "1:2:3:4:5:6:7:8::, 0", "::1.2.3.4, 6", "1.2.3.4%x, 0", "1.2.3.4., 0", ".1.2.3.4, 0", "1..2.3, 0",
        "abcd::cdab::, 0", "a:b:c:d:e:f:1:2%x y, 0", "'', 0", "'1.2.3.4 ', 0", "' 1.2.3.4', 0", "::1/128, 0"})
    void knowsAnAddressWhenItSeesOne(String text, int version) {
        assertEquals(version, IpAddress.version(text));
        assertEquals(version != 0, IpAddress.isValid(text));
        assertEquals(version != 0, IpAddress.parse(text).isPresent());
    }

    @ParameterizedTest
    @CsvSource({"1.2.3.0/24, 24", "abcd::/16, 16", "1.2.3.4/, 0", "'1.2.3.4/ 8', 8", "1.2.3.4/+8, 8",
        "1.2.3.4/-0, 0", "1.2.3.4/00024, 24", "::/0, 0", "1.2.3.4/99, 99", "1.2.3.0/4294967320, 24",
        "1.2.3.0/99999999999999999999, -1"})
    void networksMayHaveAMaskThatCReads(String text, int mask) {
        assertEquals(OptionalInt.of(mask), IpAddress.parseNetwork(text).orElseThrow().mask());
    }

    @ParameterizedTest
    @CsvSource({"1.2.3.4/x, false", "'1.2.3.4/ ', false", "1.2.3.4/+, false", "1.2.3.4/-1, false",
        "1.2.3.4/24/8, false", "1.2.3.4/8x, false", "fe80::1%eth0/8, false", "/8, false", "01.2.3.4/8, false",
        "1.2.3.4, true", "fe80::1%eth0, true", "1.2.3.4%eth0, false"})
    void aNetworkIsAnAddressAndAMaskThatCReadsToTheEnd(String text, boolean valid) {
        assertEquals(valid, IpAddress.parseNetwork(text).isPresent());
        if (valid) {
            assertEquals(OptionalInt.empty(), IpAddress.parseNetwork(text).orElseThrow().mask());
        }
    }

    @ParameterizedTest
    @CsvSource({"10.1.2.3, 10.0.0.0/8", "10.1.2.3, 10.1.2.3", "10.1.2.3, 0.0.0.0/0", "10.1.2.3, 10.1.2.3/99",
        "::ffff:10.1.2.3, 10.0.0.0/8", "abcd:abcd::1, abcd:abcd::/32", "ABCD::1, abcd::1", "::1, ::1/128",
        "1:2:3:4:5:6:7:8, 1:2:3:4::/64", "1.2.3.4, 9.9.9.9/", "fe80::1, fe80::1%eth0", "1.2.3.4, '1.2.3.0/ 24'",
        "1.2.3.4, 1.2.3.0/4294967320", "1.2.3.4, 9.2.3.0/4294967296", "1.2.3.4, 1.2.3.5/99999999999999999999"})
    void anAddressIsInItsNetworks(String address, String network) {
        assertTrue(IpAddress.parseNetwork(network).orElseThrow().contains(IpAddress.parse(address).orElseThrow()));
    }

    @ParameterizedTest
    @CsvSource({"11.1.2.3, 10.0.0.0/8", "10.1.2.4, 10.1.2.3", "::1, 0.0.0.0/0", "10.1.2.3, ::/0",
        "abcd:abce::1, abcd:abcd::/32", "::ffff:1.2.3.4, ::ffff:1.2.3.0/120", "1:2:3:5::, 1:2:3:4::/64",
        "::ffff:1.2.3.4, ::ffff:1.2.3.4", "9.2.3.4, '1.2.3.0/ 24'", "1.2.3.4, 1.2.3.0/2147483648",
        "1.2.3.4, 1.2.3.0/99999999999999999999"})
    void anAddressIsNotInOtherNetworks(String address, String network) {
        assertFalse(IpAddress.parseNetwork(network).orElseThrow().contains(IpAddress.parse(address).orElseThrow()));
    }

    @ParameterizedTest
    @CsvSource({"2001:0db8:0:0:0:0:0:1, 2001:db8::1", "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
        "2001:0:0:1:0:0:0:0, 2001:0:0:1::", "1:0:0:0:1:0:0:1, 1::1:0:0:1", "::, ::", "::1, ::1",
        "::ffff:1.2.3.4, ::ffff:1.2.3.4", "::1.2.3.4, ::1.2.3.4", "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
        "1:0:2:3:4:5:6:7, 1:0:2:3:4:5:6:7", "ABCD::EF, abcd::ef", "fe80::1%eth0, fe80::1", "1.2.3.4, 1.2.3.4"})
    void writesAsTheCLibraryWrites(String text, String written) {
        assertEquals(written, IpAddress.parse(text).orElseThrow().toString());
    }

    @ParameterizedTest
    @CsvSource({"2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1", "::1, ::1", "::, :", "1::, 1::",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3", "1:0:2:3:4:5:6:7, 1::2:3:4:5:6:7", "::1.2.3.4, ::102:304",
        "::ffff:1.2.3.4, ::ffff:102:304", "0:0:1:0:0:1:0:0, ::1:0:0:1:0:0", "1:0:0:1:0:0:1:0, 1::1:0:0:1:0",
        "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304", "1.2.3.4, 1.2.3.4"})
    void compressesAsEximsIpv6norm(String text, String written) {
        assertEquals(written, IpAddress.parse(text).orElseThrow().compressed());
    }

    @Test
    void expandsAsEximsHostNmtoa() {
        assertEquals("2001:0db8:0000:0000:0000:0000:0000:0001", IpAddress.parse("2001:db8::1").orElseThrow().expanded(':'));
        assertEquals("0001.0000.0000.0000.0000.0000.0000.0000", IpAddress.parse("1::").orElseThrow().expanded('.'));
        assertEquals("1.2.3.4", IpAddress.parse("1.2.3.4").orElseThrow().expanded(':'));
        assertEquals("0000:0000:0000:0000:0000:ffff:0102:0304",
                IpAddress.parse("1.2.3.4").orElseThrow().toIpv6().expanded(':'));
    }

    @Test
    void masksKeepTheMostSignificantBits() {
        assertEquals("192.168.10.192", IpAddress.parse("192.168.10.206").orElseThrow().masked(28).toString());
        assertEquals("0.0.0.0", IpAddress.parse("192.168.10.206").orElseThrow().masked(0).toString());
        assertEquals("192.168.10.206", IpAddress.parse("192.168.10.206").orElseThrow().masked(-1).toString());
        assertEquals("2001:db8:85a3::", IpAddress.parse("2001:db8:85a3::8a2e:370:7334").orElseThrow().masked(48).toString());
        assertEquals("fe80::", IpAddress.parse("fe80::1234:5678").orElseThrow().masked(64).toString());
        assertEquals("2001:db8:8000::", IpAddress.parse("2001:db8:85a3::").orElseThrow().masked(33).toString());
    }

    @Test
    void reversesForDnsNames() {
        assertEquals("4.3.2.1", IpAddress.parse("1.2.3.4").orElseThrow().reversed());
        assertEquals("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2",
                IpAddress.parse("2001:db8::1").orElseThrow().reversed());
        assertEquals("4.0.3.0.2.0.1.0.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",
                IpAddress.parse("::ffff:1.2.3.4").orElseThrow().reversed());
    }

    @Test
    void bytesInAndOutAreCopies() {
        byte[] bytes = {10, 0, 0, 1};
        IpAddress address = IpAddress.of(bytes);
        bytes[0] = 11;
        assertEquals("10.0.0.1", address.toString());
        address.toBytes()[0] = 12;
        assertArrayEquals(new byte[] {10, 0, 0, 1}, address.toBytes());
        assertEquals(4, address.version());
        assertEquals(6, address.toIpv6().version());
        assertEquals("::ffff:10.0.0.1", address.toIpv6().toString());
        assertThrows(IllegalArgumentException.class, () -> IpAddress.of(new byte[5]));
    }

    @Test
    void addressesAreEqualWhenTheirBytesAre() {
        assertEquals(IpAddress.parse("ABCD::1").orElseThrow(), IpAddress.parse("abcd:0::0:1").orElseThrow());
        assertEquals(IpAddress.parse("ABCD::1").orElseThrow().hashCode(), IpAddress.parse("abcd::1").orElseThrow().hashCode());
        assertNotEquals(IpAddress.parse("1.2.3.4").orElseThrow(), IpAddress.parse("::ffff:1.2.3.4").orElseThrow());
    }
}
