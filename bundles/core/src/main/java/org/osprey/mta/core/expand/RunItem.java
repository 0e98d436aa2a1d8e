package org.osprey.mta.core.expand;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * {@code ${run{command args}{yes}{no}}}: runs a command without a shell (split like a pipe
 * transport's command, each argument expanded after the split unless {@code ,preexpand}),
 * nothing on its standard input, only the environment Exim keeps, its output (standard error
 * included) into $value and its status into $runrc. The command is killed after 60 seconds.
 * Nothing runs while skipping.
 */
record RunItem(String raw, Node command, YesNo yesNo) implements Node {
    private static final long TIMEOUT_SECONDS = 60;

    @Override
    public String eval(Evaluation ev, boolean skipping) throws ExpansionException {
        String text = command == null ? raw : command.eval(ev, skipping);
        if (skipping) {
            ev.setRunrc(0);
            ev.setValue(null);
        } else {
            List<String> argv = split(text);
            if (command == null) {
                for (int i = 0; i < argv.size(); i++) {
                    try {
                        argv.set(i, ev.engine().expandNested(ev, argv.get(i)));
                    } catch (ExpansionException e) {
                        throw ExpansionException.error("Expansion of \"" + argv.get(i)
                                + "\" from command \"" + text + "\" in ${run} expansion failed: " + e.getMessage());
                    }
                }
            }
            if (argv.isEmpty()) {
                ev.setValue("");
                ev.setRunrc(127);
            } else {
                execute(ev, argv);
            }
        }
        return yesNo.apply(ev, skipping, ev.runrc() == 0, ev.value(), "run");
    }

    private static void execute(Evaluation ev, List<String> argv) throws ExpansionException {
        List<String> external = new ArrayList<>();
        for (String a : argv) {
            external.add(ByteStrings.external(a));
        }
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(external).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(ev.engine().environment().environmentVariables());
            process = builder.start();
        } catch (IOException e) {
            ev.setValue("");
            ev.setRunrc(127);
            return;
        }
        try (InputStream in = process.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                if (System.nanoTime() > deadline || out.size() > 16 * 1024 * 1024) {
                    process.destroyForcibly();
                    throw ExpansionException.error("command timed out");
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw ExpansionException.error("command timed out");
            }
            ev.setValue(ByteStrings.of(out.toByteArray()));
            ev.setRunrc(process.exitValue());
        } catch (IOException e) {
            ev.setValue("");
            ev.setRunrc(127);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw ExpansionException.error("command timed out");
        }
    }

    /** Splits a command as the pipe transport does: white space separates, quotes group, backslash escapes. */
    static List<String> split(String s) {
        List<String> argv = new ArrayList<>();
        int p = 0;
        int n = s.length();
        while (true) {
            while (p < n && Chars.isSpace(s.charAt(p))) {
                p++;
            }
            if (p >= n) {
                return argv;
            }
            StringBuilder arg = new StringBuilder();
            if (s.charAt(p) == '\'') {
                p++;
                while (p < n && s.charAt(p) != '\'') {
                    arg.append(s.charAt(p++));
                }
                p++;
            } else if (s.charAt(p) == '"') {
                p++;
                while (p < n && s.charAt(p) != '"') {
                    if (s.charAt(p) == '\\' && p + 1 < n) {
                        int[] end = new int[1];
                        arg.append(Escapes.interpret(s, p, end));
                        p = end[0];
                    } else {
                        arg.append(s.charAt(p++));
                    }
                }
                p++;
            } else {
                while (p < n && !Chars.isSpace(s.charAt(p))) {
                    arg.append(s.charAt(p++));
                }
            }
            argv.add(arg.toString());
        }
    }
}
