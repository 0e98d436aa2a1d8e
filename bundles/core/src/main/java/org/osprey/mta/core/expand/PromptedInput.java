package org.osprey.mta.core.expand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Exim's get_stdinput without readline, as {@code -be}, {@code -bt} and {@code -bv} read standard
 * input: a "> " prompt before each logical line, a trailing backslash continuing a line, lines
 * cut at the size of Exim's buffer; at the end a newline is printed. Lines are in the internal
 * byte form ({@link ByteStrings#internal}).
 */
public final class PromptedInput {
    private static final int LINE_BUFFER = 1024;
    private final BufferedReader in;
    private final PrintStream out;
    private final List<String> pending = new ArrayList<>();

    public PromptedInput(BufferedReader in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    /** The next logical line, or null at the end (after printing a newline). */
    public String read() throws IOException {
        out.print("> ");
        out.flush();
        StringBuilder g = null;
        for (int i = 0;; i++) {
            String chunk = nextChunk();
            if (chunk == null) {
                break;
            }
            int end = chunk.length();
            while (end > 0 && Chars.isSpace(chunk.charAt(end - 1))) {
                end--;
            }
            int start = 0;
            if (i > 0) {
                while (start < end && Chars.isSpace(chunk.charAt(start))) {
                    start++;
                }
            }
            if (g == null) {
                g = new StringBuilder();
            }
            g.append(chunk, start, end);
            if (end == start || g.charAt(g.length() - 1) != '\\') {
                break;
            }
            g.setLength(g.length() - 1);
        }
        if (g != null) {
            return g.toString();
        }
        out.print("\n");
        return null;
    }

    /** The next piece fgets would return: a line with its newline, cut to the size of Exim's buffer. */
    private String nextChunk() throws IOException {
        if (!pending.isEmpty()) {
            return pending.remove(0);
        }
        String line = in.readLine();
        if (line == null) {
            return null;
        }
        String bytes = ByteStrings.internal(line) + "\n";
        for (int i = 0; i < bytes.length(); i += LINE_BUFFER - 1) {
            pending.add(bytes.substring(i, Math.min(bytes.length(), i + LINE_BUFFER - 1)));
        }
        return pending.remove(0);
    }
}
