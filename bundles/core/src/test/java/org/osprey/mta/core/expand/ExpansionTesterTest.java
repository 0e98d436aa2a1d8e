package org.osprey.mta.core.expand;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code -be}: the standard-input session recorded from Exim 4.96, arguments, configuration macros. */
class ExpansionTesterTest {
    private static final ExpansionEnvironment ENV = ExpansionEnvironment.of(Settings.of(Map.of("primary_hostname", "test.example")));

    private static String run(List<String> args, String input, ExpansionEnvironment env) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = ExpansionTester.run(args, new BufferedReader(new StringReader(input)), out, env);
        assertEquals(0, status);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSessionOnStandardInputPrintsWhatEximPrints() throws IOException {
        String input = resource("/expand/stdin-session.txt");
        String expected = resource("/expand/stdin-session.out");
        assertEquals(expected, run(List.of(), input, ENV));
    }

    @Test
    void eachArgumentIsExpandedWithoutPrompts() throws IOException {
        assertEquals("abc\nFailed: unknown variable name \"nosuch\"\ntest.example\n",
                run(List.of("${lc:ABC}", "$nosuch", "$primary_hostname"), "", ENV));
    }

    @Test
    void anEmptyInputPrintsThePromptAndANewline() throws IOException {
        assertEquals("> \n", run(List.of(), "", ENV));
    }

    @Test
    void macrosOfTheConfigurationAreReplaced() throws IOException {
        Map<String, String> macros = new LinkedHashMap<>();
        macros.put("DOMAIN", "example.org");
        ExpansionEnvironment env = new ExpansionEnvironment() {
            @Override
            public Settings settings() {
                return ENV.settings();
            }

            @Override
            public Map<String, String> macros() {
                return macros;
            }
        };
        assertEquals("> example.org\n> Defined macro 'OTHER'\n> example.org!\n> \n",
                run(List.of(), "${lc:DOMAIN}\nOTHER = DOMAIN!\nOTHER\n", env));
    }

    @Test
    void theInvokerIsTheSenderAsInExim() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ExpansionTester.run(List.of("$sender_address $authenticated_id $caller_uid"), new BufferedReader(new StringReader("")),
                out, ENV, ExpansionTester.invokerContext("joe", 1000, 100, ENV));
        assertEquals("joe@test.example joe 1000\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void bytesThatAreNotUtf8ComeOutAsTheyAre() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ExpansionTester.run(List.of("${from_utf8:h\u00e9}"), new BufferedReader(new StringReader("")), out, ENV);
        assertEquals("h\u00e9\n", bytes.toString(StandardCharsets.ISO_8859_1));
    }

    private static String resource(String name) throws IOException {
        try (var in = ExpansionTesterTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
