package org.osprey.mta.core.expand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * {@code mta -be}, as {@code exim -be}: each argument is expanded and printed; without
 * arguments, lines are read from standard input, each after a "> " prompt, a trailing backslash
 * continuing a line. Macros are replaced first, and a line starting with an upper-case letter
 * defines one ("Defined macro 'NAME'"). Errors print as "Failed: message". Output is written as
 * bytes, so that what Exim would print byte for byte is printed here too.
 */
public final class ExpansionTester {
    private final ExpansionEngine engine;
    private final ExpansionContext context;
    private final Map<String, String> macros = new LinkedHashMap<>();
    private final PrintStream out;
    private String lastCreated;

    private ExpansionTester(ExpansionEngine engine, ExpansionContext context, PrintStream out) {
        this.engine = engine;
        this.context = context;
        this.out = out;
        engine.environment().macros().forEach((k, v) -> {
            macros.put(ByteStrings.internal(k), ByteStrings.internal(v));
            lastCreated = ByteStrings.internal(k);
        });
    }

    /**
     * Runs {@code -be}. {@code context} holds what the caller knows of the invoking process
     * (Exim's -be has {@code sender_address}, {@code authenticated_id} ... of the calling user).
     *
     * @return the exit status (0, as Exim's)
     */
    public static int run(List<String> args, BufferedReader in, PrintStream out, ExpansionEnvironment env,
            ExpansionContext context) throws IOException {
        ExpansionTester tester = new ExpansionTester(new ExpansionEngine(env), context, out);
        if (!args.isEmpty()) {
            for (String arg : args) {
                tester.line(ByteStrings.internal(arg));
            }
        } else {
            PromptedInput input = new PromptedInput(in, out);
            for (String line = input.read(); line != null; line = input.read()) {
                tester.line(line);
            }
        }
        out.flush();
        return 0;
    }

    /** {@link #run(List, BufferedReader, PrintStream, ExpansionEnvironment, ExpansionContext)} with an empty context. */
    public static int run(List<String> args, BufferedReader in, PrintStream out, ExpansionEnvironment env)
            throws IOException {
        return run(args, in, out, env, ExpansionContext.empty());
    }

    /**
     * What Exim's -be knows of the user who runs it: {@code $sender_address} is the login at
     * the qualify domain, also {@code $authenticated_sender}; {@code $authenticated_id} is the
     * login; the caller's and originator's uid and gid.
     */
    public static ExpansionContext invokerContext(String login, long uid, long gid, ExpansionEnvironment env) {
        String qualify = env.settings().get("qualify_domain")
                .or(() -> env.settings().get("primary_hostname")).orElse("localhost");
        String sender = login + "@" + qualify;
        return ExpansionContext.empty().with(Map.of("sender_address", sender, "authenticated_sender", sender,
                "authenticated_id", login, "caller_uid", Long.toString(uid), "caller_gid", Long.toString(gid),
                "originator_uid", Long.toString(uid), "originator_gid", Long.toString(gid)));
    }

    /** Exim's expansion_test_line. */
    private void line(String raw) {
        String line = replaceMacros(raw);
        if (!line.isEmpty() && line.charAt(0) >= 'A' && line.charAt(0) <= 'Z') {
            String name = defineMacro(line);
            if (name != null) {
                print("Defined macro '" + name + "'");
            }
            return;
        }
        try {
            print(engine.compileInternal(line).expandBytes(context));
        } catch (ExpansionException e) {
            print("Failed: " + e.getMessage());
        }
    }

    private void print(String bytes) {
        byte[] b = ByteStrings.bytes(bytes + "\n");
        out.write(b, 0, b.length);
    }

    private String replaceMacros(String line) {
        int from = 0;
        int i = 0;
        while (i < line.length() && Chars.isSpace(line.charAt(i))) {
            i++;
        }
        if (i < line.length() && line.charAt(i) >= 'A' && line.charAt(i) <= 'Z') {
            int j = i;
            while (j < line.length() && (Chars.isAlnum(line.charAt(j)) || line.charAt(j) == '_')) {
                j++;
            }
            while (j < line.length() && Chars.isSpace(line.charAt(j))) {
                j++;
            }
            if (j < line.length() && line.charAt(j) == '=') {
                from = j;
            }
        }
        String result = line;
        for (Map.Entry<String, String> m : macros.entrySet()) {
            StringBuilder b = new StringBuilder(result.substring(0, from));
            int p = from;
            for (int at = result.indexOf(m.getKey(), p); at >= 0; at = result.indexOf(m.getKey(), p)) {
                b.append(result, p, at).append(m.getValue());
                p = at + m.getKey().length();
            }
            b.append(result.substring(p));
            result = b.toString();
        }
        return result;
    }

    /**
     * Exim's macro_read_assignment. Returns the name Exim then prints, which is that of the
     * macro created last (so a redefinition with "==" reports the last new macro, as Exim does),
     * or null when the line is not a valid definition.
     */
    private String defineMacro(String s) {
        int p = 0;
        while (p < s.length() && (Chars.isAlnum(s.charAt(p)) || s.charAt(p) == '_')) {
            p++;
        }
        String name = s.substring(0, p);
        while (p < s.length() && Chars.isSpace(s.charAt(p))) {
            p++;
        }
        if (p >= s.length() || s.charAt(p) != '=') {
            return null;
        }
        p++;
        boolean redefine = false;
        if (p < s.length() && s.charAt(p) == '=') {
            redefine = true;
            p++;
        }
        while (p < s.length() && Chars.isSpace(s.charAt(p))) {
            p++;
        }
        String value = s.substring(p);
        boolean exists = macros.containsKey(name);
        if (exists && !redefine) {
            return null;
        }
        for (String other : macros.keySet()) {
            if (!other.equals(name) && other.length() < name.length() && name.contains(other)) {
                return null;
            }
        }
        if (redefine && !exists) {
            return null;
        }
        macros.put(name, value);
        if (!exists) {
            lastCreated = name;
        }
        return lastCreated;
    }
}
