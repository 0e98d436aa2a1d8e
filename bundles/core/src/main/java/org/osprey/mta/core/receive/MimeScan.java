package org.osprey.mta.core.receive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.osprey.mta.core.acl.AclResult;
import org.osprey.mta.core.acl.AclVerdict;
import org.osprey.mta.core.acl.MimePart;
import org.osprey.mta.core.expand.Rfc2047;
import org.osprey.mta.core.spool.MessageId;

/**
 * The MIME ACL's walk over a message, as Exim's content scanning does it (receive.c's
 * run_mime_acl, mime.c's mime_acl_check and mime_decode, spool_mbox.c): the message is copied
 * to {@code <spool>/scan/<id>/<id>.eml}, read as a stream (never whole in memory), and the ACL
 * runs once for each part in order: the message itself, then each part of a multipart, depth
 * first. A message/rfc822 part is decoded to {@code __rfc822_NNNNN} and, once the whole
 * message has passed, walked the same way with {@code $mime_is_rfc822} set.
 *
 * <p>This follows mime.c line by line rather than a MIME library: Exim's part boundaries
 * (a line starting with "--" and the boundary of the enclosing multipart only, outer
 * boundaries unchecked), its header normalisation (white space and comments dropped outside
 * values, the value lower-cased) and its decoders (with the anomaly level) are what ACLs see.
 */
public final class MimeScan implements AutoCloseable {
    private static final int MAX_HEADER = 8192;
    private static final int MAX_LINE = 32768;
    private static final int ATTACHMENT = 0;
    private static final int COVERLETTER_ONESHOT = 1;
    private static final int COVERLETTER_ALL = 2;
    private static final String[] HEADERS = {"content-type:", "content-disposition:", "content-transfer-encoding:",
        "content-id:", "content-description:"};
    private static final String[] PARAMETERS = {"name=", "filename=", "charset=", "boundary="};

    /** Runs the MIME ACL for the part now described by {@link Part#variables()}. */
    public interface PartCheck {
        AclResult check(Part part);
    }

    private final Path scanDirectory;
    private final Path mbox;
    private final MessageId id;
    private final Consumer<String> log;
    private final Part part = new Part();
    private int partCount = -1;
    private boolean isRfc822;

    private MimeScan(Path scanDirectory, MessageId id, Consumer<String> log) {
        this.scanDirectory = scanDirectory;
        this.id = id;
        this.mbox = scanDirectory.resolve(id + ".eml");
        this.log = log;
    }

    /**
     * spool_mbox: makes {@code <spool>/scan/<id>/} and writes the message to {@code <id>.eml}
     * through {@code writer} (the "From " line, X-Envelope-From:, X-Envelope-To:, the headers,
     * a blank line and the body, as Exim writes them).
     *
     * @param log main log lines (Exim's warnings about parts it could not decode)
     */
    public static MimeScan spool(Path spoolDirectory, MessageId id, MboxWriter writer, Consumer<String> log)
            throws IOException {
        Path dir = spoolDirectory.resolve("scan").resolve(id.toString());
        Files.createDirectories(dir);
        MimeScan scan = new MimeScan(dir, id, log);
        try (OutputStream out = Files.newOutputStream(scan.mbox)) {
            writer.write(out);
        }
        return scan;
    }

    /** Writes the message as the mbox copy. */
    public interface MboxWriter {
        void write(OutputStream out) throws IOException;
    }

    /** The scan directory, {@code <spool>/scan/<id>}. */
    public Path directory() {
        return scanDirectory;
    }

    /** $mime_part_count after the walk (the last part's number, counted from 0). */
    public int partCount() {
        return partCount;
    }

    /**
     * run_mime_acl: the walk over the message, then over each message/rfc822 part found.
     * Returns the result that ended it (the last part's when all were accepted), or an
     * {@link AclVerdict#ACCEPT} result when no part was checked.
     */
    public AclResult run(PartCheck check) throws IOException {
        AclResult last = AclResult.of(AclVerdict.ACCEPT);
        Path file = mbox;
        Path rfc822 = null;
        int savedCount = -1;
        while (true) {
            partCount = -1;
            AclResult r;
            try (MimeInput in = new MimeInput(file)) {
                r = walk(in, null, check);
            }
            if (r != null) {
                last = r;
            }
            if (rfc822 != null) {
                partCount = savedCount;
                try {
                    Files.delete(rfc822);
                } catch (IOException e) {
                    log.accept("acl_smtp_mime: can't unlink RFC822 spool file, skipping.");
                    return last;
                }
            }
            if (!accepted(last)) {
                return last;
            }
            rfc822 = nextRfc822();
            if (rfc822 == null) {
                return last;
            }
            isRfc822 = true;
            savedCount = partCount;
            file = rfc822;
        }
    }

    private Path nextRfc822() throws IOException {
        try (Stream<Path> files = Files.list(scanDirectory)) {
            return files.filter(p -> p.getFileName().toString().regionMatches(true, 0, "__rfc822_", 0, 9))
                    .min(Comparator.comparing(Path::toString)).orElse(null);
        }
    }

    private static boolean accepted(AclResult r) {
        return r == null || r.verdict() == AclVerdict.ACCEPT;
    }

    /** Exim's unspool_mbox: the scan directory and all in it removed. */
    @Override
    public void close() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(scanDirectory)) {
            dir.forEach(files::add);
        } catch (IOException e) {
            Files.deleteIfExists(scanDirectory);
            return;
        }
        for (Path f : files) {
            Files.deleteIfExists(f);
        }
        Files.deleteIfExists(scanDirectory);
    }

    /** The boundary context of a multipart: its boundary and cover-letter state (mime.h). */
    private static final class Context {
        String boundary;
        int context;
    }

    /** mime_acl_check: the parts from the current position; null when the ACL never ran. */
    private AclResult walk(MimeInput in, Context context, PartCheck check) throws IOException {
        AclResult rc = null;
        Context nested = new Context();
        byte[] line = new byte[MAX_HEADER];
        while (true) {
            part.reset();
            if (context != null) {
                while (true) {
                    int n = in.readLine(line, MAX_HEADER);
                    if (n < 0) {
                        return rc;
                    }
                    if (isBoundary(line, n, context.boundary)) {
                        int after = 2 + context.boundary.length();
                        if (after + 1 < n && line[after] == '-' && line[after + 1] == '-') {
                            return rc;
                        }
                        break;
                    }
                }
            }
            String header;
            while ((header = readHeader(in)) != null) {
                interestingHeader(header);
            }
            String type = part.contentType;
            part.isMultipart = type != null && type.startsWith("multipart");
            nested.boundary = part.boundary;
            partCount++;
            part.input = in;
            part.currentBoundary = context == null ? null : context.boundary;
            part.isCoverletter = !(context != null && context.context == ATTACHMENT);
            rc = check.check(part);
            part.input = null;
            if (!accepted(rc)) {
                break;
            }
            if (type != null && nested.boundary != null && type.startsWith("multipart")) {
                nested.context = context != null && context.context == ATTACHMENT ? ATTACHMENT
                        : type.equals("multipart/alternative") || type.equals("multipart/related") ? COVERLETTER_ALL
                        : COVERLETTER_ONESHOT;
                AclResult r = walk(in, nested, check);
                if (r != null) {
                    rc = r;
                }
                if (!accepted(rc)) {
                    break;
                }
            } else if (type != null && type.startsWith("message/rfc822")) {
                Path target = null;
                for (int nr = 0; nr < 128; nr++) {
                    Path p = scanDirectory.resolve(String.format("__rfc822_%05d", nr));
                    if (!Files.exists(p)) {
                        target = p;
                        break;
                    }
                }
                if (target != null) {
                    part.input = in;
                    part.currentBoundary = context == null ? null : context.boundary;
                    part.decodedFilename = null;
                    part.decode(target.toString());
                    part.input = null;
                    if (part.decodedFilename == null) {
                        log.accept("MIME acl condition warning - could not decode RFC822 MIME part to file.");
                        rc = AclResult.of(AclVerdict.DEFER);
                        break;
                    }
                    part.decodedFilename = null;
                }
            }
            if (context == null) {
                break;
            }
            if (context.context == COVERLETTER_ONESHOT) {
                context.context = ATTACHMENT;
            }
        }
        part.reset();
        return rc;
    }

    private static boolean isBoundary(byte[] line, int n, String boundary) {
        if (n < 2 || line[0] != '-' || line[1] != '-') {
            return false;
        }
        int length = cLength(line, n);
        for (int i = 0; i < boundary.length(); i++) {
            if (2 + i >= length || (line[2 + i] & 0xff) != boundary.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The length of a line as C's strlen sees it (up to the first NUL). */
    private static int cLength(byte[] line, int n) {
        for (int i = 0; i < n; i++) {
            if (line[i] == 0) {
                return i;
            }
        }
        return n;
    }

    /**
     * mime_get_header: one header, unfolded, CRs and control characters dropped, white space
     * and (comments) dropped outside values, ending in ';'. Null at the end of the headers
     * (an empty line) or of the file.
     */
    private static String readHeader(MimeInput in) throws IOException {
        StringBuilder h = new StringBuilder();
        int c = -1;
        boolean done = false;
        int valueMode = 0;
        int brackets = 0;
        while (!done) {
            if ((c = in.read()) < 0) {
                break;
            }
            if (c == '\r') {
                continue;
            }
            if (c == '\n') {
                if (h.length() > 0) {
                    if ((c = in.read()) < 0) {
                        break;
                    }
                    if (c == '\t' || c == ' ') {
                        continue;
                    }
                    in.unread();
                }
                c = ';';
                done = true;
            }
            if (c < 32) {
                continue;
            }
            if (valueMode != 0) {
                if ((c == '\t' || c == ' ') && valueMode == 1) {
                    continue;
                }
                valueMode = 2;
                // As mime.c has it: the mode was just set to 2, so a quote only sets 3 for one character.
                if (c == '"') {
                    valueMode = 3;
                }
                if (valueMode == 2 && c == ';') {
                    valueMode = 0;
                }
            } else {
                if (c == ' ' || c == '\t') {
                    continue;
                }
                if (c == '\\') {
                    if ((c = in.read()) < 0) {
                        break;
                    }
                } else if (c == '(') {
                    brackets++;
                    continue;
                } else if (c == ')' && brackets > 0) {
                    brackets--;
                    continue;
                } else if (c == '=' && brackets == 0) {
                    valueMode = 1;
                }
                if (brackets > 0) {
                    continue;
                }
            }
            h.append((char) c);
            if (h.length() > MAX_HEADER - 1) {
                done = true;
            }
        }
        int n = h.length();
        if (n > 0 && h.charAt(n - 1) != ';') {
            h.setCharAt(n - 1, ';');
        }
        return c < 0 || n == 1 ? null : h.toString();
    }

    /** The per-part variables from one of the five headers mime.c looks at, with their parameters. */
    private void interestingHeader(String header) {
        for (int i = 0; i < HEADERS.length; i++) {
            String name = HEADERS[i];
            if (!header.regionMatches(true, 0, name, 0, name.length())) {
                continue;
            }
            int p = name.length();
            int q = p;
            while (q < header.length() && header.charAt(q) != ';') {
                q++;
            }
            part.setHeader(i, header.substring(p, q).toLowerCase(Locale.ROOT));
            p = q < header.length() ? q + 1 : q;
            boolean disposition = i == 1;
            String fname = null;
            String fnameRfc2231 = null;
            String filenameCharset = null;
            boolean decodingFailed = false;
            while (p < header.length()) {
                if (part.filename == null && disposition && header.regionMatches(true, p, "filename*", 0, 9)) {
                    // RFC 2231 filename*=charset'lang'value, possibly in pieces.
                    p += 9;
                    while (p < header.length() && header.charAt(p) != '=') {
                        p++;
                    }
                    if (p < header.length()) {
                        p++;
                    }
                    int[] at = {p};
                    String value = paramValue(header, at);
                    p = at[0];
                    if (!value.isEmpty()) {
                        fnameRfc2231 = (fnameRfc2231 == null ? "" : fnameRfc2231) + value;
                        if (!decodingFailed) {
                            String rest = value;
                            if (filenameCharset == null) {
                                int quote = value.indexOf('\'');
                                int s = quote < 0 ? value.length() : quote;
                                if (s > 0) {
                                    filenameCharset = value.substring(0, s);
                                }
                                int r = s < value.length() ? s + 1 : s;
                                while (r < value.length() && value.charAt(r) == '\'') {
                                    r++;
                                }
                                rest = value.substring(r);
                            }
                            String encoded = rfc2231To2047(rest, filenameCharset);
                            String plain = Rfc2047.decodeBytes(encoded, false);
                            if (plain.length() == encoded.length()) {
                                decodingFailed = true;
                            } else {
                                fname = fname == null ? plain : fname + plain;
                                part.filename = fname;
                            }
                            // mime.c goes on scanning from inside the value it copied, whose end
                            // ends the parameter list: nothing after this parameter is looked at.
                            break;
                        }
                    }
                } else {
                    for (String param : PARAMETERS) {
                        if (header.regionMatches(true, p, param, 0, param.length())) {
                            int[] at = {p + param.length()};
                            String value = paramValue(header, at);
                            p = at[0];
                            part.setParameter(param, value.isEmpty() ? null : Rfc2047.decodeBytes(value, true));
                            break;
                        }
                    }
                }
                p = nextSemicolon(header, p);
                if (p < header.length()) {
                    p++;
                }
            }
            if (disposition && decodingFailed) {
                part.filename = fnameRfc2231;
            }
        }
    }

    /** mime_param_val: the value up to an unquoted ';', quotes removed. */
    private static String paramValue(String s, int[] at) {
        StringBuilder v = new StringBuilder();
        int p = at[0];
        while (p < s.length() && s.charAt(p) != ';') {
            if (s.charAt(p) == '"') {
                p++;
                while (p < s.length() && s.charAt(p) != '"') {
                    v.append(s.charAt(p++));
                }
                if (p < s.length()) {
                    p++;
                }
            } else {
                v.append(s.charAt(p++));
            }
        }
        at[0] = p;
        return v.toString();
    }

    private static int nextSemicolon(String s, int p) {
        while (p < s.length() && s.charAt(p) != ';') {
            if (s.charAt(p) == '"') {
                p++;
                while (p < s.length() && s.charAt(p) != '"') {
                    p++;
                }
                if (p < s.length()) {
                    p++;
                }
            } else {
                p++;
            }
        }
        return p;
    }

    private static String rfc2231To2047(String fname, String charset) {
        StringBuilder v = new StringBuilder("=?");
        if (charset != null) {
            v.append(charset);
        }
        v.append("?Q?");
        for (int i = 0; i < fname.length(); i++) {
            char c = fname.charAt(i);
            if (c == '%' && i + 2 < fname.length() && isXDigit(fname.charAt(i + 1)) && isXDigit(fname.charAt(i + 2))) {
                v.append('=').append(fname, i + 1, i + 3);
                i += 2;
            } else {
                v.append(c);
            }
        }
        return v.append("?=").toString();
    }

    private static boolean isXDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** The part the ACL is looking at, with Exim's per-part variables. */
    public final class Part implements MimePart {
        private String anomalyText;
        private int anomalyLevel;
        private String boundary;
        private String charset;
        private String decodedFilename;
        private String filename;
        private String contentDescription;
        private String contentDisposition;
        private String contentId;
        private String contentTransferEncoding;
        private String contentType;
        private boolean isMultipart;
        private boolean isCoverletter;
        private long contentSize;
        private MimeInput input;
        private String currentBoundary;

        private Part() {
        }

        private void reset() {
            anomalyLevel = 0;
            anomalyText = null;
            boundary = null;
            charset = null;
            decodedFilename = null;
            filename = null;
            contentDescription = null;
            contentDisposition = null;
            contentId = null;
            contentTransferEncoding = null;
            contentType = null;
            isMultipart = false;
            contentSize = 0;
        }

        private void setHeader(int index, String value) {
            switch (index) {
                case 0 -> contentType = value;
                case 1 -> contentDisposition = value;
                case 2 -> contentTransferEncoding = value;
                case 3 -> contentId = value;
                default -> contentDescription = value;
            }
        }

        private void setParameter(String name, String value) {
            switch (name) {
                case "name=", "filename=" -> filename = value;
                case "charset=" -> charset = value;
                default -> boundary = value;
            }
        }

        /** The $mime_* variables as the ACL sees them now (byte strings; unset ones left out). */
        public Map<String, String> variables() {
            Map<String, String> v = new HashMap<>();
            v.put("mime_anomaly_level", Integer.toString(anomalyLevel));
            put(v, "mime_anomaly_text", anomalyText);
            put(v, "mime_boundary", boundary);
            put(v, "mime_charset", charset);
            put(v, "mime_content_description", contentDescription);
            put(v, "mime_content_disposition", contentDisposition);
            put(v, "mime_content_id", contentId);
            v.put("mime_content_size", Long.toString(contentSize));
            put(v, "mime_content_transfer_encoding", contentTransferEncoding);
            put(v, "mime_content_type", contentType);
            put(v, "mime_decoded_filename", decodedFilename);
            put(v, "mime_filename", filename);
            v.put("mime_is_coverletter", isCoverletter ? "1" : "0");
            v.put("mime_is_multipart", isMultipart ? "1" : "0");
            v.put("mime_is_rfc822", isRfc822 ? "1" : "0");
            v.put("mime_part_count", Integer.toString(partCount));
            return v;
        }

        private static void put(Map<String, String> v, String name, String value) {
            if (value != null) {
                v.put(name, value);
            }
        }

        @Override
        public String decodedFilename() {
            return decodedFilename;
        }

        @Override
        public Decoded decode(String list) {
            if (input == null) {
                return Decoded.FAIL;
            }
            long at = input.position();
            String option = firstItem(list);
            Path file;
            if (option == null || option.equals("default")) {
                file = freeName(scanDirectory);
            } else if (option.equals("false") || option.equals("0")) {
                return Decoded.FAIL;
            } else if (option.startsWith("/")) {
                Path p = Path.of(option);
                file = Files.isDirectory(p) ? freeName(p) : p;
            } else {
                file = scanDirectory.resolve(option);
            }
            decodedFilename = file.toString();
            long size;
            try (OutputStream out = Files.newOutputStream(file)) {
                String cte = contentTransferEncoding;
                size = "base64".equals(cte) ? decodeBase64(out) : "quoted-printable".equals(cte) ? decodeQp(out)
                        : decodeAsIs(out);
            } catch (IOException e) {
                input.seek(at);
                return Decoded.DEFER;
            }
            input.seek(at);
            contentSize = (size + 1023) / 1024;
            return Decoded.OK;
        }

        /** mime_get_decode_file without a file name: the first free {@code <id>-NNNNN}. */
        private Path freeName(Path directory) {
            Path p = null;
            for (int nr = 0; nr < 1024; nr++) {
                p = directory.resolve(String.format("%s-%05d", id, nr));
                if (!Files.exists(p)) {
                    break;
                }
            }
            return p;
        }

        /** The next line of the part's body, or -1 at the end of the file or at the part's boundary. */
        private int bodyLine(byte[] line) throws IOException {
            int n = input.readLine(line, MAX_LINE);
            if (n < 0 || currentBoundary != null && isBoundary(line, n, currentBoundary)) {
                return -1;
            }
            return cLength(line, n);
        }

        private long decodeAsIs(OutputStream out) throws IOException {
            byte[] line = new byte[MAX_LINE];
            long size = 0;
            int n;
            while ((n = bodyLine(line)) >= 0) {
                out.write(line, 0, n);
                size += n;
            }
            return size;
        }

        private long decodeQp(OutputStream out) throws IOException {
            byte[] line = new byte[MAX_LINE];
            byte[] obuf = new byte[MAX_LINE];
            long size = 0;
            int n;
            while ((n = bodyLine(line)) >= 0) {
                int i = 0;
                int o = 0;
                while (i < n) {
                    if (line[i] != '=') {
                        obuf[o++] = line[i++];
                        continue;
                    }
                    int j = i + 1;
                    if (j + 1 < n && isXDigit((char) line[j]) && isXDigit((char) line[j + 1])) {
                        obuf[o++] = (byte) Integer.parseInt(new String(line, j, 2, StandardCharsets.ISO_8859_1), 16);
                        i = j + 2;
                        continue;
                    }
                    while (j < n && (line[j] == '\t' || line[j] == ' ' || line[j] == '\r')) {
                        j++;
                    }
                    if (j < n && line[j] == '\n') {
                        break;
                    }
                    anomalyLevel = 1;
                    anomalyText = "Broken Quoted-Printable encoding detected";
                    obuf[o++] = '=';
                    i++;
                }
                out.write(obuf, 0, o);
                size += o;
            }
            return size;
        }

        private long decodeBase64(OutputStream out) throws IOException {
            byte[] line = new byte[MAX_LINE];
            byte[] obuf = new byte[MAX_LINE];
            long size = 0;
            int state = 0;
            int o = 0;
            int n;
            while ((n = bodyLine(line)) >= 0) {
                for (int i = 0; i < n && line[i] != '\r' && line[i] != '\n'; i++) {
                    int c = line[i] & 0xff;
                    if (c == '=') {
                        state++;
                        continue;
                    }
                    int v = base64Value(c);
                    if (v < 0) {
                        anomalyLevel = 2;
                        anomalyText = "Broken BASE64 encoding detected";
                        continue;
                    }
                    switch (state++ & 3) {
                        case 0 -> obuf[o] = (byte) (v << 2);
                        case 1 -> {
                            obuf[o++] |= (byte) (v >> 4);
                            obuf[o] = (byte) (v << 4);
                        }
                        case 2 -> {
                            obuf[o++] |= (byte) (v >> 2);
                            obuf[o] = (byte) (v << 6);
                        }
                        default -> obuf[o++] |= (byte) v;
                    }
                }
                if (o > 0) {
                    out.write(obuf, 0, o);
                    size += o;
                    if ((state & 3) != 0) {
                        obuf[0] = obuf[o];
                    }
                    o = 0;
                }
            }
            if ((state & 3) != 0) {
                out.write(obuf, 0, 1);
                size++;
            }
            return size;
        }
    }

    private static int base64Value(int c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '+' ? 62 : c == '/' ? 63 : -1;
    }

    /** string_nextinlist's first item of a colon list (a leading {@code <c} changes the separator). */
    private static String firstItem(String list) {
        String s = list.strip();
        char sep = ':';
        if (s.length() > 1 && s.charAt(0) == '<' && !Character.isLetterOrDigit(s.charAt(1))
                && !Character.isWhitespace(s.charAt(1))) {
            sep = s.charAt(1);
            s = s.substring(2).strip();
        }
        if (s.isEmpty()) {
            return null;
        }
        StringBuilder item = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == sep) {
                if (i + 1 < s.length() && s.charAt(i + 1) == sep) {
                    item.append(sep);
                    i++;
                    continue;
                }
                break;
            }
            item.append(c);
        }
        return item.toString().strip();
    }
}
