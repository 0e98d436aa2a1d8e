package org.osprey.mta.auth.plaintext;

import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionTable;

/**
 * The private options of the plaintext authenticator, as Exim 4.96's auths/plaintext.c has
 * them. {@code server_condition}, which makes an instance a server, is a generic option and
 * the engine's.
 */
final class PlaintextOptions {
    /** On the client side, take a 334 challenge that is not valid base64 as an empty string instead of giving up. */
    static final Option<Boolean> CLIENT_IGNORE_INVALID_BASE64 = Option.bool("client_ignore_invalid_base64", false);
    /** The client's strings, a list: the first goes with the AUTH command, the others answer challenges. Each item is expanded on its own. */
    static final Option<String> CLIENT_SEND = Option.string("client_send").expanded();
    /** The server's challenges, a list, expanded as a whole before it is split. */
    static final Option<String> SERVER_PROMPTS = Option.string("server_prompts").expanded();

    static final OptionTable TABLE = OptionTable.of(CLIENT_IGNORE_INVALID_BASE64, CLIENT_SEND, SERVER_PROMPTS);

    private PlaintextOptions() {
    }
}
