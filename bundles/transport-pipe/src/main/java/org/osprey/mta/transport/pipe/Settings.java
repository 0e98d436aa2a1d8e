package org.osprey.mta.transport.pipe;

import static org.osprey.mta.transport.pipe.PipeOptions.ALLOW_COMMANDS;
import static org.osprey.mta.transport.pipe.PipeOptions.CHECK_STRING;
import static org.osprey.mta.transport.pipe.PipeOptions.COMMAND;
import static org.osprey.mta.transport.pipe.PipeOptions.ENVIRONMENT;
import static org.osprey.mta.transport.pipe.PipeOptions.ESCAPE_STRING;
import static org.osprey.mta.transport.pipe.PipeOptions.FORCE_COMMAND;
import static org.osprey.mta.transport.pipe.PipeOptions.FREEZE_EXEC_FAIL;
import static org.osprey.mta.transport.pipe.PipeOptions.FREEZE_SIGNAL;
import static org.osprey.mta.transport.pipe.PipeOptions.IGNORE_STATUS;
import static org.osprey.mta.transport.pipe.PipeOptions.LOG_DEFER_OUTPUT;
import static org.osprey.mta.transport.pipe.PipeOptions.LOG_FAIL_OUTPUT;
import static org.osprey.mta.transport.pipe.PipeOptions.LOG_OUTPUT;
import static org.osprey.mta.transport.pipe.PipeOptions.MAX_OUTPUT;
import static org.osprey.mta.transport.pipe.PipeOptions.MESSAGE_PREFIX;
import static org.osprey.mta.transport.pipe.PipeOptions.MESSAGE_SUFFIX;
import static org.osprey.mta.transport.pipe.PipeOptions.PATH;
import static org.osprey.mta.transport.pipe.PipeOptions.PERMIT_COREDUMP;
import static org.osprey.mta.transport.pipe.PipeOptions.RESTRICT_TO_PATH;
import static org.osprey.mta.transport.pipe.PipeOptions.RETURN_FAIL_OUTPUT;
import static org.osprey.mta.transport.pipe.PipeOptions.RETURN_OUTPUT;
import static org.osprey.mta.transport.pipe.PipeOptions.TEMP_ERRORS;
import static org.osprey.mta.transport.pipe.PipeOptions.TIMEOUT;
import static org.osprey.mta.transport.pipe.PipeOptions.TIMEOUT_DEFER;
import static org.osprey.mta.transport.pipe.PipeOptions.UMASK;
import static org.osprey.mta.transport.pipe.PipeOptions.USE_BSMTP;
import static org.osprey.mta.transport.pipe.PipeOptions.USE_CRLF;
import static org.osprey.mta.transport.pipe.PipeOptions.USE_SHELL;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.option.EximList;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionType;
import org.osprey.mta.kernel.option.OptionValues;

/**
 * One configured pipe instance, its options read and checked once, as Exim's
 * pipe_transport_init does (the messages are Exim's). Immutable.
 *
 * @param name the instance name, for messages
 * @param command the {@code command} option as written, or null
 * @param prefix the {@code message_prefix} template, or null for none
 * @param suffix the {@code message_suffix} template, or null for none
 * @param checkString the check string, "" for none (always "" with BSMTP, which dot-stuffs)
 * @param tempErrors null for {@code *} (every status defers), else the statuses that defer
 * @param timeout zero for none
 * @param maxOutput bytes of output beyond which the command is killed
 * @param dependsOnLocalPart an option uses {@code $local_part} (Exim's readconf_depends)
 * @param dependsOnDomain an option uses {@code $domain}
 */
record Settings(String name, String command, boolean useShell, String path, String environment,
        String allowCommands, boolean restrictToPath, boolean forceCommand, boolean ignoreStatus,
        List<Integer> tempErrors, Duration timeout, boolean timeoutDefer, boolean freezeExecFail,
        boolean freezeSignal, int maxOutput, boolean returnOutput, boolean returnFailOutput, boolean logOutput,
        boolean logFailOutput, boolean logDeferOutput, boolean useBsmtp,
        String prefix, String suffix, String checkString, String escapeString, boolean useCrlf, int umask,
        boolean permitCoredump, boolean dependsOnLocalPart, boolean dependsOnDomain) {

    static Settings from(String name, OptionValues values) throws ConfigurationException {
        if (values.get(RETURN_OUTPUT) && values.get(RETURN_FAIL_OUTPUT)) {
            throw new ConfigurationException("both return_output and return_fail_output set for " + name
                    + " transport");
        }
        if (values.get(LOG_OUTPUT) && values.get(LOG_FAIL_OUTPUT)) {
            throw new ConfigurationException("both log_output and log_fail_output set for the " + name
                    + " transport");
        }
        boolean useShell = values.get(USE_SHELL);
        if (values.get(RESTRICT_TO_PATH) && useShell) {
            throw new ConfigurationException("both restrict_to_path and use_shell set for " + name + " transport");
        }
        String allowCommands = values.text(ALLOW_COMMANDS).orElse(null);
        if (allowCommands != null && useShell) {
            throw new ConfigurationException("both allow_commands and use_shell set for " + name + " transport");
        }
        List<Integer> tempErrors = tempErrors(name, values.get(TEMP_ERRORS));
        boolean bsmtp = values.get(USE_BSMTP);
        String prefix = values.text(MESSAGE_PREFIX).orElse(bsmtp ? null : MESSAGE_PREFIX.defaultValue());
        String suffix = values.text(MESSAGE_SUFFIX).orElse(bsmtp ? null : MESSAGE_SUFFIX.defaultValue());
        // BSMTP: Exim forces "." and ".." in headers and body, which is SMTP dot-stuffing.
        String check = bsmtp ? "" : values.text(CHECK_STRING).orElse("");
        String escape = bsmtp ? "" : values.text(ESCAPE_STRING).orElse("");

        List<String> strings = new ArrayList<>();
        for (Option<?> option : values.table().options()) {
            if (option.type() == OptionType.STRING) {
                values.text(option).ifPresent(strings::add);
            }
        }
        if (prefix != null && !values.isSet(MESSAGE_PREFIX)) {
            strings.add(prefix);
        }
        return new Settings(name, values.text(COMMAND).orElse(null), useShell, values.text(PATH).orElse(PATH.defaultValue()),
                values.text(ENVIRONMENT).orElse(null), allowCommands, values.get(RESTRICT_TO_PATH),
                values.get(FORCE_COMMAND), values.get(IGNORE_STATUS), tempErrors, values.get(TIMEOUT),
                values.get(TIMEOUT_DEFER), values.get(FREEZE_EXEC_FAIL), values.get(FREEZE_SIGNAL),
                values.get(MAX_OUTPUT), values.get(RETURN_OUTPUT), values.get(RETURN_FAIL_OUTPUT), values.get(LOG_OUTPUT),
                values.get(LOG_FAIL_OUTPUT), values.get(LOG_DEFER_OUTPUT), bsmtp, prefix,
                suffix, check, escape, values.get(USE_CRLF), values.get(UMASK) & 0777, values.get(PERMIT_COREDUMP),
                depends(strings, "local_part"), depends(strings, "domain"));
    }

    /** Whether an exit status is a temporary error. */
    boolean isTemporary(int status) {
        return tempErrors == null || tempErrors.contains(status);
    }

    /** Exim allows digits, colons and spaces, or a lone asterisk. */
    private static List<Integer> tempErrors(String name, String text) throws ConfigurationException {
        if (text.equals("*")) {
            return null;
        }
        if (!text.chars().allMatch(c -> c >= '0' && c <= '9' || c == ':' || c == ' ')) {
            throw new ConfigurationException("temp_errors must be a list of numbers or an asterisk for the "
                    + name + " transport");
        }
        List<Integer> codes = new ArrayList<>();
        for (String item : EximList.nonEmptyItems(text)) {
            // Exim's Uatoi: the digits before the first non-digit.
            int end = 0;
            while (end < item.length() && Character.isDigit(item.charAt(end))) {
                end++;
            }
            codes.add(end == 0 ? 0 : Integer.parseInt(item.substring(0, Math.min(end, 9))));
        }
        return List.copyOf(codes);
    }

    /**
     * Exim's readconf_depends: the first occurrence of the name in some option's text comes
     * straight after {@code $} or <code>{</code> and is not followed by a letter or digit.
     */
    static boolean depends(List<String> texts, String variable) {
        for (String text : texts) {
            int at = text.indexOf(variable);
            if (at <= 0) {
                continue;
            }
            char before = text.charAt(at - 1);
            int after = at + variable.length();
            boolean alnumAfter = after < text.length() && isAsciiAlnum(text.charAt(after));
            if ((before == '$' || before == '{') && !alnumAfter) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAsciiAlnum(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
