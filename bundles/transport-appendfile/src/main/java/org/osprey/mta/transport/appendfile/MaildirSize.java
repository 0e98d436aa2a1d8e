package org.osprey.mta.transport.appendfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The Maildir++ {@code maildirsize} file (maildir_use_size_file), kept as Exim's
 * tf_maildir.c keeps it and as Courier and Dovecot read it: a first line
 * {@code <quota>S,<filecount>C}, then lines {@code <bytes> <files>} whose sums are the
 * maildir's size and message count. Before a delivery the file is read; it is
 * recalculated (scanning {@code new}, {@code cur} and the {@code .folders} that
 * maildir_quota_directory_regex selects, and written through {@code tmp} and a rename)
 * when it is missing, larger than 5120 bytes, malformed, made for other limits, or says
 * the mailbox is over quota while it has more than one entry or is older than fifteen
 * minutes. After the delivery a line {@code <bytes written> 1} is appended.
 */
final class MaildirSize {
    private static final int MAX_FILE_SIZE = 5120;

    /**
     * What the file says before the delivery.
     *
     * @param size the maildir's size
     * @param files its message count
     * @param file the file to append to after the delivery, or null when a race removed it
     */
    record State(long size, int files, Path file) {
    }

    private MaildirSize() {
    }

    /** Exim's maildir_ensure_sizefile for the maildir at {@code path}. */
    static State ensure(Path path, Job job, Pattern sizeRegex, Pattern dirRegex) throws IOException {
        Path file = path.resolve("maildirsize");
        Quota quota = job.quota();
        UserAccess access = job.access();
        byte[] data = null;
        try {
            access.mayRead(file); // Exim opens it O_RDWR as the user
            access.mayWrite(file);
            data = read(file);
        } catch (NoSuchFileException e) {
            // recalculate
        }
        if (data != null && data.length < MAX_FILE_SIZE) {
            State cached = parse(new String(data, StandardCharsets.ISO_8859_1), file, job);
            if (cached != null) {
                return cached;
            }
        }
        long[] latest = {0};
        int[] count = {0};
        long size = computeSize(path, count, latest, sizeRegex, dirRegex, false);
        long micros = UniqueClock.nextMicros();
        Path temp = path.resolve("tmp").resolve(micros / 1_000_000 + ".H" + micros % 1_000_000 + "P"
                + ProcessHandle.current().pid() + "." + job.hostname());
        Path kept = file;
        try {
            access.mayCreateIn(temp.getParent());
            Files.write(temp, (quota.value() + "S," + quota.filecount() + "C\n" + size + " " + count[0] + "\n")
                    .getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            access.own(temp);
            FileFacts.chmod(temp, job.settings().mode() == 0 ? 0600 : job.settings().mode());
            access.mayCreateIn(path);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            kept = null; // Exim carries on without the file
        }
        long[] newLatest = {0};
        computeSize(path, null, newLatest, null, dirRegex, true);
        if (newLatest[0] > latest[0]) {
            // a folder changed while it was counted: the file may be wrong, so none is better
            Files.deleteIfExists(file);
            kept = null;
        }
        return new State(size, count[0], kept);
    }

    /** The cached state, or null when the file must be recalculated. */
    private static State parse(String text, Path file, Job job) throws IOException {
        Quota quota = job.quota();
        int nl = text.indexOf('\n');
        String first = nl < 0 ? text : text.substring(0, nl);
        long cachedQuota = 0;
        long cachedCount = 0;
        for (String item : first.split(",", -1)) {
            int[] end = new int[1];
            double n = Quota.strtod(item, end);
            if (end[0] >= item.length() || !Character.isLetter(item.charAt(end[0])) || end[0] + 1 != item.length()) {
                return null;
            }
            char letter = item.charAt(end[0]);
            if (letter == 'S') {
                cachedQuota = (long) n;
            } else if (letter == 'C') {
                cachedCount = (long) n;
            }
        }
        if (cachedQuota != quota.value() || cachedCount != quota.filecount()) {
            return null;
        }
        long size = 0;
        long files = 0;
        int lines = 0;
        String rest = nl < 0 ? "" : text.substring(nl + 1);
        String[] lineTexts = rest.split("\n", -1);
        for (int i = 0; i < lineTexts.length - 1; i++) {
            String line = lineTexts[i];
            String[] parts = line.split(" ", -1);
            if (parts.length != 2) {
                return null;
            }
            try {
                size += Long.parseLong(parts[0]);
                files += Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                return null;
            }
            lines++;
        }
        if (!lineTexts[lineTexts.length - 1].isEmpty()) {
            return null; // a last line without its newline
        }
        if (size < 0 || files < 0) {
            return null;
        }
        boolean inclusive = job.settings().quota().inclusive();
        boolean over = quota.value() > 0 && (size + (inclusive ? job.message().size() : 0) > quota.value()
                || quota.filecount() > 0 && files + (inclusive ? 1 : 0) > quota.filecount());
        if (over) {
            BasicFileAttributes st = Files.readAttributes(file, BasicFileAttributes.class);
            long age = Instant.now().getEpochSecond() - st.lastModifiedTime().toInstant().getEpochSecond();
            if (lines > 1 || age > 15 * 60) {
                return null;
            }
        }
        return new State(size, (int) files, file);
    }

    /** Appends this delivery's line; failures are ignored, as in Exim. */
    static void record(Path file, long written) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap((written + " 1\n").getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            // the next recalculation repairs it
        }
    }

    /**
     * Exim's maildir_compute_size: the directories of {@code path} that {@code dirRegex}
     * selects; a {@code .folder} is scanned the same way, any other (new, cur) counted by
     * check_dir_size. Keeps the latest modification time seen in {@code latest}.
     */
    static long computeSize(Path path, int[] count, long[] latest, Pattern sizeRegex, Pattern dirRegex,
            boolean timestampOnly) {
        long sum = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (dirRegex != null && !dirRegex.matcher(name).find()) {
                    continue;
                }
                BasicFileAttributes st;
                try {
                    st = Files.readAttributes(entry, BasicFileAttributes.class);
                } catch (IOException e) {
                    continue;
                }
                if (!st.isDirectory()) {
                    continue;
                }
                latest[0] = Math.max(latest[0], st.lastModifiedTime().toInstant().getEpochSecond());
                if (name.startsWith(".")) {
                    sum += computeSize(entry, count, latest, sizeRegex, dirRegex, timestampOnly);
                } else if (!timestampOnly) {
                    Quota.Usage usage = Quota.usage(entry, sizeRegex);
                    sum += usage.size();
                    count[0] += usage.files();
                }
            }
        } catch (IOException | RuntimeException e) {
            return sum;
        }
        return sum;
    }

    private static byte[] read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(MAX_FILE_SIZE);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // fill up to the limit, as Exim's single read does
            }
            byte[] data = new byte[buffer.position()];
            buffer.flip().get(data);
            return data;
        }
    }
}
