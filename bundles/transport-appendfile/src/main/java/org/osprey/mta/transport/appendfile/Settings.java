package org.osprey.mta.transport.appendfile;

import static org.osprey.mta.transport.appendfile.AppendfileOptions.ALLOW_FIFO;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.ALLOW_SYMLINK;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.BATCH_MAX;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.CHECK_GROUP;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.CHECK_OWNER;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.CHECK_STRING;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.CREATE_DIRECTORY;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.CREATE_FILE;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.DIRECTORY;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.DIRECTORY_FILE;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.DIRECTORY_MODE;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.EXPAND_MAILDIR_USE_SIZE_FILE;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.ESCAPE_STRING;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.FILE;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.FILE_FORMAT;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.FILE_MUST_EXIST;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.LOCK_FCNTL_TIMEOUT;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.MAILBOX_FILECOUNT;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.MAILBOX_SIZE;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.MAILDIRFOLDER_CREATE_REGEX;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.MAILSTORE_FORMAT;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.MAILSTORE_PREFIX;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.MAILSTORE_SUFFIX;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.NOTIFY_COMSAT;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.LOCKFILE_MODE;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.LOCKFILE_TIMEOUT;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.LOCK_INTERVAL;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.LOCK_RETRIES;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.MAILDIR_FORMAT;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.MAILDIR_QUOTA_DIRECTORY_REGEX;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.MAILDIR_RETRIES;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.MAILDIR_TAG;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.MAILDIR_USE_SIZE_FILE;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.MESSAGE_PREFIX;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.MESSAGE_SUFFIX;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.MODE;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.MODE_FAIL_NARROWER;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.QUOTA;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.QUOTA_DIRECTORY;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.QUOTA_FILECOUNT;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.QUOTA_IS_INCLUSIVE;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.QUOTA_SIZE_REGEX;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.QUOTA_WARN_MESSAGE;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.QUOTA_WARN_THRESHOLD;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.USE_BSMTP;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.USE_CRLF;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.USE_FCNTL_LOCK;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.USE_FLOCK_LOCK;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.USE_LOCKFILE;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.option.EximList;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionType;
import org.osprey.mta.kernel.option.OptionValues;

/**
 * One configured appendfile instance, its options read and checked once, as Exim's
 * appendfile_transport_init does: only one of file and directory, some locking, a valid
 * create_file, and the mailbox defaults of the four affix and escape options. Immutable.
 *
 * @param name the instance name, for messages
 * @param file the {@code file} template, or null
 * @param directory the {@code directory} template, or null
 * @param prefix the {@code message_prefix} template, or null for none
 * @param suffix the {@code message_suffix} template, or null for none
 * @param checkString the literal check string ("" for none)
 * @param escapeString its replacement
 * @param mode the permission bits of created files (only 0777 is honoured)
 * @param directoryMode the permission bits of created directories, before the umask
 * @param createFile where files may be created
 * @param quota the quota options
 * @param bsmtp {@code use_bsmtp}: each delivery is written as a batched SMTP transaction
 * @param checkOwner an existing mailbox must belong to the delivery's uid
 * @param checkGroup an existing mailbox must belong to the delivery's gid
 * @param maildirTag the {@code maildir_tag} template, or null
 * @param maildirRetries tries at opening a new file in {@code tmp}
 * @param lockRetries at least 1
 * @param lockFcntlTimeout how long one fcntl lock attempt may wait (zero: it does not wait)
 * @param forms the options of the other delivery forms and file kinds
 * @param dependsOnLocalPart a string option uses {@code $local_part} (Exim's readconf_depends)
 * @param dependsOnDomain a string option uses {@code $domain}
 */
record Settings(String name, String file, String directory, boolean maildir, boolean createDirectory,
        CreateFile createFile, int mode, int directoryMode, boolean fileMustExist, String checkString,
        String escapeString, String prefix, String suffix, int batchMax, boolean useCrlf, boolean modeFailNarrower,
        QuotaOptions quota, boolean bsmtp, boolean checkOwner, boolean checkGroup, String maildirTag,
        int maildirRetries, boolean useLockfile, boolean useFcntl, int lockRetries, Duration lockInterval,
        int lockfileMode, Duration lockfileTimeout, Duration lockFcntlTimeout, Forms forms,
        boolean dependsOnLocalPart, boolean dependsOnDomain) {

    /**
     * The options that choose what kind of file is written and how it is named.
     *
     * @param allowFifo a mailbox may be a named pipe, written without locks or quota
     * @param allowSymlink a mailbox may be a symbolic link (its owner is checked, then its target)
     * @param notifyComsat tell the biff service of a delivery to a mailbox file
     * @param directoryFile the {@code directory_file} template (plain directory deliveries), or null for
 *        the default, whose value ({@code q${base62:$tod_epoch}-$inode}) is computed without an expander
     * @param maildirfolderCreate {@code maildirfolder_create_regex}, or null
     * @param mailstore {@code mailstore_format}
     * @param mailstorePrefix the {@code mailstore_prefix} template, or null
     * @param mailstoreSuffix the {@code mailstore_suffix} template, or null
     * @param fileFormat {@code file_format}: pairs of first-line text and transport name; empty when unset
     */
    record Forms(boolean allowFifo, boolean allowSymlink, boolean notifyComsat, String directoryFile,
            Pattern maildirfolderCreate, boolean mailstore, String mailstorePrefix, String mailstoreSuffix,
            List<String[]> fileFormat) {
    }

    static Settings from(String name, OptionValues values) throws ConfigurationException {
        String file = values.text(FILE).orElse(null);
        String directory = values.text(DIRECTORY).orElse(null);
        if (file != null && directory != null) {
            throw new ConfigurationException(name + " transport: only one of \"file\" or \"directory\" can be specified");
        }
        if (file != null && values.isSet(QUOTA_FILECOUNT)) {
            throw new ConfigurationException(name
                    + " transport: quota_filecount must not be set without \"directory\"");
        }
        if (file != null && values.isSet(QUOTA_DIRECTORY)) {
            throw new ConfigurationException(name
                    + " transport: quota_directory must not be set without \"directory\"");
        }
        if (values.get(USE_FLOCK_LOCK)) {
            // Exim's words for a binary built with NO_FLOCK: the JVM cannot call flock(2).
            throw new ConfigurationException(name + " transport: flock() support was not available in the "
                    + "operating system when this binary was built");
        }
        boolean useLockfile = values.get(USE_LOCKFILE);
        boolean useFcntl = values.get(USE_FCNTL_LOCK);
        if (!useLockfile && !useFcntl) {
            throw new ConfigurationException(name + " transport: no locking configured");
        }
        CreateFile createFile = CreateFile.parse(values.get(CREATE_FILE));
        if (createFile == null) {
            throw new ConfigurationException("invalid value given for \"create_file\" for the " + name
                    + " transport: '" + values.get(CREATE_FILE) + "'");
        }
        boolean maildir = values.get(MAILDIR_FORMAT);
        boolean mailstore = values.get(MAILSTORE_FORMAT);
        if (directory != null && maildir && mailstore) {
            throw new ConfigurationException(name + " transport:\n  only one of maildir and mailstore may be specified");
        }
        if (directory != null && (values.isSet(QUOTA_FILECOUNT) || values.isSet(QUOTA_DIRECTORY))
                && !values.isSet(QUOTA)) {
            throw new ConfigurationException(name + " transport: quota must be set if "
                    + (values.isSet(QUOTA_FILECOUNT) ? "quota_filecount" : "quota_directory") + " is set");
        }
        boolean bsmtp = values.get(USE_BSMTP);
        // Exim's init: batched SMTP forces "." and ".." (written as dot-stuffing); otherwise
        // the mailbox defaults apply when directory is unset and the format is not maildir.
        boolean mailboxDefaults = !bsmtp && directory == null && !maildir && !mailstore;
        String check = bsmtp ? "" : values.isSet(CHECK_STRING) || mailboxDefaults ? values.get(CHECK_STRING) : "";
        String escape = bsmtp ? "" : values.isSet(ESCAPE_STRING) || mailboxDefaults ? values.get(ESCAPE_STRING) : "";
        String prefix = values.text(MESSAGE_PREFIX).orElse(mailboxDefaults ? MESSAGE_PREFIX.defaultValue() : null);
        String suffix = values.text(MESSAGE_SUFFIX).orElse(mailboxDefaults ? MESSAGE_SUFFIX.defaultValue() : null);
        int retries = values.get(LOCK_RETRIES);

        List<String> strings = new ArrayList<>();
        for (Option<?> option : values.table().options()) {
            if (option.type() == OptionType.STRING) {
                values.text(option).ifPresent(strings::add);
            }
        }
        if (prefix != null && !values.isSet(MESSAGE_PREFIX)) {
            strings.add(prefix);
        }
        String threshold = values.text(QUOTA_WARN_THRESHOLD).orElse(null);
        String warnMessage = values.text(QUOTA_WARN_MESSAGE)
                .orElse(threshold != null ? AppendfileOptions.WARN_MESSAGE : null);
        QuotaOptions quota = new QuotaOptions(values.text(QUOTA).orElse(null),
                values.text(QUOTA_FILECOUNT).orElse(null), threshold, warnMessage, values.get(QUOTA_IS_INCLUSIVE),
                regex(values.text(QUOTA_SIZE_REGEX).orElse(null)),
                values.text(QUOTA_DIRECTORY).orElse(null),
                regex(values.get(MAILDIR_QUOTA_DIRECTORY_REGEX)),
                values.text(EXPAND_MAILDIR_USE_SIZE_FILE).orElse(sizeFile(name, values.get(MAILDIR_USE_SIZE_FILE))),
                values.text(MAILBOX_SIZE).orElse(null), values.text(MAILBOX_FILECOUNT).orElse(null));
        Forms forms = new Forms(values.get(ALLOW_FIFO), values.get(ALLOW_SYMLINK), values.get(NOTIFY_COMSAT),
                values.isSet(DIRECTORY_FILE) ? values.text(DIRECTORY_FILE).orElse(null) : null, regex(values.text(MAILDIRFOLDER_CREATE_REGEX).orElse(null)), mailstore,
                values.text(MAILSTORE_PREFIX).orElse(null), values.text(MAILSTORE_SUFFIX).orElse(null),
                fileFormat(values.text(FILE_FORMAT).orElse(null)));
        return new Settings(name, file, directory, maildir, values.get(CREATE_DIRECTORY), createFile,
                values.get(MODE) & 0777, values.get(DIRECTORY_MODE) & 0777, values.get(FILE_MUST_EXIST), check,
                escape, prefix, suffix, values.get(BATCH_MAX), values.get(USE_CRLF), values.get(MODE_FAIL_NARROWER),
                quota, bsmtp, values.get(CHECK_OWNER), values.get(CHECK_GROUP), values.text(MAILDIR_TAG).orElse(null),
                Math.max(1, values.get(MAILDIR_RETRIES)), useLockfile, useFcntl,
                retries == 0 ? 1 : retries, values.get(LOCK_INTERVAL), values.get(LOCKFILE_MODE) & 0777,
                values.get(LOCKFILE_TIMEOUT), useFcntl ? values.get(LOCK_FCNTL_TIMEOUT) : Duration.ZERO, forms,
                depends(strings, "local_part"), depends(strings, "domain"));
    }

    /** file_format's colon list, read as pairs; a last text without a transport never matches, as in Exim. */
    private static List<String[]> fileFormat(String text) {
        List<String[]> pairs = new ArrayList<>();
        if (text == null) {
            return pairs;
        }
        List<String> items = EximList.items(text);
        for (int i = 0; i + 1 < items.size(); i += 2) {
            pairs.add(new String[] {items.get(i), items.get(i + 1)});
        }
        return pairs;
    }

    /** A regular expression option (PCRE in Exim, java.util.regex here); a bad one is refused when read. */
    private static Pattern regex(String text) throws ConfigurationException {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new ConfigurationException("appendfile: regular expression error: " + e.getDescription()
                    + " at offset " + e.getIndex() + " while compiling " + text);
        }
    }

    /**
     * maildir_use_size_file as Exim reads an opt_expand_bool: a value starting with "$" is
     * kept to be expanded at delivery; otherwise it must be true, false, yes or no. The
     * result is a constant "true" or "false", or the template.
     */
    private static String sizeFile(String name, String text) throws ConfigurationException {
        if (text.startsWith("$")) {
            return text;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("yes")) {
            return "true";
        }
        if (lower.equals("false") || lower.equals("no")) {
            return "false";
        }
        throw new ConfigurationException("\"" + text + "\" is not a valid value for the \"maildir_use_size_file\" "
                + "option in the " + name + " transport");
    }

    /**
     * Exim's readconf_depends: the first occurrence of the name in some option's text comes
     * straight after {@code $} or <code>{</code> and is not followed by a letter or digit.
     * So {@code $local_part_data} counts as using {@code $local_part}, as it does in Exim.
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
