package org.osprey.mta.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.option.CNumbers;

/**
 * What Exim does with the main options once the main section has been read (the end of
 * readconf_main, and the checks exim.c makes before it reads the rest): the values it
 * works out ({@code primary_hostname}, {@code qualify_domain} ...), the limits it
 * enforces, the options it expands at once, and the refusals, in Exim's order and words.
 */
final class MainChecks {
    private static final List<String> SYSLOG_FACILITIES = List.of("mail", "user", "news", "uucp", "local0",
            "local1", "local2", "local3", "local4", "local5", "local6", "local7", "daemon");
    private static final int LOCALHOST_MAX = 16;
    private static final int MAX_PATH = 200;
    private static final int MAX_PROCESS_NAME = 32;

    private final ConfigValues values;
    private final Accounts accounts;
    private final Supplier<String> hostName;
    private final Function<ConfigValues, Expander> expanders;

    /**
     * @param expanders makes the expander for the values read so far (it needs
     *        {@code primary_hostname} and the like)
     */
    MainChecks(ConfigValues values, Accounts accounts, Supplier<String> hostName,
            Function<ConfigValues, Expander> expanders) {
        this.values = values;
        this.accounts = accounts;
        this.hostName = hostName;
        this.expanders = expanders;
    }

    void run() throws ConfigException {
        if (values.get(MainOptions.LOCAL_SENDER_RETAIN) && values.get(MainOptions.LOCAL_FROM_CHECK)) {
            throw ConfigException.main(
                    "both local_from_check and local_sender_retain are set; this combination is not allowed");
        }
        if ("".equals(values.get(MainOptions.TIMEZONE))) {
            values.put(MainOptions.TIMEZONE, null);
        }
        if (values.get(MainOptions.RETRY_INTERVAL_MAX).compareTo(Duration.ofDays(1)) > 0) {
            values.put(MainOptions.RETRY_INTERVAL_MAX, Duration.ofDays(1));
        }
        if (values.get(MainOptions.REMOTE_MAX_PARALLEL) <= 0) {
            values.put(MainOptions.REMOTE_MAX_PARALLEL, 1);
        }
        if (values.get(MainOptions.PRIMARY_HOSTNAME) == null) {
            values.put(MainOptions.PRIMARY_HOSTNAME, hostName.get());
        }
        String spool = values.get(MainOptions.SPOOL_DIRECTORY);
        if (spool == null || spool.isEmpty()) {
            throw ConfigException.main("spool_directory undefined: cannot proceed");
        }
        values.put(MainOptions.SPOOL_DIRECTORY, expand("spool_directory", spool));
        logFilePath();
        syslogFacility();
        String pid = values.get(MainOptions.PID_FILE_PATH);
        if (pid != null && !pid.isEmpty()) {
            values.put(MainOptions.PID_FILE_PATH, expand("pid_file_path", pid));
        }
        String processLog = values.get(MainOptions.PROCESS_LOG_PATH);
        if (processLog == null || processLog.isEmpty()) {
            values.put(MainOptions.PROCESS_LOG_PATH, values.get(MainOptions.SPOOL_DIRECTORY) + "/exim-process.info");
        }
        rateLimit(values.get(MainOptions.SMTP_RATELIMIT_MAIL));
        rateLimit(values.get(MainOptions.SMTP_RATELIMIT_RCPT));
        if (values.get(MainOptions.QUALIFY_DOMAIN) == null) {
            values.put(MainOptions.QUALIFY_DOMAIN, values.get(MainOptions.PRIMARY_HOSTNAME));
        }
        if (values.get(MainOptions.QUALIFY_RECIPIENT) == null) {
            values.put(MainOptions.QUALIFY_RECIPIENT, values.get(MainOptions.QUALIFY_DOMAIN));
        }
        systemFilterGroup();
        errorsReplyTo();
        if (values.get(MainOptions.SMTP_ACCEPT_MAX) == 0 && (values.get(MainOptions.SMTP_ACCEPT_QUEUE) > 0
                || values.get(MainOptions.SMTP_ACCEPT_MAX_PER_HOST) != null)) {
            throw ConfigException.general("smtp_accept_max must be set if smtp_accept_queue or "
                    + "smtp_accept_max_per_host is set");
        }
        localhostNumber();
        tls();
        LogSelectors.check(values.get(MainOptions.LOG_SELECTOR));
        lengths();
    }

    private String expand(String option, String value) throws ConfigException {
        try {
            return expanders.apply(values).expand(value);
        } catch (ExpansionException e) {
            throw ConfigException.main("failed to expand " + option + " \"" + value + "\": " + e.getMessage());
        }
    }

    /** Every path in log_file_path must have a %s, and no % but one %D or %M besides. */
    private void logFilePath() throws ConfigException {
        String path = values.get(MainOptions.LOG_FILE_PATH);
        if (path == null || path.isEmpty()) {
            return;
        }
        String s = expand("log_file_path", path);
        for (String item : ListItems.all(s, ':')) {
            if (item.isEmpty() || item.equals("syslog")) {
                continue;
            }
            int t = item.indexOf("%s");
            if (t < 0) {
                throw ConfigException.main("log_file_path \"" + item + "\" does not contain \"%s\"");
            }
            String rest = item.substring(0, t) + "X" + item.substring(t + 1);
            int percent = rest.indexOf('%');
            if (percent >= 0) {
                char next = AsciiChars.at(rest, percent + 1);
                if (next != 'D' && next != 'M' || rest.indexOf('%', percent + 2) >= 0) {
                    throw ConfigException.main("log_file_path \"" + s + "\" contains unexpected \"%\" character");
                }
            }
        }
        values.put(MainOptions.LOG_FILE_PATH, s);
    }

    private void syslogFacility() throws ConfigException {
        String facility = values.get(MainOptions.SYSLOG_FACILITY);
        if (facility == null) {
            return;
        }
        String s = facility.length() >= 4 && AsciiChars.startsWithIgnoreCase(facility, 0, "log_")
                ? facility.substring(4) : facility;
        if (!SYSLOG_FACILITIES.contains(s.toLowerCase(Locale.ROOT))) {
            throw ConfigException.general("failed to interpret syslog_facility \"" + facility + "\"");
        }
    }

    /** smtp_ratelimit_mail and _rcpt: threshold, initial delay, factor, limit. */
    private static void rateLimit(String value) throws ConfigException {
        if (value != null && !RateLimit.valid(value)) {
            throw ConfigException.main("malformed ratelimit data: " + value);
        }
    }

    /** A numeric system_filter_user without a group takes the user's group from the passwd file. */
    private void systemFilterGroup() throws ConfigException {
        Long uid = values.get(MainOptions.SYSTEM_FILTER_USER);
        if (uid == null || values.get(MainOptions.SYSTEM_FILTER_GROUP) != null) {
            return;
        }
        Accounts.User user = accounts.user(uid)
                .orElseThrow(() -> ConfigException.main("Failed to look up uid " + uid));
        values.put(MainOptions.SYSTEM_FILTER_GROUP, user.gid());
    }

    /** errors_reply_to must be an address with a domain (a display name and angle brackets allowed). */
    private void errorsReplyTo() throws ConfigException {
        String value = values.get(MainOptions.ERRORS_REPLY_TO);
        if (value == null) {
            return;
        }
        String address = value.strip();
        int open = address.lastIndexOf('<');
        if (open >= 0) {
            int close = address.indexOf('>', open);
            if (close < 0) {
                throw ConfigException.general("error in errors_reply_to (" + value + "): '>' missing at end of address");
            }
            address = address.substring(open + 1, close).strip();
        }
        if (address.isEmpty()) {
            throw ConfigException.general("error in errors_reply_to (" + value + "): empty address");
        }
        if (address.indexOf('@') < 0) {
            throw ConfigException.general("errors_reply_to (" + value + ") does not contain a domain");
        }
    }

    private void localhostNumber() throws ConfigException {
        String text = values.get(MainOptions.LOCALHOST_NUMBER);
        if (text == null) {
            return;
        }
        String s;
        try {
            s = expanders.apply(values).expand(text);
        } catch (ExpansionException e) {
            throw ConfigException.main("failed to expand localhost_number \"" + text + "\": " + e.getMessage());
        }
        CNumbers.Parsed n = CNumbers.strtol(s, 0, 0);
        int end = CNumbers.skipSpace(s, n.end());
        if (end < s.length()) {
            throw ConfigException.general("localhost_number value is not a number: " + s);
        }
        if (n.value() > LOCALHOST_MAX) {
            throw ConfigException.general("localhost_number is greater than the maximum allowed value ("
                    + LOCALHOST_MAX + ")");
        }
    }

    private void tls() throws ConfigException {
        boolean verify = values.get(MainOptions.TLS_VERIFY_HOSTS) != null;
        if ((verify || values.get(MainOptions.TLS_TRY_VERIFY_HOSTS) != null)
                && values.get(MainOptions.TLS_VERIFY_CERTIFICATES) == null) {
            throw ConfigException.general("tls_" + (verify ? "" : "try_")
                    + "verify_hosts is set, but tls_verify_certificates is not set");
        }
        if (values.get(MainOptions.TLS_DH_MAX_BITS) < 1024) {
            throw ConfigException.general("tls_dh_max_bits is too small, must be at least 1024 for interop");
        }
        if (values.get(MainOptions.OPENSSL_OPTIONS) != null) {
            throw ConfigException.general("openssl_options is set but we're using GnuTLS");
        }
    }

    private void lengths() throws ConfigException {
        String[][] paths = {
            {"log_file_path", values.get(MainOptions.LOG_FILE_PATH)},
            {"pid_file_path", values.get(MainOptions.PID_FILE_PATH)},
            {"spool_directory", values.get(MainOptions.SPOOL_DIRECTORY)},
        };
        for (String[] path : paths) {
            if (path[1] != null && path[1].length() > MAX_PATH) {
                throw ConfigException.main(path[0] + " is longer than " + MAX_PATH + " chars: aborting");
            }
        }
        String name = values.get(MainOptions.SYSLOG_PROCESSNAME);
        if (name != null && name.length() > MAX_PROCESS_NAME) {
            throw ConfigException.main("syslog_processname is longer than " + MAX_PROCESS_NAME + " chars: aborting");
        }
    }
}
