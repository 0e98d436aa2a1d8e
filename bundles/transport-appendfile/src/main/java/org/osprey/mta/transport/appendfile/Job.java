package org.osprey.mta.transport.appendfile;

import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.model.WriteOptions;

/**
 * One delivery, with every expansion already done: what to write and where.
 *
 * @param path the expanded, absolute file or directory name
 * @param addressFile the delivery is of a file address made by redirection ({@code $address_file} set)
 * @param prefix the expanded message_prefix, as bytes (empty for none)
 * @param suffix the expanded message_suffix, as bytes (empty for none)
 * @param home {@code $home}, or "" when there is none
 * @param hostname {@code $primary_hostname}, for lock and maildir file names
 */
record Job(Settings settings, String path, boolean addressFile, Message message, WriteOptions writeOptions,
        byte[] prefix, byte[] suffix, Quota quota, String home, String hostname) {
}
