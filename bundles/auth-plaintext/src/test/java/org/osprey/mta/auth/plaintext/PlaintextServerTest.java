package org.osprey.mta.auth.plaintext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.auth.AuthStep;
import org.osprey.mta.kernel.auth.ServerExchange;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.option.OptionValueException;
import org.osprey.mta.kernel.option.OptionValues;

/** The server side, with the $auth values Exim 4.96 showed for the same exchanges (exim -bh, debug output). */
class PlaintextServerTest {
    private static final String PLAIN = ":";
    private static final String LOGIN = "Username:: : Password::";

    @Test
    void plainWithAnInitialResponseNeedsNoChallenge() throws Exception {
        AuthStep step = start(PLAIN).next(bytes("\0user\0secret"));
        assertSuccess(List.of("", "user", "secret"), step);
    }

    @Test
    void plainWithoutAnInitialResponseSendsOneEmptyChallenge() throws Exception {
        ServerExchange exchange = start(PLAIN);
        assertChallenge("", exchange.next(null));
        assertSuccess(List.of("", "user", "secret"), exchange.next(bytes("\0user\0secret")));
    }

    @Test
    void anInitialResponseOfEqualsIsOneEmptyString() throws Exception {
        assertSuccess(List.of(""), start(PLAIN).next(new byte[0]));
    }

    @Test
    void anEmptyAnswerIsOneEmptyString() throws Exception {
        ServerExchange exchange = start(PLAIN);
        exchange.next(null);
        assertSuccess(List.of(""), exchange.next(new byte[0]));
    }

    @Test
    void loginPromptsForUserAndPassword() throws Exception {
        ServerExchange exchange = start(LOGIN);
        assertChallenge("Username:", exchange.next(null));
        assertChallenge("Password:", exchange.next(bytes("user")));
        assertSuccess(List.of("user", "secret"), exchange.next(bytes("secret")));
    }

    @Test
    void dataWithTheAuthCommandSkipsThePromptsItAnswers() throws Exception {
        ServerExchange exchange = start(LOGIN);
        assertChallenge("Password:", exchange.next(bytes("user")));
        assertSuccess(List.of("user", "secret"), exchange.next(bytes("secret")));
    }

    @Test
    void severalStringsInOneAnswerSkipLaterPrompts() throws Exception {
        ServerExchange exchange = start(LOGIN);
        exchange.next(null);
        assertSuccess(List.of("user", "", "secret"), exchange.next(bytes("user\0\0secret")));
    }

    @Test
    void aTrailingZeroEndsTheLastStringWithoutStartingAnother() throws Exception {
        assertSuccess(List.of("a"), start(PLAIN).next(bytes("a\0")));
        ServerExchange exchange = start(LOGIN);
        exchange.next(null);
        assertChallenge("Password:", exchange.next(bytes("a\0")));
    }

    @Test
    void noPromptsAndNoDataGiveNoStrings() throws Exception {
        assertSuccess(List.of(), start(null).next(null));
    }

    @Test
    void promptsAreExpandedAndBinaryZerosInThemStay() throws Exception {
        ServerExchange exchange = start("$greeting : second",
                new TestExpander(Map.of("greeting", "Hello")));
        assertChallenge("Hello", exchange.next(null));
        assertChallenge("second", exchange.next(bytes("x")));
    }

    @Test
    void aFailedExpansionOfThePromptsDefers() throws Exception {
        AuthStep step = start("${fail}").next(null);
        assertEquals("\"if\" failed and \"fail\" requested", assertInstanceOf(AuthStep.Deferred.class, step).message());
        step = start("${error}").next(bytes("x"));
        assertEquals("unknown lookup type \"error\"", assertInstanceOf(AuthStep.Deferred.class, step).message());
    }

    @Test
    void noMoreThanTwentyStrings() throws Exception {
        String many = String.join("\0", Collections.nCopies(25, "x"));
        AuthStep.Success success = assertInstanceOf(AuthStep.Success.class, start(PLAIN).next(bytes(many)));
        assertEquals(20, success.values().size());
    }

    @Test
    void theStringsAreUtf8() throws Exception {
        assertSuccess(List.of("", "jürgen", "pässword"), start(PLAIN).next(bytes("\0jürgen\0pässword")));
    }

    private static ServerExchange start(String prompts) throws OptionValueException {
        return start(prompts, new TestExpander());
    }

    private static ServerExchange start(String prompts, Expander expander) throws OptionValueException {
        PlaintextAuthenticatorDriver driver = new PlaintextAuthenticatorDriver();
        OptionValues.Builder values = OptionValues.builder(driver.options());
        if (prompts != null) {
            values.set("server_prompts", prompts);
        }
        return driver.create(new DriverConfig("plain", values.build())).startServer(expander).orElseThrow();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertChallenge(String expected, AuthStep step) {
        assertArrayEquals(bytes(expected), assertInstanceOf(AuthStep.Challenge.class, step).data());
    }

    private static void assertSuccess(List<String> values, AuthStep step) {
        AuthStep.Success success = assertInstanceOf(AuthStep.Success.class, step);
        assertEquals(values, success.values());
        assertNull(success.id(), "the id is server_set_id's, the engine's");
    }
}
