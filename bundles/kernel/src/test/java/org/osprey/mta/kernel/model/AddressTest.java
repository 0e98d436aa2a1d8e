package org.osprey.mta.kernel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressTest {

    @Test
    void affixesComeOffTheLocalPartAndStayInTheText() {
        Address address = Address.of("owner-list+tag", "example.com").withAffixes("owner-", "+tag");
        assertEquals("list", address.localPart());
        assertEquals("owner-", address.prefix());
        assertEquals("+tag", address.suffix());
        assertEquals("owner-list+tag@example.com", address.text());
    }

    @Test
    void affixesThatAreNotThereAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Address.of("list", "example.com").withAffixes("x-", ""));
    }

    @Test
    void childrenKnowTheirParentAndInheritTheErrorsAddress() {
        Address parent = Address.of("postmaster", "example.com").withErrorsTo("admin@example.com");
        Address child = parent.child("root", "example.com");
        assertSame(parent, child.parent().orElseThrow());
        assertEquals("admin@example.com", child.errorsTo().orElseThrow());
        assertTrue(parent.parent().isEmpty());
    }

    @Test
    void domainsCompareWithoutCaseLocalPartsWithCase() {
        assertEquals(Address.of("user", "Example.COM"), Address.of("user", "example.com"));
        assertEquals(Address.of("user", "Example.COM").hashCode(), Address.of("user", "example.com").hashCode());
        assertNotEquals(Address.of("User", "example.com"), Address.of("user", "example.com"));
    }

    @Test
    void propertiesAreCopiedNotShared() {
        Address plain = Address.of("user", "example.com");
        Address withData = plain.withProperty("address_data", "x");
        assertEquals("x", withData.property("address_data").orElseThrow());
        assertTrue(plain.property("address_data").isEmpty());
    }
}
