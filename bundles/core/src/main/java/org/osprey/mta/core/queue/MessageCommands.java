package org.osprey.mta.core.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.HeaderFileReader;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.core.spool.MessageLock;
import org.osprey.mta.core.spool.Recipient;
import org.osprey.mta.core.spool.Spool;
import org.osprey.mta.core.spool.SpoolFormatException;

/**
 * Exim's message commands that need no delivery (queue.c, queue_action), with Exim 4.96's
 * output on standard output, its log lines and its result per message.
 *
 * <p>What it must never do: change or remove a message without holding Exim's message lock
 * (so never one that is being delivered: "Message ... is locked"), or leave a half-written -H
 * file (changes go through {@link Spool#writeHeader}, which replaces the file atomically).
 * Showing a file (-Mvh, -Mvb, -Mvl) takes no lock, as in Exim.
 *
 * <p>Only an administrator may act, except that the user who sent a message may remove it.
 * As in Exim that check comes after the lock and the -H file are taken, so a non-administrator
 * may learn that a message is locked or missing.
 */
public final class MessageCommands {

    /**
     * Who runs the commands.
     *
     * @param login the login name, written in the log lines ("frozen by root")
     * @param uid the real user id, matched against a message's originator for -Mrm
     * @param admin whether the caller is an Exim administrator (root, the Exim user, admin_groups)
     */
    public record Caller(String login, long uid, boolean admin) {
    }

    private final Spool spool;
    private final Caller caller;
    private final QueueLog log;
    private final PrintStream out;
    private final Clock clock;
    private final boolean messageLogs;

    /**
     * @param messageLogs the {@code message_logs} option, for -Mvl's explanation when a message
     *        has no log
     */
    public MessageCommands(Spool spool, Caller caller, QueueLog log, PrintStream out, Clock clock,
            boolean messageLogs) {
        this.spool = spool;
        this.caller = caller;
        this.log = log;
        this.out = out;
        this.clock = clock;
        this.messageLogs = messageLogs;
    }

    /**
     * Runs {@code action} on the ids in {@code arguments} (checked by the caller as Exim's
     * exim.c checks them: at least one, and well formed), or on the first id with the rest of
     * {@code arguments} as addresses for actions on one message. Returns Exim's exit status:
     * 0 if every message was acted on, 1 otherwise.
     */
    public int run(MessageAction action, List<String> arguments) {
        boolean ok = true;
        try {
            if (action.oneMessage()) {
                ok = act(action, arguments.get(0), arguments.subList(1, arguments.size()));
            } else {
                for (String id : arguments) {
                    ok &= act(action, id, List.of());
                }
            }
        } catch (IOException e) {
            out.print("Spool error: " + SystemErrors.text(e) + "\n");
            ok = false;
        }
        out.flush();
        return ok ? 0 : 1;
    }

    private boolean act(MessageAction action, String idText, List<String> addresses) throws IOException {
        MessageId id = MessageId.parse(idText);
        if (action.shows()) {
            return show(action, id, addresses);
        }
        boolean ok = true;
        Path data = spool.dataFile(id);
        Optional<MessageLock> lock = spool.lock(id);
        if (lock.isEmpty()) {
            if (Files.exists(data)) {
                out.print("Message " + id + " is locked\n");
                log.main(id.toString(), "Spool file for " + id
                        + " is locked (another process is handling this message)");
                return false;
            }
            ok = false;
            out.print("Spool data file for " + id + " does not exist\n");
            log.main(id.toString(), "Spool file " + id + "-D not found");
            if (action != MessageAction.REMOVE || !caller.admin()) {
                return false;
            }
            out.print("Continuing, to ensure all files removed\n");
        }
        try {
            HeaderFile h = null;
            try {
                h = HeaderFileReader.read(spool.headerFile(id));
                if (!h.id().equals(id)) {
                    throw new SpoolFormatException(spool.headerFile(id) + ": the file names message " + h.id());
                }
            } catch (SpoolFormatException e) {
                out.print("Spool format error for " + id + "-H\n");
                h = null;
            } catch (IOException e) {
                out.print("Spool read error for " + id + "-H: " + SystemErrors.text(e) + "\n");
            }
            if (h == null) {
                ok = false;
                if (action != MessageAction.REMOVE || !caller.admin()) {
                    return false;
                }
                out.print("Continuing to ensure all files removed\n");
            }
            if (!caller.admin() && (action != MessageAction.REMOVE || h.originatorUid() != caller.uid())) {
                out.print("Permission denied\n");
                return false;
            }
            out.print("Message " + id + " ");
            return switch (action) {
                case FREEZE -> freeze(h) && ok;
                case THAW -> thaw(h) && ok;
                case REMOVE -> remove(id, lock.isPresent()) && ok;
                case MARK_ALL_DELIVERED -> markAllDelivered(h) && ok;
                default -> edit(action, h, addresses) && ok;
            };
        } finally {
            if (lock.isPresent()) {
                lock.get().close();
            }
        }
    }

    /**
     * Rewrites the -H file atomically through the spool, then gives the new file the owner and
     * group the old one had: run as root on a spool Exim's user owns, a root-owned -H would be
     * unreadable to Exim (and to Osprey running as that user). Exim sets the owner before the
     * rename (spool_write_header's fchown); the spool's writer has no such step yet, so for an
     * instant the new file is root's, which a reader sees as a spool read error, not a loss.
     */
    private void writeHeader(HeaderFile h) throws IOException {
        Path file = spool.headerFile(h.id());
        PosixFileAttributes before = null;
        try {
            before = Files.readAttributes(file, PosixFileAttributes.class);
        } catch (IOException | UnsupportedOperationException e) {
            // No POSIX owners here, or no file: nothing to keep.
        }
        spool.writeHeader(h);
        if (before == null) {
            return;
        }
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            PosixFileAttributes after = view.readAttributes();
            if (!after.owner().equals(before.owner())) {
                view.setOwner(before.owner());
            }
            if (!after.group().equals(before.group())) {
                view.setGroup(before.group());
            }
        } catch (IOException e) {
            // Only root can give a file away, and then this works; the change itself is made.
        }
    }

    /** -Mvh, -Mvb, -Mvl: the file as it is, bytes unchanged. */
    private boolean show(MessageAction action, MessageId id, List<String> extra) throws IOException {
        if (!caller.admin()) {
            out.print("Permission denied\n");
            return false;
        }
        if (!extra.isEmpty()) {
            out.print("*** Only one message can be listed at once\n");
            return false;
        }
        Path file;
        String directory;
        String suffix;
        switch (action) {
            case SHOW_HEADER -> {
                file = spool.headerFile(id);
                directory = "input";
                suffix = "-H";
            }
            case SHOW_BODY -> {
                file = spool.dataFile(id);
                directory = "input";
                suffix = "-D";
            }
            default -> {
                file = messageLog(id);
                directory = "msglog";
                suffix = "";
            }
        }
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(out);
            return true;
        } catch (IOException e) {
            out.print("Failed to open " + directory + " file for " + id + suffix + ": " + SystemErrors.text(e) + "\n");
            if (action == MessageAction.SHOW_LOG && !messageLogs) {
                out.print("(No message logs are being created because the message_logs option is false.)\n");
            }
            return false;
        }
    }

    /** The message's log, in its own directory or, as Exim also looks, the other layout's. */
    private Path messageLog(MessageId id) {
        Path own = spool.messageLog(id);
        if (Files.exists(own)) {
            return own;
        }
        Path msglog = spool.directory().resolve("msglog");
        Path other = spool.split() ? msglog.resolve(id.toString()) : msglog.resolve(id.subdirectory()).resolve(id.toString());
        return Files.exists(other) ? other : own;
    }

    private boolean freeze(HeaderFile h) {
        if (h.frozenAt().isPresent()) {
            out.print("is already frozen\n");
            return false;
        }
        HeaderFile frozen = h.toBuilder().variable("frozen", Long.toString(clock.millis() / 1000))
                .remove("manual_thaw").build();
        try {
            writeHeader(frozen);
        } catch (IOException e) {
            out.print("could not be frozen: " + SystemErrors.text(e) + "\n");
            return false;
        }
        out.print("is now frozen\n");
        log.main(h.id().toString(), "frozen by " + caller.login());
        return true;
    }

    private boolean thaw(HeaderFile h) {
        if (!h.has("frozen")) {
            out.print("is not frozen\n");
            return false;
        }
        HeaderFile thawed = h.toBuilder().remove("frozen").flag("manual_thaw").build();
        try {
            writeHeader(thawed);
        } catch (IOException e) {
            out.print("could not be unfrozen: " + SystemErrors.text(e) + "\n");
            return false;
        }
        out.print("is no longer frozen\n");
        log.main(h.id().toString(), "unfrozen by " + caller.login());
        return true;
    }

    /**
     * -Mrm: every file of the message, in both layouts (litter from a changed
     * split_spool_directory included). The -H file goes first and durably, through the spool,
     * so a crash part way leaves no message without its header, only litter.
     */
    private boolean remove(MessageId id, boolean locked) {
        boolean ok = true;
        boolean removed = false;
        List<Path> files = new ArrayList<>();
        Path input = spool.directory().resolve("input");
        Path msglog = spool.directory().resolve("msglog");
        for (Path dir : List.of(input.resolve(id.subdirectory()), input)) {
            files.add(dir.resolve(id + "-H"));
        }
        for (Path dir : List.of(msglog.resolve(id.subdirectory()), msglog)) {
            files.add(dir.resolve(id.toString()));
        }
        for (Path dir : List.of(input.resolve(id.subdirectory()), input)) {
            files.add(dir.resolve(id + "-D"));
            files.add(dir.resolve(id + "-J"));
        }
        try {
            boolean any = false;
            for (Path f : files) {
                any |= Files.exists(f);
            }
            if (any && Files.exists(spool.headerFile(id))) {
                spool.remove(id);
                removed = true;
            }
        } catch (IOException e) {
            ok = false;
            out.print("Error while removing " + spool.headerFile(id) + ": " + SystemErrors.text(e) + "\n");
        }
        for (Path f : files) {
            try {
                removed |= Files.deleteIfExists(f);
            } catch (IOException e) {
                ok = false;
                out.print("Error while removing " + f + ": " + SystemErrors.text(e) + "\n");
            }
        }
        out.print(locked ? "has been removed\n" : "has been removed or did not exist\n");
        if (removed) {
            log.main(id.toString(), "removed by " + caller.login());
            log.main(id.toString(), "Completed");
        }
        return ok;
    }

    private boolean markAllDelivered(HeaderFile h) {
        HeaderFile.Builder b = h.toBuilder();
        for (Recipient r : h.recipients()) {
            b.nonRecipient(r.address());
        }
        try {
            writeHeader(b.build());
        } catch (IOException e) {
            out.print("- could not mark all delivered: " + SystemErrors.text(e) + "\n");
            return false;
        }
        // Exim 4.96 prints a blank line after this one (recorded).
        out.print("has been modified\n\n");
        for (Recipient r : h.recipients()) {
            log.main(h.id().toString(), "address <" + r.address() + "> marked delivered by " + caller.login());
        }
        return true;
    }

    /** -Mmd, -Mar, -Mes: Exim's common code, which logs each address as it takes it. */
    private boolean edit(MessageAction action, HeaderFile h, List<String> addresses) {
        String doing = action.doing();
        if (action == MessageAction.EDIT_SENDER && addresses.size() > 1) {
            out.print("- only one sender address can be specified\n");
            return false;
        }
        if (addresses.isEmpty()) {
            out.print("- error while " + doing + ": no address given\n");
            return false;
        }
        boolean ok = true;
        HeaderFile.Builder b = h.toBuilder();
        String id = h.id().toString();
        for (String argument : addresses) {
            AddressArgument a = AddressArgument.parse(argument);
            if (a.error() != null) {
                ok = false;
                out.print("- error while " + doing + ":\n  bad address " + argument + ": " + a.error() + "\n");
            } else if (!a.hasDomain()) {
                ok = false;
                out.print("- error while " + doing + ":\n  bad address " + argument + ": domain missing\n");
            } else if (action == MessageAction.ADD_RECIPIENT) {
                b.recipient(a.address());
                log.main(id, "recipient <" + a.address() + "> added by " + caller.login());
            } else if (action == MessageAction.MARK_DELIVERED) {
                boolean known = h.recipients().stream().anyMatch(r -> r.address().equals(a.address()));
                if (!known) {
                    ok = false;
                    out.print("- error while " + doing + ":\n  " + a.address()
                            + " is not a recipient: message not updated\n");
                } else {
                    b.nonRecipient(a.address());
                    log.main(id, "address <" + a.address() + "> marked delivered by " + caller.login());
                }
            } else {
                b.sender(a.address());
                log.main(id, "sender address changed to <" + a.address() + "> by " + caller.login());
            }
        }
        if (!ok) {
            return false;
        }
        try {
            writeHeader(b.build());
        } catch (IOException | IllegalArgumentException e) {
            out.print("- while " + doing + ": " + e.getMessage() + "\n");
            return false;
        }
        out.print("has been modified\n");
        return true;
    }
}
