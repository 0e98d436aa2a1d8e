package org.osprey.mta.core.expand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Map;
import org.osprey.mta.kernel.expand.ExpansionException;

/** Items and operators that reach outside the string: ${readfile}, ${stat:}, ${acl} and ${authresults}. */
final class SystemItems {
    private SystemItems() {
    }

    static String readFile(Evaluation ev, List<String> args) throws ExpansionException {
        String file = args.get(0);
        String eol = args.get(1);
        byte[] data;
        try {
            Path path = Path.of(ByteStrings.external(file));
            data = Files.isDirectory(path) ? new byte[0] : Files.readAllBytes(path);
        } catch (IOException | RuntimeException e) {
            throw ExpansionException.error("failed to open " + file + ": " + reason(e));
        }
        String text = ByteStrings.of(data);
        return eol == null ? text : text.replace("\n", eol);
    }

    static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    static String stat(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        if (ev.context().forbids(Restriction.STAT)) {
            throw ExpansionException.error(Restriction.STAT.message());
        }
        Path path = Path.of(ByteStrings.external(s));
        try {
            PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class);
            Map<String, Object> unix = Files.readAttributes(path, "unix:*");
            int mode = (Integer) unix.get("mode");
            char type = a.isDirectory() ? 'd' : a.isRegularFile() ? '-' : a.isSymbolicLink() ? 'l'
                    : (mode & 0170000) == 0010000 ? 'p' : (mode & 0170000) == 0020000 ? 'c' : (mode & 0170000) == 0060000 ? 'b' : '?';
            String[] normal = {"---", "--x", "-w-", "-wx", "r--", "r-x", "rw-", "rwx"};
            StringBuilder smode = new StringBuilder().append(type);
            for (int shift = 6; shift >= 0; shift -= 3) {
                smode.append(normal[(mode >> shift) & 7]);
            }
            return String.format("mode=%04o smode=%s inode=%d device=%d links=%d uid=%d gid=%d size=%d atime=%d mtime=%d ctime=%d",
                    mode & 077777, smode, unix.get("ino"), unix.get("dev"), unix.get("nlink"), unix.get("uid"), unix.get("gid"),
                    a.size(), a.lastAccessTime().toMillis() / 1000, a.lastModifiedTime().toMillis() / 1000,
                    ((java.nio.file.attribute.FileTime) unix.get("ctime")).toMillis() / 1000);
        } catch (IOException | RuntimeException e) {
            throw ExpansionException.error("stat(" + s + ") failed: " + reason(e));
        }
    }

    /** ${acl{name}{args}}: the engine's ACLs, when it has given the expansion a way to run them. */
    static String acl(Evaluation ev, List<String> args) throws ExpansionException {
        AclRunner runner = ev.engine().environment().aclRunner();
        AclRunner.Result r = runner.run(args.get(0), args.subList(1, args.size()).stream().filter(a -> a != null).toList(),
                ev.context());
        switch (r.verdict()) {
            case OK: case FAIL: return r.message() == null ? "" : r.message();
            case DEFER: throw ExpansionException.forcedFailure("DEFER from acl \"" + args.get(0) + "\"");
            default: throw ExpansionException.error(r.verdict() + " from acl \"" + args.get(0) + "\"");
        }
    }

    static String authResults(Evaluation ev, List<String> args) {
        StringBuilder b = new StringBuilder("Authentication-Results: ").append(args.get(0));
        String host = ev.variable("sender_host_name", false);
        String address = ev.variable("sender_host_address", false);
        if (host != null && !host.isEmpty()) {
            b.append(";\n\tiprev=pass (").append(host).append(')');
            if (address != null && !address.isEmpty()) {
                b.append(" smtp.remote-ip=").append(address);
            }
        }
        String auth = ev.context().variableOrNull("sender_host_authenticated");
        String id = ev.context().variableOrNull("authenticated_id");
        if (auth != null && !auth.isEmpty() && address != null && !address.isEmpty()) {
            b.append(";\n\tauth=pass (").append(auth).append(')');
            if (id != null && !id.isEmpty()) {
                b.append(" smtp.auth=").append(id);
            }
        }
        return b.toString();
    }
}
