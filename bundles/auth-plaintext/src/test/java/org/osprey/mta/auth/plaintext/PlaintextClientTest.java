package org.osprey.mta.auth.plaintext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.auth.Authenticator;
import org.osprey.mta.kernel.auth.ClientResult;
import org.osprey.mta.kernel.auth.ClientResult.Status;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.option.OptionValueException;
import org.osprey.mta.kernel.option.OptionValues;

/** The client side: what goes on the wire and how each kind of answer ends it (Exim's auth_client_item). */
class PlaintextClientTest {
    private final Expander expander = new TestExpander(Map.of("user", "user", "password", "secret"));

    @Test
    void plainSendsEverythingWithTheAuthCommand() throws Exception {
        ScriptedServer server = new ScriptedServer("235 Authentication succeeded");
        ClientResult result = client("^$user^$password", false).authenticate("PLAIN", server, expander);
        assertEquals(new ClientResult(Status.OK, ""), result);
        assertEquals(List.of("AUTH PLAIN AHVzZXIAc2VjcmV0"), server.received);
    }

    @Test
    void loginAnswersEachChallenge() throws Exception {
        ScriptedServer server = new ScriptedServer("334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", "235 ok");
        ClientResult result = client(": $user : $password", false).authenticate("LOGIN", server, expander);
        assertEquals(Status.OK, result.status());
        assertEquals(List.of("AUTH LOGIN", "dXNlcg==", "c2VjcmV0"), server.received);
    }

    @Test
    void laterItemsSeeTheDecodedChallengesAsAuthVariables() throws Exception {
        ScriptedServer server = new ScriptedServer("334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", "235 ok");
        client(": $auth1 : $auth2", false).authenticate("LOGIN", server, expander);
        assertEquals(List.of("AUTH LOGIN", b64("Username:"), b64("Password:")), server.received);
    }

    /** The same exchange with Exim 4.96 as the client wrote exactly these lines. */
    @Test
    void asEximSendsItToAScriptedServer() throws Exception {
        ScriptedServer server = new ScriptedServer("334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", "334 eA==",
                "501 cancelled");
        ClientResult result = client(": user : $auth1 : extra", false).authenticate("LOGIN", server, expander);
        assertEquals(new ClientResult(Status.FAIL, "501 cancelled"), result);
        assertEquals(List.of("AUTH LOGIN", "dXNlcg==", "VXNlcm5hbWU6", "ZXh0cmE="), server.received);

        server = new ScriptedServer("334 VXNlcm5hbWU6", "334 not-base64!", "501 cancelled");
        assertEquals(Status.CANCELLED,
                client(": user : $auth1 : extra", false).authenticate("LOGIN", server, expander).status());
        assertEquals(List.of("AUTH LOGIN", "dXNlcg==", "*"), server.received);
    }

    @Test
    void aRefusalFailsWithTheServersReply() throws Exception {
        ScriptedServer server = new ScriptedServer("535 Incorrect authentication data");
        assertEquals(new ClientResult(Status.FAIL, "535 Incorrect authentication data"),
                client("^user^wrong", false).authenticate("PLAIN", server, expander));
    }

    @Test
    void aTemporaryRefusalDefers() throws Exception {
        ScriptedServer server = new ScriptedServer("334 ", "435 Unable to authenticate at present");
        assertEquals(new ClientResult(Status.DEFER, "435 Unable to authenticate at present"),
                client(": ^user^secret", false).authenticate("PLAIN", server, expander));
        assertEquals(List.of("AUTH PLAIN", "AHVzZXIAc2VjcmV0"), server.received);
    }

    @Test
    void aChallengeAfterTheLastItemIsCancelled() throws Exception {
        ScriptedServer server = new ScriptedServer("334 UGFzc3dvcmQ6", "501 Authentication cancelled");
        assertEquals(new ClientResult(Status.ERROR, "Too few items in client_send in login authenticator"),
                client("user", false).authenticate("LOGIN", server, expander));
        assertEquals(List.of("AUTH LOGIN dXNlcg==", "*"), server.received);
    }

    @Test
    void anInvalidChallengeCancelsUnlessIgnored() throws Exception {
        ScriptedServer server = new ScriptedServer("334 not base64!", "501 Authentication cancelled");
        assertEquals(new ClientResult(Status.CANCELLED, "Invalid base64 string in server response \"334 not base64!\""),
                client(": user : secret", false).authenticate("LOGIN", server, expander));
        assertEquals(List.of("AUTH LOGIN", "*"), server.received);

        server = new ScriptedServer("334 not base64!", "235 ok");
        assertEquals(Status.OK, client(": [$auth1]", true).authenticate("LOGIN", server, expander).status());
        assertEquals(List.of("AUTH LOGIN", b64("[]")), server.received);
    }

    @Test
    void aForcedFailureCancelsQuietly() throws Exception {
        ScriptedServer server = new ScriptedServer();
        assertEquals(new ClientResult(Status.CANCELLED, ""),
                client("${fail}", false).authenticate("PLAIN", server, expander));
        assertEquals(List.of(), server.received, "nothing was sent");

        server = new ScriptedServer("334 ", "501 Authentication cancelled");
        assertEquals(new ClientResult(Status.CANCELLED, ""),
                client(": ${fail}", false).authenticate("PLAIN", server, expander));
        assertEquals(List.of("AUTH PLAIN", "*"), server.received);
    }

    @Test
    void anExpansionErrorIsAnError() throws Exception {
        ScriptedServer server = new ScriptedServer();
        assertEquals(new ClientResult(Status.ERROR,
                "expansion of \"$nosuch\" failed in login authenticator: unknown variable name \"nosuch\""),
                client("$nosuch", false).authenticate("LOGIN", server, expander));
    }

    @Test
    void aLostConnectionDefers() throws Exception {
        ScriptedServer server = new ScriptedServer("EOF");
        ClientResult result = client("^user^secret", false).authenticate("PLAIN", server, expander);
        assertEquals(new ClientResult(Status.DEFER, "Connection reset by peer"), result);
    }

    @Test
    void caretsBecomeZerosAndDoubledCaretsOneCaret() {
        assertArrayEquals(new byte[] {0, 'u', 0, 'p'}, PlaintextClient.withZeros("^u^p"));
        assertArrayEquals(new byte[] {'a', '^', 'b'}, PlaintextClient.withZeros("a^^b"));
        assertArrayEquals(new byte[] {'^', 0}, PlaintextClient.withZeros("^^^"));
        assertArrayEquals(new byte[] {'^', '^'}, PlaintextClient.withZeros("^^^^"));
        assertArrayEquals(new byte[] {'x', 0}, PlaintextClient.withZeros("x^"));
    }

    @Test
    void isAClientOnlyWithClientSend() throws Exception {
        assertTrue(client("^a^b", false).isClient());
        PlaintextAuthenticatorDriver driver = new PlaintextAuthenticatorDriver();
        Authenticator serverOnly = driver.create(new DriverConfig("p", OptionValues.builder(driver.options()).build()));
        assertFalse(serverOnly.isClient());
    }

    private static Authenticator client(String clientSend, boolean ignoreInvalidBase64) throws OptionValueException {
        PlaintextAuthenticatorDriver driver = new PlaintextAuthenticatorDriver();
        OptionValues.Builder values = OptionValues.builder(driver.options()).set("client_send", clientSend);
        if (ignoreInvalidBase64) {
            values.set("client_ignore_invalid_base64", "true");
        }
        return driver.create(new DriverConfig("login", values.build()));
    }

    private static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
