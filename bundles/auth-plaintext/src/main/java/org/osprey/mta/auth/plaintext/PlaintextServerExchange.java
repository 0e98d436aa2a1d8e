package org.osprey.mta.auth.plaintext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.kernel.auth.AuthStep;
import org.osprey.mta.kernel.auth.ServerExchange;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * The server side of one plaintext AUTH, as Exim's auth_plaintext_server with
 * auth_read_input and auth_prompt. The client's data are split at binary zeros into
 * strings ({@code $auth1}, {@code $auth2} ... and, for compatibility, {@code $1},
 * {@code $2} ...). Prompt number n of {@code server_prompts} is sent only while fewer
 * than n strings have come, so data given with the AUTH command, or several strings in one
 * answer, skip the prompts they answer. When the prompts run out the strings go to the
 * engine, which judges them with {@code server_condition}.
 */
final class PlaintextServerExchange implements ServerExchange {
    /** Exim's EXPAND_MAXN: no more strings than numbered variables. */
    static final int MAX_STRINGS = 20;

    private final String promptsText;
    private final Expander expander;
    private final List<String> strings = new ArrayList<>();
    private List<String> prompts;
    private int nextPrompt;

    PlaintextServerExchange(String promptsText, Expander expander) {
        this.promptsText = promptsText;
        this.expander = expander;
    }

    @Override
    public AuthStep next(byte[] response) {
        if (prompts == null) {
            try {
                prompts = promptsText == null ? List.of() : EximList.items(expander.expand(promptsText));
            } catch (ExpansionException e) {
                // Exim defers on any failure here, a forced one included.
                return new AuthStep.Deferred(e.getMessage());
            }
            if (response != null) {
                initialResponse(response);
            }
        } else {
            answer(response);
        }
        while (nextPrompt < prompts.size() && strings.size() < MAX_STRINGS) {
            String prompt = prompts.get(nextPrompt++);
            if (nextPrompt > strings.size()) {
                return new AuthStep.Challenge(prompt.getBytes(StandardCharsets.UTF_8));
            }
        }
        return new AuthStep.Success(strings, null);
    }

    /** auth_read_input: "=" (an empty array here) is one empty string; otherwise each zero ends a string. */
    private void initialResponse(byte[] data) {
        if (data.length == 0) {
            strings.add("");
            return;
        }
        int at = 0;
        while (at < data.length && strings.size() < MAX_STRINGS) {
            at = take(data, at);
        }
    }

    /** auth_prompt: an answer always gives at least one string, if only an empty one. */
    private void answer(byte[] data) {
        int at = 0;
        do {
            at = take(data, at);
        } while (at < data.length && strings.size() < MAX_STRINGS);
    }

    /** Adds the string that starts at {@code from}; returns where the next one starts. */
    private int take(byte[] data, int from) {
        int end = from;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        strings.add(new String(data, from, end - from, StandardCharsets.UTF_8));
        return end + 1;
    }
}
