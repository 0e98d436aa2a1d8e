package org.osprey.mta.kernel.auth;

import java.io.IOException;
import org.osprey.mta.kernel.model.SmtpReply;

/** The client side's view of an SMTP connection while it authenticates. */
@FunctionalInterface
public interface ClientChannel {

    /**
     * Sends one command line (without CR LF) and reads the reply.
     *
     * @throws IOException when the connection fails or times out
     */
    SmtpReply send(String line) throws IOException;
}
