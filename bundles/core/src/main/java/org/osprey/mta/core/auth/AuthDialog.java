package org.osprey.mta.core.auth;

import java.io.IOException;

/** The session's side of an AUTH exchange. */
@FunctionalInterface
public interface AuthDialog {

    /**
     * Sends {@code 334 <challenge>} and returns the client's answer line (still base64, without
     * CR LF; {@code "*"} when the client cancels).
     */
    String challenge(String base64Challenge) throws IOException;
}
