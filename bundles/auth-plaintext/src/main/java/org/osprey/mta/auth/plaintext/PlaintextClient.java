package org.osprey.mta.auth.plaintext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osprey.mta.kernel.auth.ClientChannel;
import org.osprey.mta.kernel.auth.ClientResult;
import org.osprey.mta.kernel.auth.ClientResult.Status;
import org.osprey.mta.kernel.auth.EximBase64;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.model.SmtpReply;

/**
 * The client side of one plaintext AUTH, as Exim's auth_plaintext_client with
 * auth_client_item. Each item of {@code client_send} is expanded when its turn comes
 * (with the server's decoded challenges so far in {@code $auth1}..{@code $auth4}), a
 * {@code ^} in the result becomes a binary zero ({@code ^^} a single {@code ^}), and the
 * bytes go out in base64: the first item on the AUTH command line, each later one as the
 * answer to a 334 challenge. A 2xx reply ends it with success at any point; giving up after
 * a challenge sends {@code *}.
 */
final class PlaintextClient {
    /** Exim's AUTH_VARS: the challenges kept for $auth1 to $auth4. */
    private static final int AUTH_VARS = 4;

    private final String name;
    private final String mechanism;
    private final String clientSend;
    private final boolean ignoreInvalidBase64;
    private final ClientChannel channel;
    private final Expander expander;

    PlaintextClient(String name, String mechanism, String clientSend, boolean ignoreInvalidBase64,
            ClientChannel channel, Expander expander) {
        this.name = name;
        this.mechanism = mechanism;
        this.clientSend = clientSend;
        this.ignoreInvalidBase64 = ignoreInvalidBase64;
        this.channel = channel;
        this.expander = expander;
    }

    ClientResult run() {
        List<String> items = EximList.items(clientSend);
        Map<String, String> challenges = new HashMap<>();
        try {
            for (int i = 0; i < items.size(); i++) {
                boolean first = i == 0;
                String item = items.get(i);
                String expanded;
                try {
                    expanded = expander.with(challenges).expand(item);
                } catch (ExpansionException e) {
                    if (!first) {
                        cancel();
                    }
                    return e.isForcedFailure() ? new ClientResult(Status.CANCELLED, "")
                            : new ClientResult(Status.ERROR, "expansion of \"" + item + "\" failed in " + name
                                    + " authenticator: " + e.getMessage());
                }
                String data = Base64.getEncoder().encodeToString(withZeros(expanded));
                SmtpReply reply = channel.send(first ? "AUTH " + mechanism + (data.isEmpty() ? "" : " " + data) : data);
                if (reply.code() / 100 == 2) {
                    return new ClientResult(Status.OK, "");
                }
                if (reply.code() / 100 != 3) {
                    return new ClientResult(reply.code() / 100 == 5 ? Status.FAIL : Status.DEFER, reply.toString());
                }
                if (i == items.size() - 1) {
                    cancel();
                    return new ClientResult(Status.ERROR, "Too few items in client_send in " + name + " authenticator");
                }
                String text = reply.lines().isEmpty() ? "" : reply.lines().get(0);
                byte[] challenge = EximBase64.decode(text);
                if (challenge == null) {
                    if (!ignoreInvalidBase64) {
                        cancel();
                        return new ClientResult(Status.CANCELLED,
                                "Invalid base64 string in server response \"" + reply.code() + " " + text + "\"");
                    }
                    challenge = new byte[0];
                }
                if (challenges.size() < AUTH_VARS) {
                    challenges.put("auth" + (challenges.size() + 1), new String(challenge, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            return new ClientResult(Status.DEFER, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        // client_send was an empty list: nothing was sent.
        return new ClientResult(Status.FAIL, "");
    }

    /**
     * Abandons the exchange after a challenge with {@code *}, reading the server's answer.
     * What comes of it does not matter: the result is already decided.
     */
    private void cancel() {
        try {
            channel.send("*");
        } catch (IOException e) {
            // The connection is lost as well; the caller's result stands.
        }
    }

    /**
     * The expanded item's bytes with each {@code ^} made a binary zero and {@code ^^} a single
     * {@code ^}, so that {@code ^^^} is {@code ^} then a zero, as in Exim.
     */
    static byte[] withZeros(String expanded) {
        byte[] in = expanded.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] != '^') {
                out.write(in[i]);
            } else if (i + 1 < in.length && in[i + 1] == '^') {
                out.write('^');
                i++;
            } else {
                out.write(0);
            }
        }
        return out.toByteArray();
    }
}
