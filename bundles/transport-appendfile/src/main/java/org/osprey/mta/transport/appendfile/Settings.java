package org.osprey.mta.transport.appendfile;

import static org.osprey.mta.transport.appendfile.AppendfileOptions.BATCH_MAX;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.CHECK_STRING;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.CREATE_DIRECTORY;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.CREATE_FILE;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.DIRECTORY;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.DIRECTORY_MODE;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.ESCAPE_STRING;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.FILE;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.FILE_MUST_EXIST;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.LOCKFILE_MODE;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.LOCKFILE_TIMEOUT;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.LOCK_INTERVAL;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.LOCK_RETRIES;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.MAILDIR_FORMAT;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.MESSAGE_PREFIX;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.MESSAGE_SUFFIX;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.MODE;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.MODE_FAIL_NARROWER;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.QUOTA;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.QUOTA_IS_INCLUSIVE;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.USE_CRLF;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.USE_FCNTL_LOCK;
import static org.osprey.mta.transport.appendfile.AppendfileOptions.USE_LOCKFILE;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.kernel.driver.ConfigurationException;
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
 * @param quota the {@code quota} template, or null
 * @param lockRetries at least 1
 * @param dependsOnLocalPart a string option uses {@code $local_part} (Exim's readconf_depends)
 * @param dependsOnDomain a string option uses {@code $domain}
 */
record Settings(String name, String file, String directory, boolean maildir, boolean createDirectory,
        CreateFile createFile, int mode, int directoryMode, boolean fileMustExist, String checkString,
        String escapeString, String prefix, String suffix, int batchMax, boolean useCrlf, boolean modeFailNarrower,
        String quota, boolean quotaIsInclusive, boolean useLockfile, boolean useFcntl, int lockRetries,
        Duration lockInterval, int lockfileMode, Duration lockfileTimeout, boolean dependsOnLocalPart,
        boolean dependsOnDomain) {

    static Settings from(String name, OptionValues values) throws ConfigurationException {
        String file = values.text(FILE).orElse(null);
        String directory = values.text(DIRECTORY).orElse(null);
        if (file != null && directory != null) {
            throw new ConfigurationException(name + " transport: only one of \"file\" or \"directory\" can be specified");
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
        // Exim's init: the mailbox defaults apply when directory is unset and the format is not maildir.
        boolean mailboxDefaults = directory == null && !maildir;
        String check = values.isSet(CHECK_STRING) || mailboxDefaults ? values.get(CHECK_STRING) : "";
        String escape = values.isSet(ESCAPE_STRING) || mailboxDefaults ? values.get(ESCAPE_STRING) : "";
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
        return new Settings(name, file, directory, maildir, values.get(CREATE_DIRECTORY), createFile,
                values.get(MODE) & 0777, values.get(DIRECTORY_MODE) & 0777, values.get(FILE_MUST_EXIST), check,
                escape, prefix, suffix, values.get(BATCH_MAX), values.get(USE_CRLF), values.get(MODE_FAIL_NARROWER),
                values.text(QUOTA).orElse(null), values.get(QUOTA_IS_INCLUSIVE), useLockfile, useFcntl,
                retries == 0 ? 1 : retries, values.get(LOCK_INTERVAL), values.get(LOCKFILE_MODE) & 0777,
                values.get(LOCKFILE_TIMEOUT), depends(strings, "local_part"), depends(strings, "domain"));
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
