package org.osprey.mta.transport.appendfile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Directory work shared by the forms of delivery. */
final class Directories {
    private Directories() {
    }

    /**
     * Exim's directory_make: walks an absolute path from the root and creates each missing
     * directory with {@code mode} (less the umask, as mkdir(2) does), as the delivery's
     * user: only where that user may, and owned by that user.
     */
    static void make(Path dir, int mode, UserAccess access) throws IOException {
        Path current = dir.getRoot();
        for (Path part : dir) {
            Path parent = current;
            current = current.resolve(part);
            access.mayLookIn(parent); // what the user cannot see, the user cannot make either
            if (!Files.exists(current)) {
                access.mayCreateIn(parent);
                try {
                    Files.createDirectory(current, FileFacts.creationMode(mode));
                } catch (FileAlreadyExistsException e) {
                    continue; // made by someone else meanwhile, or a file: the caller finds out which
                }
                access.own(current);
            }
        }
    }

    /** fsync(2) of a directory, so that a name just made in it survives a crash. */
    static void sync(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
