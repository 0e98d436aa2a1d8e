package org.osprey.mta.core.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The few fluent checks these tests use, over JUnit's assertions (the build has no AssertJ). */
final class Expect<T> {
    private final T actual;
    private String what = "";

    private Expect(T actual) {
        this.actual = actual;
    }

    static <T> Expect<T> assertThat(T actual) {
        return new Expect<>(actual);
    }

    Expect<T> as(String description) {
        what = description;
        return this;
    }

    Expect<T> isEqualTo(Object expected) {
        assertEquals(expected, actual, what);
        return this;
    }

    void isNull() {
        assertNull(actual, what);
    }

    void isTrue() {
        assertEquals(Boolean.TRUE, actual, what);
    }

    void isPresent() {
        assertTrue(((Optional<?>) actual).isPresent(), what);
    }

    void isNotEmpty() {
        assertTrue(!((Collection<?>) actual).isEmpty(), what);
    }

    void hasSize(int size) {
        assertEquals(size, ((Collection<?>) actual).size(), what);
    }

    void contains(String part) {
        assertTrue(String.valueOf(actual).contains(part), what + ": " + actual + " lacks " + part);
    }

    @SafeVarargs
    final <E> void containsExactly(E... expected) {
        assertEquals(Arrays.asList(expected), List.copyOf((Collection<?>) actual), what);
    }

    Expect<T> containsEntry(Object key, Object value) {
        assertEquals(value, ((Map<?, ?>) actual).get(key), what + " [" + key + "]");
        return this;
    }

    void startsWith(String prefix) {
        assertTrue(String.valueOf(actual).startsWith(prefix), what + ": " + actual + " does not start with " + prefix);
    }

    void endsWith(String suffix) {
        assertTrue(String.valueOf(actual).endsWith(suffix), what + ": " + actual + " does not end with " + suffix);
    }

    void isGreaterThan(int n) {
        assertTrue(((Number) actual).intValue() > n, what + ": " + actual + " <= " + n);
    }

    void isEmpty() {
        assertTrue(((Optional<?>) actual).isEmpty(), what + ": " + actual);
    }

    /** The collection holds these elements in this order, others possibly between them. */
    void containsSubsequence(Object... expected) {
        int i = 0;
        for (Object o : (Collection<?>) actual) {
            if (i < expected.length && expected[i].equals(o)) {
                i++;
            }
        }
        assertEquals(expected.length, i, what + ": " + actual);
    }

    void containsAll(Object... expected) {
        assertTrue(((Collection<?>) actual).containsAll(Arrays.asList(expected)), what + ": " + actual);
    }
}
