package org.osprey.mta.transport.appendfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osprey.mta.transport.appendfile.Fixture.assertDelivered;
import static org.osprey.mta.transport.appendfile.Fixture.deferred;
import static org.osprey.mta.transport.appendfile.Fixture.transport;
import static org.osprey.mta.transport.appendfile.Fixture.variables;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.testing.TestMessage;
import org.osprey.mta.kernel.transport.Credentials;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;

/**
 * Delivery as the local user when the JVM is root: what is made belongs to the user, and
 * what the user could not do is refused with the error the kernel would have given Exim
 * after its setuid. Runs only as root (the test user is nobody:nogroup).
 */
class DeliveryAsUserTest {
    @TempDir
    Path dir;
    private Path home;
    private int nobody;
    private int nogroup;
    private Credentials user;

    @BeforeEach
    void nobodysHome() throws IOException {
        Assumptions.assumeTrue(Fixture.isRoot(), "delivery as another user needs root");
        FileFacts.chmod(dir, 0755);
        home = Files.createDirectory(dir.resolve("home"));
        giveTo(home, "nobody", "nogroup");
        FileFacts.chmod(home, 0700);
        nobody = FileFacts.uid(home);
        nogroup = FileFacts.gid(home);
        user = new Credentials("nobody", nobody, nogroup, List.of());
    }

    static void giveTo(Path path, String owner, String group) throws IOException {
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(lookup.lookupPrincipalByName(owner));
        view.setGroup(lookup.lookupPrincipalByGroupName(group));
    }

    private Outcome deliver(Transport t, Credentials as, Map<String, String> vars) {
        UserDelivery d = new UserDelivery(TestMessage.simple("From the start\nbody\n"), List.of(Fixture.USER),
                new TestExpander(vars), as);
        return t.deliver(d).outcome(Fixture.USER).orElseThrow();
    }

    private Outcome deliver(Transport t) {
        return deliver(t, user, variables("home", home.toString()));
    }

    @Test
    void aNewMailboxAndItsDirectoriesBelongToTheUser() throws Exception {
        Path box = home.resolve("mail/sub/inbox");
        assertDelivered(deliver(transport("file", box.toString())));
        for (Path p : List.of(home.resolve("mail"), home.resolve("mail/sub"), box)) {
            assertEquals(nobody, FileFacts.uid(p), p.toString());
            assertEquals(nogroup, FileFacts.gid(p), p.toString());
        }
        assertEquals(0600, FileFacts.mode(box));
        assertFalse(Files.exists(home.resolve("mail/sub/inbox.lock")));
        assertTrue(Files.readString(box).contains("\n>From the start\n"));
        assertDelivered(deliver(transport("file", box.toString())), "the user's own mailbox takes a second message");
    }

    @Test
    void aDirectoryTheUserCannotWriteDefersAsEximDoes() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("spool"));
        FileFacts.chmod(shared, 0755); // root's: nobody may look but not write
        Path box = shared.resolve("inbox");
        Outcome.Deferred d = deferred(deliver(transport("file", box.toString())));
        // Exim 4.96 as uid 999 in a directory it cannot write (exim-reference):
        // "Permission denied: creating lock file hitching post <file>.lock.<host>.<hex>.<hex> (euid=999 egid=995)"
        assertTrue(d.message().matches("Permission denied: creating lock file hitching post "
                + box.toString().replace(".", "\\.") + "\\.lock\\.host\\.example\\.[0-9a-f]{8}\\.[0-9a-f]{8} \\(euid="
                + nobody + " egid=" + nogroup + "\\)"), d.message());
        Outcome.Deferred e = deferred(deliver(transport("file", box.toString(), "use_lockfile", "false")));
        assertEquals("Permission denied: while creating mailbox " + box, e.message());
        assertFalse(Files.exists(box));
        try (Stream<Path> left = Files.list(shared)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void aFileFromARedirectionThatTheUserCannotCreateFails() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("spool"));
        Path box = shared.resolve("saved");
        Transport t = transport("use_lockfile", "false");
        Outcome o = deliver(t, user, variables("home", home.toString(), "address_file", box.toString()));
        assertEquals("Permission denied: while creating mailbox " + box,
                assertInstanceOf(Outcome.Failed.class, o).message());
    }

    @Test
    void aPathTheUserCannotSearchIsRefused() throws Exception {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        FileFacts.chmod(locked, 0700); // root's, closed
        Path inner = Files.createDirectory(locked.resolve("open"));
        giveTo(inner, "nobody", "nogroup");
        Path box = inner.resolve("inbox");
        Outcome.Deferred d = deferred(deliver(transport("file", box.toString())));
        assertEquals("Permission denied: failed to create directories for " + box + ": Permission denied",
                d.message());
        Outcome.Deferred e = deferred(deliver(transport("file", box.toString(), "create_directory", "false",
                "use_lockfile", "false")));
        assertEquals("Permission denied: attempting to stat mailbox " + box, e.message());
    }

    @Test
    void aMailboxOfAnotherUserHasTheWrongUid() throws Exception {
        Path box = Files.writeString(home.resolve("inbox"), "");
        FileFacts.chmod(box, 0600); // root's
        Outcome.Deferred d = deferred(deliver(transport("file", box.toString())));
        assertEquals("mailbox " + box + " has wrong uid (0 != " + nobody + ")", d.message());
        Outcome.Deferred e = deferred(deliver(transport("file", box.toString(), "check_owner", "false")));
        assertEquals("Permission denied: while opening mailbox " + box, e.message());
        assertEquals("", Files.readString(box));
    }

    @Test
    void withoutCredentialsTheOwnerIsNotChecked() throws Exception {
        Path box = Files.writeString(home.resolve("inbox"), "");
        Files.setAttribute(box, "unix:uid", nobody);
        FileFacts.chmod(box, 0600);
        assertDelivered(deliver(transport("file", box.toString()), null, variables("home", home.toString())),
                "the JVM (root) delivers as itself to nobody's mailbox");
        assertEquals(nobody, FileFacts.uid(box));
    }

    @Test
    void checkGroupComparesTheGid() throws Exception {
        Path box = Files.writeString(home.resolve("inbox"), "");
        Files.setAttribute(box, "unix:uid", nobody);
        Files.setAttribute(box, "unix:gid", 0);
        FileFacts.chmod(box, 0600);
        assertDelivered(deliver(transport("file", box.toString())));
        Outcome.Deferred d = deferred(deliver(transport("file", box.toString(), "check_group", "true")));
        assertEquals("mailbox " + box + " has wrong gid (0 != " + nogroup + ")", d.message());
    }

    @Test
    void groupMembershipGivesWhatTheGroupBitsGive() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("spool"));
        Files.setAttribute(shared, "unix:gid", nogroup);
        FileFacts.chmod(shared, 0770);
        Path box = shared.resolve("inbox");
        assertDelivered(deliver(transport("file", box.toString())));
        assertEquals(nobody, FileFacts.uid(box));
        Path other = shared.resolve("other");
        Credentials notMember = new Credentials("nobody", nobody, 1, List.of());
        deferred(deliver(transport("file", other.toString(), "use_lockfile", "false"), notMember,
                variables("home", home.toString())));
        Credentials supplementary = new Credentials("nobody", nobody, 1, List.of(nogroup));
        assertDelivered(deliver(transport("file", other.toString()), supplementary,
                variables("home", home.toString())));
        assertEquals(1, FileFacts.gid(other), "a new file gets the delivery's primary gid");
    }

    @Test
    void aMaildirAndItsMessagesBelongToTheUser() throws Exception {
        Path maildir = home.resolve("Maildir");
        assertDelivered(deliver(transport("directory", maildir.toString(), "maildir_format", "true",
                "maildir_use_size_file", "true", "quota", "1M")));
        try (Stream<Path> all = Files.walk(maildir)) {
            for (Path p : all.toList()) {
                assertEquals(nobody, FileFacts.uid(p), p.toString());
                assertEquals(nogroup, FileFacts.gid(p), p.toString());
            }
        }
        assertTrue(Files.exists(maildir.resolve("maildirsize")));
    }

    @Test
    void aMaildirWhereTheUserCannotWriteIsRefused() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("spool"));
        Path maildir = shared.resolve("Maildir");
        Outcome.Deferred d = deferred(deliver(transport("directory", maildir.toString(), "maildir_format", "true")));
        assertEquals("Permission denied: cannot create " + maildir, d.message());
        assertFalse(Files.exists(maildir));
    }

    @Test
    void withoutRootOrCredentialsNothingIsChecked() {
        UserAccess asUser = UserAccess.of(java.util.Optional.of(new Credentials("u", 1000, 1000, List.of())), 1000,
                1000);
        assertFalse(asUser.enforcing());
        UserAccess none = UserAccess.of(java.util.Optional.empty(), 0, 0);
        assertFalse(none.enforcing());
        assertFalse(none.hasUser());
        assertEquals(0, none.uid());
        assertTrue(UserAccess.of(java.util.Optional.of(user), 0, 0).enforcing());
        assertFalse(UserAccess.of(java.util.Optional.of(new Credentials("root", 0, 0, List.of())), 0, 0).enforcing());
    }

}
