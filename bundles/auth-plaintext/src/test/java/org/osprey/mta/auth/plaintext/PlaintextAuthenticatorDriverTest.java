package org.osprey.mta.auth.plaintext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.auth.EximBase64;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.option.Option;

class PlaintextAuthenticatorDriverTest {

    @Test
    void hasExactlyEximsPrivateOptions() {
        List<Option<?>> options = new PlaintextAuthenticatorDriver().options().options();
        assertEquals(List.of("client_ignore_invalid_base64", "client_send", "server_prompts"),
                options.stream().map(Option::name).toList());
        assertEquals(Boolean.FALSE, options.get(0).defaultValue());
        assertNull(options.get(1).defaultValue());
        assertNull(options.get(2).defaultValue());
    }

    @Test
    void isNamedForBothTheServiceRegistryAndTheLauncher() throws IOException {
        MtaDriver names = PlaintextAuthenticatorDriver.class.getAnnotation(MtaDriver.class);
        assertEquals("authenticator", names.kind());
        assertEquals("plaintext", names.name());
        try (InputStream in = getClass().getResourceAsStream(
                "/META-INF/services/org.osprey.mta.kernel.auth.AuthenticatorDriver")) {
            assertEquals(PlaintextAuthenticatorDriver.class.getName(),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }

    @Test
    void listsSplitAsExim() {
        assertEquals(List.of(""), EximList.items(":"));
        assertEquals(List.of("Username:", "Password:"), EximList.items("Username:: : Password::"));
        assertEquals(List.of("Username:", "Password:"),
                EximList.items("<| Username:| Password:"));
        assertEquals(List.of("", "user", "secret"), EximList.items(": user : secret"));
        assertEquals(List.of(), EximList.items(""));
    }

    @Test
    void base64AsEximDecodesIt() {
        assertArrayEquals("Username:".getBytes(StandardCharsets.US_ASCII), EximBase64.decode("VXNlcm5hbWU6"));
        assertArrayEquals("ab".getBytes(StandardCharsets.US_ASCII), EximBase64.decode(" YW\r\nI= "));
        assertArrayEquals(new byte[0], EximBase64.decode(""));
        assertNull(EximBase64.decode("YWI"), "a group of three without padding");
        assertNull(EximBase64.decode("YQ=x"));
        assertNull(EximBase64.decode("YQ==YQ=="), "nothing after the padding");
        assertNull(EximBase64.decode("="));
        assertNull(EximBase64.decode("@@@@"));
    }
}
