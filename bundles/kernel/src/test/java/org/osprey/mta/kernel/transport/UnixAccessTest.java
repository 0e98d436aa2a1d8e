package org.osprey.mta.kernel.transport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixAccessTest {
    @TempDir
    Path tmp;

    private static int id(Path path, String which) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:" + which);
    }

    @Test
    void theOwnerGroupOrOtherBitsApplyByWhoTheUserIs() throws IOException {
        Path file = Files.createFile(tmp.resolve("f"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r---w---x"));
        int uid = id(file, "uid");
        int gid = id(file, "gid");
        Credentials owner = new Credentials("owner", uid, gid + 1, List.of());
        Credentials primary = new Credentials("primary", uid + 1, gid, List.of());
        Credentials member = new Credentials("member", uid + 1, gid + 1, List.of(gid));
        Credentials other = new Credentials("other", uid + 1, gid + 1, List.of(gid + 2));

        assertDoesNotThrow(() -> UnixAccess.require(owner, file, UnixAccess.READ));
        assertThrows(AccessDeniedException.class, () -> UnixAccess.require(owner, file, UnixAccess.WRITE),
                "the owner's bits only, though the others may write");
        assertDoesNotThrow(() -> UnixAccess.require(primary, file, UnixAccess.WRITE));
        assertDoesNotThrow(() -> UnixAccess.require(member, file, UnixAccess.WRITE));
        assertThrows(AccessDeniedException.class, () -> UnixAccess.require(member, file, UnixAccess.READ));
        assertDoesNotThrow(() -> UnixAccess.require(other, file, UnixAccess.SEARCH));
        assertThrows(AccessDeniedException.class,
                () -> UnixAccess.require(other, file, UnixAccess.SEARCH | UnixAccess.WRITE), "all wanted bits");
    }

    @Test
    void searchIsNeededOnEveryDirectoryDownToTheOneNamed() throws IOException {
        Path outer = Files.createDirectories(tmp.resolve("a"));
        Path inner = Files.createDirectories(outer.resolve("b"));
        Credentials other = new Credentials("other", id(outer, "uid") + 1, id(outer, "gid") + 1, List.of());
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(inner, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(outer, PosixFilePermissions.fromString("rwx--x--x"));
        // the temporary directory's ancestors (/tmp and /) are searchable by all
        assertDoesNotThrow(() -> UnixAccess.requireSearch(other, inner.resolve("missing/deeper")),
                "checked as far as the path exists");
        Files.setPosixFilePermissions(outer, PosixFilePermissions.fromString("rwxr--r--"));
        assertThrows(AccessDeniedException.class, () -> UnixAccess.requireSearch(other, inner));
        assertThrows(AccessDeniedException.class, () -> UnixAccess.requireSearch(other, inner.resolve("missing")),
                "a missing name does not skip the directories above it");
    }
}
