package org.osprey.mta.core.spool;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a {@link HeaderFile} in Exim 4.96's -H format, byte for byte as Exim's
 * {@code spool_write_header} would: the id line, originator, sender in angle brackets, time and
 * warning count, the dash lines in Exim's order (ACL variables after
 * {@code -received_protocol}), the non-recipients tree ({@code XX} when empty), the recipients
 * count and list, a blank line, and each header as {@code %03d<type> <text>}. It writes to a
 * stream only: it never opens, syncs or renames a file ({@link DurableFiles} does).
 */
public final class HeaderFileWriter {

    /** The order in which Exim's spool_write_header writes the dash lines. */
    static final List<String> EXIM_ORDER = List.of(
            "received_time_usec", "received_time_complete", "helo_name", "host_address", "host_name",
            "host_auth", "host_auth_pubname", "interface_address", "active_hostname", "ident",
            "received_protocol", "*acl*", "debug_selector", "debuglog_name", "spool_file_wireformat",
            "body_linecount", "max_received_linelength", "body_zerocount", "auth_id", "auth_sender",
            "allow_unqualified_recipient", "allow_unqualified_sender", "deliver_firsttime", "frozen", "N",
            "host_lookup_deferred", "host_lookup_failed", "local", "localerror", "local_scan", "spam_bar",
            "spam_score", "spam_score_int", "manual_thaw", "sender_set_untrusted", "bmi_verdicts",
            "tls_certificate_verified", "tls_cipher", "tls_peercert", "tls_peerdn", "tls_sni", "tls_ourcert",
            "tls_ocsp", "tls_resumption", "tls_ver", "smtputf8", "utf8_downcvt", "utf8_optdowncvt",
            "dsn_envid", "dsn_ret");
    /** The most recipients Exim's spool reader accepts. */
    public static final int MAX_RECIPIENTS = 16384;
    private static final int ACL_PLACE = EXIM_ORDER.indexOf("*acl*");

    private HeaderFileWriter() {
    }

    /** The file's bytes. */
    public static byte[] toBytes(HeaderFile h) {
        if (h.recipients().size() > MAX_RECIPIENTS) {
            throw new IllegalArgumentException("Exim reads at most " + MAX_RECIPIENTS
                    + " recipients from a -H file; message " + h.id() + " has " + h.recipients().size());
        }
        StringBuilder sb = new StringBuilder(1024);
        sb.append(h.id()).append("-H\n");
        String login = h.originatorLogin();
        // Exim writes at most 63 characters of the login ("%.63s").
        sb.append(login.length() > 63 ? login.substring(0, 63) : login).append(' ').append(h.originatorUid()).append(' ')
                .append(h.originatorGid()).append('\n');
        sb.append('<').append(h.sender()).append(">\n");
        sb.append(h.receivedTime()).append(' ').append(h.warningCount()).append('\n');

        List<SpoolVariable> vars = new ArrayList<>(h.variables());
        // Stable: variables Exim does not know keep their order, after the known ones.
        vars.sort(Comparator.comparingInt(HeaderFileWriter::place));
        boolean aclsDone = false;
        for (SpoolVariable v : vars) {
            if (!aclsDone && place(v) > ACL_PLACE) {
                writeAcls(sb, h);
                aclsDone = true;
            }
            dashes(sb, v.tainted(), v.quoter());
            sb.append(v.name());
            if (v.value() != null) {
                sb.append(' ').append(v.value());
            }
            sb.append('\n');
        }
        if (!aclsDone) {
            writeAcls(sb, h);
        }

        List<String> delivered = new ArrayList<>(h.nonRecipients());
        if (delivered.isEmpty()) {
            sb.append("XX\n");
        } else {
            writeTree(sb, delivered, 0, delivered.size());
        }
        sb.append(h.recipients().size()).append('\n');
        for (Recipient r : h.recipients()) {
            sb.append(r.address());
            if (r.extended()) {
                String orcpt = r.orcpt() == null ? "" : r.orcpt();
                String errorsTo = r.errorsTo() == null ? "" : r.errorsTo();
                sb.append(' ').append(orcpt).append(' ').append(orcpt.length()).append(',').append(r.dsnFlags())
                        .append(' ').append(errorsTo).append(' ').append(errorsTo.length()).append(',')
                        .append(r.parent()).append("#3");
            }
            sb.append('\n');
        }
        sb.append('\n');
        for (HeaderLine line : h.headers()) {
            sb.append(String.format("%03d", line.text().length())).append(line.type()).append(' ')
                    .append(line.text());
        }
        for (int i = 0; i < sb.length(); i++) {
            if (sb.charAt(i) > 0xFF) {
                throw new IllegalArgumentException("spool text is bytes, held as ISO-8859-1; found char "
                        + (int) sb.charAt(i) + " in the header file of " + h.id());
            }
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Writes the file's bytes to {@code out}. */
    public static void write(HeaderFile h, OutputStream out) throws IOException {
        out.write(toBytes(h));
    }

    private static int place(SpoolVariable v) {
        int i = EXIM_ORDER.indexOf(v.name());
        return i < 0 ? EXIM_ORDER.size() : i;
    }

    private static void writeAcls(StringBuilder sb, HeaderFile h) {
        for (AclVariable a : h.aclVariables()) {
            dashes(sb, a.tainted(), a.quoter());
            sb.append("acl").append(a.scope()).append(' ').append(a.rest()).append(' ')
                    .append(a.value().length()).append('\n').append(a.value()).append('\n');
        }
    }

    private static void dashes(StringBuilder sb, boolean tainted, String quoter) {
        sb.append('-');
        if (tainted) {
            sb.append('-');
            if (quoter != null) {
                sb.append('(').append(quoter).append(')');
            }
        }
    }

    /**
     * Writes the sorted addresses {@code [from, to)} as a balanced binary tree in Exim's
     * pre-order form: {@code YN address}, the letters saying whether a left and a right branch
     * follow. Sorted by {@link String#compareTo}, which for ISO-8859-1 text is Exim's
     * {@code strcmp} order, so Exim's tree search works on it.
     */
    private static void writeTree(StringBuilder sb, List<String> sorted, int from, int to) {
        int mid = (from + to) >>> 1;
        boolean left = mid > from;
        boolean right = mid + 1 < to;
        sb.append(left ? 'Y' : 'N').append(right ? 'Y' : 'N').append(' ').append(sorted.get(mid)).append('\n');
        if (left) {
            writeTree(sb, sorted, from, mid);
        }
        if (right) {
            writeTree(sb, sorted, mid + 1, to);
        }
    }
}
