package org.osprey.mta.transport.autoreply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.testing.TestMessage;
import org.osprey.mta.kernel.transport.Credentials;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;

/** The once and log files are the delivery's user's, as when Exim writes them under the user's uid. */
class UserFilesTest {
    private static final Credentials NOBODY = new Credentials("nobody", 65534, 65534, List.of());
    private static final Address USER = Address.of("user", "test.ex");

    @TempDir
    Path dir;

    private static boolean jvmIsRoot() throws Exception {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    }

    private Transport transport() throws Exception {
        OptionValues.Builder values = OptionValues.builder(AutoreplyOptions.TABLE);
        String[] settings = {"to", "$sender_address", "subject", "away", "text", "I am away.",
            "log", dir.resolve("user/log").toString(), "once", dir.resolve("user/once").toString(),
            "once_file_size", "100"};
        for (int i = 0; i < settings.length; i += 2) {
            values.set(settings[i], settings[i + 1]);
        }
        return new AutoreplyTransportDriver().create(new DriverConfig("t_auto", values.build()));
    }

    private static TestDelivery delivery() {
        Map<String, String> vars = new HashMap<>(Map.of("local_part", "user", "domain", "test.ex",
                "sender_address", "someone@example.org", "tod_epoch", "1700000000", "tod_log",
                "2023-11-14 22:13:20"));
        return new TestDelivery(TestMessage.simple("hello\n"), new TestExpander(vars), USER);
    }

    @Test
    void newOnceAndLogFilesBelongToTheUser() throws Exception {
        assumeTrue(jvmIsRoot(), "only a root JVM acts for another user");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = Files.createDirectory(dir.resolve("user"));
        Files.setAttribute(home, "unix:uid", 65534);
        Files.setAttribute(home, "unix:gid", 65534);
        TestDelivery d = delivery().as(NOBODY);
        assertInstanceOf(Outcome.Delivered.class, transport().deliver(d).outcome(USER).orElseThrow());
        assertEquals(1, d.submitted.size());
        for (String name : List.of("once", "log")) {
            Path f = home.resolve(name);
            assertEquals(65534, Files.getAttribute(f, "unix:uid"), name);
            assertEquals(65534, Files.getAttribute(f, "unix:gid"), name);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), name);
        }
    }

    @Test
    void aDirectoryTheUserCannotWriteDefersAsTheKernelWouldRefuse() throws Exception {
        assumeTrue(jvmIsRoot(), "only a root JVM acts for another user");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = Files.createDirectory(dir.resolve("user"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Outcome o = transport().deliver(delivery().as(NOBODY)).outcome(USER).orElseThrow();
        Outcome.Deferred d = assertInstanceOf(Outcome.Deferred.class, o);
        assertEquals("Failed to open \"once\" file " + home.resolve("once")
                + " when sending message from t_auto transport: Permission denied", d.message());
        assertFalse(Files.exists(home.resolve("once")));
        assertFalse(Files.exists(home.resolve("log")));
    }

    @Test
    void withoutCredentialsOrAsNonRootNothingIsChecked() throws Exception {
        Path f = dir.resolve("f");
        UserFiles none = UserFiles.of(Optional.empty(), 0);
        assertFalse(none.mayWrite(f));
        none.ownIfNew(f, false); // nothing to do, no error though the file does not exist
        UserFiles notRoot = UserFiles.of(Optional.of(NOBODY), 1000);
        assertFalse(notRoot.mayWrite(f));
        Files.writeString(f, "x");
        assertTrue(notRoot.mayWrite(f));
    }

    @Test
    void theUsersGroupsAndOthersBitsAreApplied() throws Exception {
        assumeTrue(jvmIsRoot(), "the checks are made for a root JVM");
        Path f = Files.writeString(dir.resolve("g"), "x");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(f, "unix:gid", 4242);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        UserFiles stranger = UserFiles.of(Optional.of(NOBODY), 0);
        assertThrows(AccessDeniedException.class, () -> stranger.mayRead(f));
        UserFiles member = UserFiles.of(Optional.of(new Credentials("m", 65534, 65534, List.of(4242))), 0);
        member.mayRead(f);
        assertThrows(AccessDeniedException.class, () -> member.mayWrite(f));
    }
}
