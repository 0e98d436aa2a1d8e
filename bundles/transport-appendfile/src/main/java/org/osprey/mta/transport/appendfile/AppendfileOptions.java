package org.osprey.mta.transport.appendfile;

import java.time.Duration;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionTable;

/**
 * The appendfile transport's private options: the single place their names, types and
 * defaults are written (Exim's appendfile_transport_options[] and its defaults block).
 *
 * <p>Four defaults depend on the form of delivery, as in Exim's init function: when
 * {@code directory} is unset and {@code maildir_format} is false, an unset
 * {@code check_string}, {@code escape_string}, {@code message_prefix} and
 * {@code message_suffix} take the mailbox ("BSD") values below; otherwise they are
 * empty. The table holds the mailbox values, which is what {@code -bP} shows.
 *
 * <p>With {@code use_bsmtp} the check and escape strings are forced to "." and ".."
 * (SMTP dot-stuffing, headers included) and the affixes have no default, as in Exim.
 *
 * <p>{@code use_flock_lock} is accepted only when false: the JVM has no flock(2), so a
 * setting of true is refused with Exim's own message for a binary built without flock().
 *
 * <p>{@code lock_flock_timeout} is accepted and has no effect, since flock is never used.
 * {@code mbx_format} and {@code use_mbx_lock} are absent, as they are from Exim 4.96 as
 * Debian builds it (without SUPPORT_MBX), so the configuration reader refuses them as
 * unknown, as Exim does.
 */
final class AppendfileOptions {
    /** The mailbox-file default of message_prefix (Exim's, word for word). */
    static final String MAILBOX_PREFIX = "From ${if def:return_path{$return_path}{MAILER-DAEMON}} ${tod_bsdinbox}\n";

    static final Option<Integer> BATCH_MAX = Option.integer("batch_max", 1);
    /** Exim's default quota_warn_message, set when quota_warn_threshold is. */
    static final String WARN_MESSAGE = "To: $local_part@$domain\n"
            + "Subject: Your mailbox\n\n"
            + "This message is automatically created by mail delivery software (Exim).\n\n"
            + "The size of your mailbox has exceeded a warning threshold that is\n"
            + "set by the system administrator.\n";

    static final Option<Boolean> ALLOW_FIFO = Option.bool("allow_fifo", false);
    static final Option<Boolean> ALLOW_SYMLINK = Option.bool("allow_symlink", false);
    /** A generic-looking option of Exim's table that the engine's batching reads (as Exim's deliver.c does). */
    static final Option<String> BATCH_ID = Option.string("batch_id").expanded();
    static final Option<Boolean> CHECK_GROUP = Option.bool("check_group", false);
    static final Option<Boolean> CHECK_OWNER = Option.bool("check_owner", true);
    static final Option<String> CHECK_STRING = Option.string("check_string", "From ");
    static final Option<Boolean> CREATE_DIRECTORY = Option.bool("create_directory", true);
    static final Option<String> CREATE_FILE = Option.string("create_file", "anywhere");
    static final Option<String> DIRECTORY = Option.string("directory").expanded();
    /** The name of a message file in a plain directory; {@code $inode} is the file's inode number. */
    static final Option<String> DIRECTORY_FILE = Option.string("directory_file", "q${base62:$tod_epoch}-$inode")
            .expanded();
    static final Option<Integer> DIRECTORY_MODE = Option.octal("directory_mode", 0700);
    static final Option<String> ESCAPE_STRING = Option.string("escape_string", ">From ");
    static final Option<String> FILE = Option.string("file").expanded();
    static final Option<Boolean> FILE_MUST_EXIST = Option.bool("file_must_exist", false);
    /** Exim's hidden, older spelling of an expanded maildir_use_size_file. */
    static final Option<String> EXPAND_MAILDIR_USE_SIZE_FILE = Option.string("expand_maildir_use_size_file")
            .expanded();
    /** A list of "text : transport" pairs naming the transport by an existing file's first line. */
    static final Option<String> FILE_FORMAT = Option.string("file_format");
    static final Option<Duration> LOCK_FCNTL_TIMEOUT = Option.time("lock_fcntl_timeout", Duration.ZERO);
    static final Option<Duration> LOCK_FLOCK_TIMEOUT = Option.time("lock_flock_timeout", Duration.ZERO);
    static final Option<Duration> LOCK_INTERVAL = Option.time("lock_interval", Duration.ofSeconds(3));
    static final Option<Integer> LOCK_RETRIES = Option.integer("lock_retries", 10);
    static final Option<Integer> LOCKFILE_MODE = Option.octal("lockfile_mode", 0600);
    static final Option<Duration> LOCKFILE_TIMEOUT = Option.time("lockfile_timeout", Duration.ofMinutes(30));
    static final Option<String> MAILBOX_FILECOUNT = Option.string("mailbox_filecount").expanded();
    static final Option<String> MAILBOX_SIZE = Option.string("mailbox_size").expanded();
    static final Option<Boolean> MAILDIR_FORMAT = Option.bool("maildir_format", false);
    static final Option<String> MAILDIR_QUOTA_DIRECTORY_REGEX = Option.string("maildir_quota_directory_regex",
            "^(?:cur|new|\\..*)$");
    static final Option<Integer> MAILDIR_RETRIES = Option.integer("maildir_retries", 10);
    static final Option<String> MAILDIR_TAG = Option.string("maildir_tag").expanded();
    /** Exim's opt_expand_bool: true/false/yes/no, or a string expanded at delivery. */
    static final Option<String> MAILDIR_USE_SIZE_FILE = Option.string("maildir_use_size_file", "false");
    static final Option<String> MAILDIRFOLDER_CREATE_REGEX = Option.string("maildirfolder_create_regex");
    static final Option<Boolean> MAILSTORE_FORMAT = Option.bool("mailstore_format", false);
    static final Option<String> MAILSTORE_PREFIX = Option.string("mailstore_prefix").expanded();
    static final Option<String> MAILSTORE_SUFFIX = Option.string("mailstore_suffix").expanded();
    static final Option<String> MESSAGE_PREFIX = Option.string("message_prefix", MAILBOX_PREFIX).expanded();
    static final Option<String> MESSAGE_SUFFIX = Option.string("message_suffix", "\n").expanded();
    static final Option<Integer> MODE = Option.octal("mode", 0600);
    static final Option<Boolean> MODE_FAIL_NARROWER = Option.bool("mode_fail_narrower", true);
    static final Option<Boolean> NOTIFY_COMSAT = Option.bool("notify_comsat", false);
    static final Option<String> QUOTA = Option.string("quota").expanded();
    static final Option<String> QUOTA_DIRECTORY = Option.string("quota_directory").expanded();
    static final Option<String> QUOTA_FILECOUNT = Option.string("quota_filecount").expanded();
    static final Option<Boolean> QUOTA_IS_INCLUSIVE = Option.bool("quota_is_inclusive", true);
    static final Option<String> QUOTA_SIZE_REGEX = Option.string("quota_size_regex");
    static final Option<String> QUOTA_WARN_MESSAGE = Option.string("quota_warn_message").expanded();
    static final Option<String> QUOTA_WARN_THRESHOLD = Option.string("quota_warn_threshold").expanded();
    static final Option<Boolean> USE_BSMTP = Option.bool("use_bsmtp", false);
    static final Option<Boolean> USE_CRLF = Option.bool("use_crlf", false);
    static final Option<Boolean> USE_FCNTL_LOCK = Option.bool("use_fcntl_lock", true);
    static final Option<Boolean> USE_FLOCK_LOCK = Option.bool("use_flock_lock", false);
    static final Option<Boolean> USE_LOCKFILE = Option.bool("use_lockfile", true);

    static final OptionTable TABLE = OptionTable.of(EXPAND_MAILDIR_USE_SIZE_FILE, ALLOW_FIFO, ALLOW_SYMLINK,
            BATCH_ID, BATCH_MAX, CHECK_GROUP, CHECK_OWNER, CHECK_STRING, CREATE_DIRECTORY, CREATE_FILE, DIRECTORY,
            DIRECTORY_FILE, DIRECTORY_MODE, ESCAPE_STRING, FILE, FILE_FORMAT, FILE_MUST_EXIST, LOCK_FCNTL_TIMEOUT,
            LOCK_FLOCK_TIMEOUT, LOCK_INTERVAL, LOCK_RETRIES, LOCKFILE_MODE, LOCKFILE_TIMEOUT, MAILBOX_FILECOUNT,
            MAILBOX_SIZE, MAILDIR_FORMAT, MAILDIR_QUOTA_DIRECTORY_REGEX, MAILDIR_RETRIES, MAILDIR_TAG,
            MAILDIR_USE_SIZE_FILE, MAILDIRFOLDER_CREATE_REGEX, MAILSTORE_FORMAT, MAILSTORE_PREFIX, MAILSTORE_SUFFIX,
            MESSAGE_PREFIX, MESSAGE_SUFFIX, MODE, MODE_FAIL_NARROWER, NOTIFY_COMSAT, QUOTA, QUOTA_DIRECTORY, QUOTA_FILECOUNT, QUOTA_IS_INCLUSIVE,
            QUOTA_SIZE_REGEX, QUOTA_WARN_MESSAGE, QUOTA_WARN_THRESHOLD, USE_BSMTP, USE_CRLF, USE_FCNTL_LOCK,
            USE_FLOCK_LOCK, USE_LOCKFILE);

    private AppendfileOptions() {
    }
}
