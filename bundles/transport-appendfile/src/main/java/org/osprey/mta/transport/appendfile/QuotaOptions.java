package org.osprey.mta.transport.appendfile;

import java.util.regex.Pattern;

/**
 * The quota options as configured (templates, expanded at each delivery as Exim's setup
 * entry does).
 *
 * @param quota {@code quota}, or null
 * @param filecount {@code quota_filecount}, or null (only with {@code directory})
 * @param warnThreshold {@code quota_warn_threshold}, or null
 * @param warnMessage {@code quota_warn_message}: Exim's default when a threshold is set, else null
 * @param inclusive {@code quota_is_inclusive}
 * @param sizeRegex {@code quota_size_regex}: its first group is a file's size, read from its name; or null
 * @param directory {@code quota_directory}, or null
 * @param maildirDirectoryRegex {@code maildir_quota_directory_regex}, or null
 * @param useSizeFile {@code maildir_use_size_file}: "true", "false", or a template to expand
 * @param mailboxSize {@code mailbox_size}: the mailbox's size, given instead of computed; or null
 * @param mailboxFilecount {@code mailbox_filecount}: its number of files, given; or null
 */
record QuotaOptions(String quota, String filecount, String warnThreshold, String warnMessage, boolean inclusive,
        Pattern sizeRegex, String directory, Pattern maildirDirectoryRegex, String useSizeFile,
        String mailboxSize, String mailboxFilecount) {
}
