package org.osprey.mta.transport.autoreply;

import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionTable;

/**
 * The autoreply transport's private options (Exim's autoreply_transport_options[] and its
 * defaults: every option unset, false or zero but {@code mode}, 0600). The strings are
 * expanded when a reply is made, in the context of the address being delivered.
 */
final class AutoreplyOptions {
    static final Option<String> BCC = Option.string("bcc").expanded();
    static final Option<String> CC = Option.string("cc").expanded();
    static final Option<String> FILE = Option.string("file").expanded();
    static final Option<Boolean> FILE_EXPAND = Option.bool("file_expand", false);
    static final Option<Boolean> FILE_OPTIONAL = Option.bool("file_optional", false);
    static final Option<String> FROM = Option.string("from").expanded();
    static final Option<String> HEADERS = Option.string("headers").expanded();
    static final Option<String> LOG = Option.string("log").expanded();
    static final Option<Integer> MODE = Option.octal("mode", 0600);
    static final Option<String> NEVER_MAIL = Option.string("never_mail").expanded();
    static final Option<String> ONCE = Option.string("once").expanded();
    static final Option<Integer> ONCE_FILE_SIZE = Option.integer("once_file_size", 0);
    static final Option<String> ONCE_REPEAT = Option.string("once_repeat").expanded();
    static final Option<String> REPLY_TO = Option.string("reply_to").expanded();
    static final Option<Boolean> RETURN_MESSAGE = Option.bool("return_message", false);
    static final Option<String> SUBJECT = Option.string("subject").expanded();
    static final Option<String> TEXT = Option.string("text").expanded();
    static final Option<String> TO = Option.string("to").expanded();

    static final OptionTable TABLE = OptionTable.of(BCC, CC, FILE, FILE_EXPAND, FILE_OPTIONAL, FROM, HEADERS, LOG,
            MODE, NEVER_MAIL, ONCE, ONCE_FILE_SIZE, ONCE_REPEAT, REPLY_TO, RETURN_MESSAGE, SUBJECT, TEXT, TO);

    private AutoreplyOptions() {
    }
}
