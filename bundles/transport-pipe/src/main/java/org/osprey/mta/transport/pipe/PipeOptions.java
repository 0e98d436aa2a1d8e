package org.osprey.mta.transport.pipe;

import java.time.Duration;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionTable;

/**
 * The pipe transport's private options: the single place their names, types and defaults
 * are written (Exim's pipe_transport_options[] and pipe_transport_option_defaults).
 *
 * <p>{@code message_prefix} and {@code message_suffix} have Exim's init-time defaults
 * (the "From " line and a newline) unless {@code use_bsmtp} is set, when an unset one is
 * empty; {@code use_bsmtp} also replaces {@code check_string} and {@code escape_string}
 * by SMTP dot-stuffing. The table holds the non-BSMTP values, which {@code -bP} shows.
 *
 * <p>{@code pipe_as_creator} is read but has no effect: the kernel does not say who
 * created a message (the command runs as the delivery's user, see {@link RunAs}).
 * {@code use_classresources} is absent, as it is from Exim on Linux.
 */
final class PipeOptions {
    /** The default message_prefix, Exim's word for word. */
    static final String FROM_LINE = "From ${if def:return_path{$return_path}{MAILER-DAEMON}} ${tod_bsdinbox}\n";
    /** EX_TEMPFAIL and EX_CANTCREAT. */
    static final String TEMP_ERRORS_DEFAULT = "75:73";

    static final Option<String> ALLOW_COMMANDS = Option.string("allow_commands").expanded();
    static final Option<String> BATCH_ID = Option.string("batch_id").expanded();
    static final Option<Integer> BATCH_MAX = Option.integer("batch_max", 1);
    static final Option<String> CHECK_STRING = Option.string("check_string");
    static final Option<String> COMMAND = Option.string("command").expanded();
    static final Option<String> ENVIRONMENT = Option.string("environment").expanded();
    static final Option<String> ESCAPE_STRING = Option.string("escape_string");
    static final Option<Boolean> FORCE_COMMAND = Option.bool("force_command", false);
    static final Option<Boolean> FREEZE_EXEC_FAIL = Option.bool("freeze_exec_fail", false);
    static final Option<Boolean> FREEZE_SIGNAL = Option.bool("freeze_signal", false);
    static final Option<Boolean> IGNORE_STATUS = Option.bool("ignore_status", false);
    static final Option<Boolean> LOG_DEFER_OUTPUT = Option.bool("log_defer_output", false);
    static final Option<Boolean> LOG_FAIL_OUTPUT = Option.bool("log_fail_output", false);
    static final Option<Boolean> LOG_OUTPUT = Option.bool("log_output", false);
    static final Option<Integer> MAX_OUTPUT = Option.integer("max_output", 20480);
    static final Option<String> MESSAGE_PREFIX = Option.string("message_prefix", FROM_LINE).expanded();
    static final Option<String> MESSAGE_SUFFIX = Option.string("message_suffix", "\n").expanded();
    static final Option<String> PATH = Option.string("path", "/bin:/usr/bin").expanded();
    static final Option<Boolean> PERMIT_COREDUMP = Option.bool("permit_coredump", false);
    static final Option<Boolean> PIPE_AS_CREATOR = Option.bool("pipe_as_creator", false);
    static final Option<Boolean> RESTRICT_TO_PATH = Option.bool("restrict_to_path", false);
    static final Option<Boolean> RETURN_FAIL_OUTPUT = Option.bool("return_fail_output", false);
    static final Option<Boolean> RETURN_OUTPUT = Option.bool("return_output", false);
    static final Option<String> TEMP_ERRORS = Option.string("temp_errors", TEMP_ERRORS_DEFAULT);
    static final Option<Duration> TIMEOUT = Option.time("timeout", Duration.ofHours(1));
    static final Option<Boolean> TIMEOUT_DEFER = Option.bool("timeout_defer", false);
    static final Option<Integer> UMASK = Option.octal("umask", 022);
    static final Option<Boolean> USE_BSMTP = Option.bool("use_bsmtp", false);
    static final Option<Boolean> USE_CRLF = Option.bool("use_crlf", false);
    static final Option<Boolean> USE_SHELL = Option.bool("use_shell", false);

    static final OptionTable TABLE = OptionTable.of(ALLOW_COMMANDS, BATCH_ID, BATCH_MAX, CHECK_STRING, COMMAND,
            ENVIRONMENT, ESCAPE_STRING, FORCE_COMMAND, FREEZE_EXEC_FAIL, FREEZE_SIGNAL, IGNORE_STATUS,
            LOG_DEFER_OUTPUT, LOG_FAIL_OUTPUT, LOG_OUTPUT, MAX_OUTPUT, MESSAGE_PREFIX, MESSAGE_SUFFIX, PATH,
            PERMIT_COREDUMP, PIPE_AS_CREATOR, RESTRICT_TO_PATH, RETURN_FAIL_OUTPUT, RETURN_OUTPUT, TEMP_ERRORS,
            TIMEOUT, TIMEOUT_DEFER, UMASK, USE_BSMTP, USE_CRLF, USE_SHELL);

    private PipeOptions() {
    }
}
