package org.osprey.mta.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswdTest {
    @TempDir
    Path dir;

    @Test
    void readsPasswdAndGroupFilesFirstEntryWins() throws Exception {
        Path passwd = Files.writeString(dir.resolve("passwd"), """
                # a comment
                root:x:0:0:root:/root:/bin/bash
                alice:x:1001:100:Alice A:/home/alice:/bin/sh
                alice:x:2002:200:Second:/elsewhere:/bin/sh
                broken:x:notanumber:1:b:/b:/bin/sh
                """);
        Path group = Files.writeString(dir.resolve("group"), "users:x:100:\nstaff:x:50:alice\n");
        Passwd p = Passwd.fromFiles(passwd, group);
        assertEquals(Optional.of(new Passwd.Entry("alice", 1001, 100, "Alice A", "/home/alice", "/bin/sh")),
                p.user("alice"));
        assertTrue(p.user("Alice").isEmpty(), "names are caseful, as getpwnam's");
        assertTrue(p.user("broken").isEmpty());
        assertEquals(OptionalLong.of(50), p.groupId("staff"));
        assertTrue(Passwd.fromFiles(dir.resolve("none"), dir.resolve("none")).user("root").isEmpty());
    }
}
