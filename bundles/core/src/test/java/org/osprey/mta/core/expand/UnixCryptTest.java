package org.osprey.mta.core.expand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** crypt(3) schemes against what glibc/libxcrypt produce for the same password and salt. */
class UnixCryptTest {

    @Test
    void traditionalDes() {
        assertEquals("abNANd1rDfiNc", UnixCrypt.crypt("secret", "abNANd1rDfiNc"));
        assertEquals("abqiKkVENApDk", UnixCrypt.crypt("secretlonger", "ab"));
        assertEquals("..X8NBuQ4l6uQ", UnixCrypt.crypt("", ".."));
        assertEquals("zzXjar5EX/ECI", UnixCrypt.crypt("x", "zz"));
    }

    @Test
    void md5AndShaSchemes() {
        assertEquals("$1$x$1qCRnuKVJB0gRI72OR7wV1", UnixCrypt.crypt("pw", "$1$x"));
        assertEquals("$1$saltsalt$9xy1btjgzLYfb7hivXtC//", UnixCrypt.crypt("secret", "$1$saltsalt$anything"));
        assertEquals("$5$saltsalt$gOjOtoMpVhru2uyjeJSEc/JaLQWOXMNmlOnj6T4AtC.", UnixCrypt.crypt("password", "$5$saltsalt"));
        assertEquals("$6$rounds=1000$abc$vw5PRczzmm7dyJhZWNpaLcy/M.HywGlo.UsELxKYV/ZI4356.iT3zYgbwHVzPSnvkT2lVlMoWMoJdUSLcmUNg.",
                UnixCrypt.crypt("password", "$6$rounds=1000$abc"));
    }

    @Test
    void unknownSchemesGiveNothing() {
        assertNull(UnixCrypt.crypt("pw", "$y$j9T$abc"));
        assertNull(UnixCrypt.crypt("pw", "$2b$05$abc"));
    }
}
