package org.osprey.mta.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.auth.plaintext.PlaintextAuthenticatorDriver;
import org.osprey.mta.core.config.ConfigLoader;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.DriverTables;
import org.osprey.mta.core.deliver.ConfiguredExpansion;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.registry.DriverService;

/**
 * The server side of AUTH with the real plaintext authenticator. The configuration is
 * src/test/resources/auth/configure, and every reply and log text expected here is what
 * Exim 4.96 answered and logged for the same command ({@code exim -bh 127.0.0.1}).
 */
class ConfiguredAuthenticatorsTest {
    private static final ExpansionContext LOCAL = ExpansionContext.empty()
            .with(Map.of("sender_host_address", "127.0.0.1"));

    @TempDir
    Path dir;
    private final DriverRegistry registry = new DriverRegistry();
    private ConfiguredAuthenticators auths;

    @BeforeEach
    void load() throws Exception {
        registry.add(new DriverService(DriverKind.AUTHENTICATOR, "plaintext", new PlaintextAuthenticatorDriver(), 0,
                1, "test"));
        Path file = dir.resolve("configure");
        try (InputStream in = getClass().getResourceAsStream("/auth/configure")) {
            Files.write(file, in.readAllBytes());
        }
        Configuration config = new ConfigLoader(DriverTables.of(registry)).hostName(() -> "test.example")
                .load(file, Map.of());
        registry.configure(config.toInstanceDefinitions());
        auths = ConfiguredAuthenticators.of(config, registry, new ConfiguredExpansion(config, null));
    }

    @Test
    void advertisesTheServersWhoseConditionsAllow() {
        assertEquals(List.of("PLAIN", "LOGIN", "BROKEN"), auths.mechanisms(LOCAL));
        assertEquals(List.of("PLAIN", "LOGIN", "BROKEN", "HIDDEN"),
                auths.mechanisms(ExpansionContext.empty().with(Map.of("sender_host_address", "127.0.0.2"))));
    }

    @Test
    void plainWithTheRightPassword() throws IOException {
        AuthOutcome outcome = plain("\0user\0secret");
        assertEquals("235 Authentication succeeded", outcome.reply());
        assertTrue(outcome.authenticated());
        assertEquals("user/secret//", outcome.authenticatedId());
        assertEquals("plain", outcome.authenticator());
        assertEquals(Map.of("auth1", "", "auth2", "user", "auth3", "secret"), outcome.variables());
        assertNull(outcome.logMessage());
    }

    @Test
    void numberedVariablesGoBeyondTheFourAuthVariables() throws IOException {
        AuthOutcome outcome = plain("\0ok\0x\0y\0z");
        assertEquals("235 Authentication succeeded", outcome.reply());
        assertEquals("ok/x/y/z", outcome.authenticatedId());
    }

    @Test
    void aWrongPasswordIsRefusedAndTheSetIdLogged() throws IOException {
        assertRefused("535 Incorrect authentication data",
                "535 Incorrect authentication data (set_id=user/wrong//)", plain("\0user\0wrong"));
        assertEquals("user/wrong//", plain("\0user\0wrong").authenticatedId(), "$authenticated_fail_id");
    }

    @Test
    void aConditionThatIsNeitherYesNorNoDefersAndTellsTheClient() throws IOException {
        assertRefused("435 Unable to authenticate at present: maybe",
                "435 Unable to authenticate at present (set_id=defer/x//): maybe", plain("\0defer\0x"));
    }

    @Test
    void aFailedExpansionOfTheConditionDefers() throws IOException {
        assertRefused("435 Unable to authenticate at present",
                "435 Unable to authenticate at present (set_id=err/x//): error in expression evaluation: divide by zero"
                        + " (after processing \"1/0\")", plain("\0err\0x"));
    }

    @Test
    void aForcedFailureOfTheConditionIsANo() throws IOException {
        assertRefused("535 Incorrect authentication data", "535 Incorrect authentication data (set_id=ff/x//)",
                plain("\0ff\0x"));
    }

    @Test
    void aSuccessWhoseSetIdFailsIsATemporaryErrorThatIsNotLogged() throws IOException {
        AuthOutcome outcome = plain("\0ok\0failid");
        assertRefused("435 Unable to authenticate at present", null, outcome);
        assertNull(outcome.authenticatedId());
    }

    @Test
    void theSetIdIsPrintableAndAnEmptyOneIsLeftOut() throws IOException {
        assertRefused("535 Incorrect authentication data", "535 Incorrect authentication data (set_id=no/x\\nnl//)",
                plain("\0no\0x\nnl"));
        assertRefused("535 Incorrect authentication data", "535 Incorrect authentication data (set_id=///)",
                plain("a\0"));
    }

    @Test
    void anInitialResponseOfEqualsIsOneEmptyString() throws IOException {
        Dialog dialog = new Dialog();
        assertRefused("535 Incorrect authentication data", "535 Incorrect authentication data (set_id=///)",
                auths.authenticate("PLAIN", "=", dialog, LOCAL));
        assertEquals(List.of(), dialog.challenges);
    }

    @Test
    void plainWithoutInitialResponseGetsAnEmptyChallenge() throws IOException {
        Dialog dialog = new Dialog(b64("\0user\0secret"));
        assertEquals("235 Authentication succeeded", auths.authenticate("plain", null, dialog, LOCAL).reply());
        assertEquals(List.of(""), dialog.challenges);
    }

    @Test
    void aStarCancels() throws IOException {
        Dialog dialog = new Dialog("*");
        assertRefused("501 Authentication cancelled", "501 Authentication cancelled",
                auths.authenticate("plain", null, dialog, LOCAL));
        assertEquals(List.of(""), dialog.challenges);
    }

    @Test
    void invalidBase64IsRefusedInTheCommandOrInAnAnswer() throws IOException {
        assertRefused("501 Invalid base64 data", "501 Invalid base64 data",
                auths.authenticate("PLAIN", "@@@", new Dialog(), LOCAL));
        Dialog dialog = new Dialog("@@");
        AuthOutcome outcome = auths.authenticate("LOGIN", b64("user"), dialog, LOCAL);
        assertRefused("501 Invalid base64 data", "501 Invalid base64 data", outcome);
        assertEquals("login", outcome.authenticator());
        assertEquals(List.of("UGFzc3dvcmQ6"), dialog.challenges);
    }

    @Test
    void loginPromptsForUserAndPassword() throws IOException {
        Dialog dialog = new Dialog(b64("user"), b64("secret"));
        AuthOutcome outcome = auths.authenticate("LOGIN", null, dialog, LOCAL);
        assertEquals("235 Authentication succeeded", outcome.reply());
        assertEquals("user", outcome.authenticatedId());
        assertEquals(List.of("VXNlcm5hbWU6", "UGFzc3dvcmQ6"), dialog.challenges);
    }

    @Test
    void aFailedExpansionOfThePromptsDefers() throws IOException {
        AuthOutcome outcome = auths.authenticate("BROKEN", null, new Dialog(), LOCAL);
        assertRefused("435 Unable to authenticate at present",
                "435 Unable to authenticate at present: \"if\" failed and \"fail\" requested", outcome);
        assertEquals("broken", outcome.authenticator());
    }

    @Test
    void mechanismsNotOfferedAreProtocolErrors() throws IOException {
        for (String mechanism : List.of("CLIENT", "HIDDEN", "cram-md5")) {
            AuthOutcome outcome = auths.authenticate(mechanism, null, new Dialog(), LOCAL);
            assertRefused("504 " + mechanism + " authentication mechanism not supported",
                    mechanism + " authentication mechanism not supported", outcome);
            assertNull(outcome.authenticator());
        }
        AuthOutcome hidden = auths.authenticate("HIDDEN", "=", new Dialog(),
                ExpansionContext.empty().with(Map.of("sender_host_address", "127.0.0.2")));
        assertEquals("235 Authentication succeeded", hidden.reply());
    }

    @Test
    void anAbsentDriverTakesItsAuthenticatorsAway() throws IOException {
        registry.remove(DriverKind.AUTHENTICATOR, 1);
        assertEquals(List.of(), auths.mechanisms(LOCAL));
        assertEquals("504 PLAIN authentication mechanism not supported",
                plain("\0user\0secret").reply());
        assertEquals(List.of(), auths.clientAuthenticators());
    }

    @Test
    void listsTheClients() {
        List<ClientAuthenticator> clients = auths.clientAuthenticators();
        assertEquals(1, clients.size());
        assertEquals("client", clients.get(0).name());
        assertEquals("CLIENT", clients.get(0).publicName());
        assertTrue(clients.get(0).authenticator().isClient());
    }

    @Test
    void mailAuthFollowsServerMailAuthCondition() {
        assertTrue(auths.mailAuthAccepted("plain", LOCAL), "no condition");
        assertTrue(auths.mailAuthAccepted("login", LOCAL.with(Map.of("authenticated_id", "user"))));
        assertFalse(auths.mailAuthAccepted("login", LOCAL.with(Map.of("authenticated_id", "other"))));
    }

    private AuthOutcome plain(String data) throws IOException {
        return auths.authenticate("PLAIN", b64(data), new Dialog(), LOCAL);
    }

    private static void assertRefused(String reply, String logMessage, AuthOutcome outcome) {
        assertEquals(reply, outcome.reply());
        assertFalse(outcome.authenticated());
        assertEquals(logMessage, outcome.logMessage());
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A client that answers the challenges from a script, and records them. */
    private static final class Dialog implements AuthDialog {
        final List<String> challenges = new ArrayList<>();
        private final Deque<String> answers;

        Dialog(String... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public String challenge(String base64Challenge) throws IOException {
            challenges.add(base64Challenge);
            String answer = answers.poll();
            if (answer == null) {
                throw new IOException("no answer scripted");
            }
            return answer;
        }
    }
}
