package org.osprey.mta.transport.appendfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * {@code file_format}: Exim's check_file_format. The first 256 bytes of an existing mailbox
 * are compared with each text of the list; the first that the file starts with names the
 * transport for the file. An empty file is this transport's. When the text matches this
 * transport, the delivery goes on; when no text matches, Exim's "mailbox file format
 * unrecognized". Exim then hands the delivery to the transport named; a driver here cannot
 * call another transport, so a file of another format defers with a message naming it.
 */
final class FileFormat {
    private FileFormat() {
    }

    static void check(List<String[]> formats, String transport, String filename)
            throws Problem, IOException {
        byte[] head = head(Path.of(filename));
        if (head.length == 0) {
            return;
        }
        String start = new String(head, StandardCharsets.ISO_8859_1);
        for (String[] pair : formats) {
            if (start.startsWith(pair[0])) {
                if (pair[1].equals(transport)) {
                    return;
                }
                throw Problem.defer("mailbox " + filename + " is in the format of the " + pair[1]
                        + " transport (file_format), which the " + transport + " transport cannot hand it to");
            }
        }
        throw Problem.defer("mailbox file format unrecognized");
    }

    private static byte[] head(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(256);
            while (buffer.hasRemaining() && in.read(buffer) > 0) {
                // read up to 256 bytes, as Exim's single read() does
            }
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            return bytes;
        }
    }
}
