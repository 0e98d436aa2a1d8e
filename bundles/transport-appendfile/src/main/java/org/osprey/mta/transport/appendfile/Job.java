package org.osprey.mta.transport.appendfile;

import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.model.WriteOptions;

/**
 * One delivery, with the expansions known before writing done: what to write and where.
 *
 * @param path the expanded, absolute file or directory name
 * @param addressFile the delivery is of a file address made by redirection ({@code $address_file} set)
 * @param prefix the expanded message_prefix, as bytes (empty for none)
 * @param envelope the batched SMTP commands before the message (MAIL, RCPT, DATA); empty without use_bsmtp
 * @param suffix the expanded message_suffix, as bytes (empty for none)
 * @param trailer what ends a batched SMTP message (the dot line); empty without use_bsmtp
 * @param quota the limits of this delivery
 * @param storeEnvelope the mailstore envelope file's contents (prefix, sender, addresses, suffix); empty otherwise
 * @param givenSize {@code mailbox_size}: the mailbox's size to use instead of computing it; -1 when unset
 * @param givenFiles {@code mailbox_filecount}: its number of files to use; -1 when unset
 * @param useSizeFile maildir_use_size_file, evaluated
 * @param expander for what is expanded after writing ({@code maildir_tag}, with {@code $message_size})
 * @param home {@code $home}, or "" when there is none
 * @param hostname {@code $primary_hostname}, for lock and maildir file names
 * @param access the user the delivery acts for
 */
record Job(Settings settings, String path, boolean addressFile, Message message, WriteOptions writeOptions,
        byte[] prefix, byte[] envelope, byte[] suffix, byte[] trailer, byte[] storeEnvelope, Quota quota, long givenSize, long givenFiles, boolean useSizeFile,
        Expander expander, String home, String hostname, UserAccess access) {

    /**
     * What a successful delivery reports for the quota warning.
     *
     * @param mailboxSize the mailbox's size before the message, as the quota check saw it
     * @param written the bytes written (Exim's transport_count)
     * @param quotaDisabled the delivery went to a maildir folder that maildir_quota_directory_regex leaves out
     * @param offset where the message starts in a mailbox file (its size before), for comsat; 0 otherwise
     */
    record Written(long mailboxSize, long written, boolean quotaDisabled, long offset) {
        Written(long mailboxSize, long written, boolean quotaDisabled) {
            this(mailboxSize, written, quotaDisabled, 0);
        }
    }
}
