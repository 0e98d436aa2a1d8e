package org.osprey.mta.core.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.osprey.mta.kernel.model.Address;

/**
 * An address as a delivery line shows it (Exim's string_log_address): the address
 * delivered, the intermediate parents in brackets under +all_parents (or always the nearest
 * for a pipe, file or autoreply), and the original address in angle brackets when it
 * differs.
 *
 * @param shown what is delivered: {@code local@domain}, or the local part alone for a
 *        pipe, file or autoreply and for a local delivery from a router with
 *        {@code log_as_local}
 * @param parents the intermediate addresses, nearest first, the original left out
 * @param top the original address, the one the message was sent to
 * @param pipeFileReply whether this is a pipe, file or autoreply delivery
 */
public record LogAddress(String shown, List<String> parents, String top, boolean pipeFileReply) {
    public LogAddress {
        Objects.requireNonNull(shown, "shown");
        parents = List.copyOf(parents);
        Objects.requireNonNull(top, "top");
    }

    /** A top-level address with no parents, shown in full. */
    public static LogAddress of(String address) {
        return new LogAddress(address, List.of(), address, false);
    }

    /**
     * The address routing produced; {@code localPartOnly} for a local delivery whose router
     * has {@code log_as_local} (the accept router's default) or a pipe, file or autoreply.
     */
    public static LogAddress of(Address address, boolean localPartOnly, boolean pipeFileReply) {
        List<String> parents = new ArrayList<>();
        Address top = address;
        while (top.parent().isPresent()) {
            top = top.parent().get();
            parents.add(top.text());
        }
        if (!parents.isEmpty()) {
            parents.remove(parents.size() - 1);
        }
        String shown = localPartOnly || pipeFileReply ? address.localPart()
                : address.domain().isEmpty() ? address.localPart() : address.localPart() + "@" + address.domain();
        return new LogAddress(shown, parents, top.text(), pipeFileReply);
    }

    /** The address text, with parents and original as the selection asks. */
    String render(LogSelector selector) {
        boolean localPartOnly = shown.indexOf('@') < 0 && top.indexOf('@') >= 0;
        boolean allParents = selector.on(Selector.ALL_PARENTS);
        StringBuilder out = new StringBuilder(shown);
        boolean addTop = true;
        if (!localPartOnly && !pipeFileReply) {
            int at = shown.lastIndexOf('@');
            int topAt = top.lastIndexOf('@');
            boolean same = shown.equalsIgnoreCase(top)
                    && (at < 0 || shown.substring(0, at).equals(top.substring(0, Math.max(topAt, 0))));
            addTop = !(same && (!allParents || parents.isEmpty()));
        }
        if ((allParents || pipeFileReply) && !parents.isEmpty()) {
            out.append(" (").append(allParents ? String.join(", ", parents) : parents.get(0)).append(')');
        }
        if (addTop) {
            out.append(" <").append(top).append('>');
        }
        return out.toString();
    }
}
