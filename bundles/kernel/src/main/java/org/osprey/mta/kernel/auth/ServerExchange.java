package org.osprey.mta.kernel.auth;

/** The server side of one AUTH conversation. Not shared: one per AUTH command. */
@FunctionalInterface
public interface ServerExchange {

    /**
     * The next step, given what the client sent.
     *
     * @param response the client's data, base64-decoded: the initial response of the AUTH
     *        command on the first call ({@code null} when it gave none; an empty array for {@code =}),
     *        then the answer to the last challenge
     */
    AuthStep next(byte[] response);
}
