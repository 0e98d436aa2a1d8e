package org.osprey.mta.auth.plaintext;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.osprey.mta.kernel.auth.ClientChannel;
import org.osprey.mta.kernel.model.SmtpReply;

/** A server that answers each line with the next scripted reply ("334 xxx", "235 ok"), recording what it got. */
final class ScriptedServer implements ClientChannel {
    final List<String> received = new ArrayList<>();
    private final Deque<String> replies;

    ScriptedServer(String... replies) {
        this.replies = new ArrayDeque<>(List.of(replies));
    }

    @Override
    public SmtpReply send(String line) throws IOException {
        received.add(line);
        String reply = replies.poll();
        if (reply == null || reply.equals("EOF")) {
            throw new IOException("Connection reset by peer");
        }
        return new SmtpReply(Integer.parseInt(reply.substring(0, 3)), List.of(reply.length() > 4 ? reply.substring(4) : ""));
    }
}
