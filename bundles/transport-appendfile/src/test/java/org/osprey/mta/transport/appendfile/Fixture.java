package org.osprey.mta.transport.appendfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.option.OptionValueException;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportResult;

/** Makes transports from option settings and runs deliveries through them. */
final class Fixture {
    static final String BSD_DATE = "Thu Jan  4 10:00:00 2024";
    static final Address USER = Address.of("user", "example.com");

    private Fixture() {
    }

    /** A transport named "t" with these option settings (name, value, name, value ...). */
    static Transport transport(String... settings) throws OptionValueException, ConfigurationException {
        return new AppendfileTransportDriver().create(config(settings));
    }

    static DriverConfig config(String... settings) throws OptionValueException {
        OptionValues.Builder values = OptionValues.builder(AppendfileOptions.TABLE);
        for (int i = 0; i < settings.length; i += 2) {
            values.set(settings[i], settings[i + 1]);
        }
        return new DriverConfig("t", values.build());
    }

    static Map<String, String> variables(String... more) {
        Map<String, String> vars = new HashMap<>(Map.of("local_part", "user", "local_part_data", "user",
                "domain", "example.com", "return_path", "sender@example.com", "tod_bsdinbox", BSD_DATE,
                "primary_hostname", "host.example", "home", "", "address_file", ""));
        for (int i = 0; i < more.length; i += 2) {
            vars.put(more[i], more[i + 1]);
        }
        return vars;
    }

    static TransportResult deliver(Transport t, Message m, Map<String, String> vars, Address... addresses) {
        List<Address> batch = addresses.length == 0 ? List.of(USER) : Arrays.asList(addresses);
        return t.deliver(new TestDelivery(m, batch, "t", new TestExpander(vars)));
    }

    /** The outcome of a one-address delivery with the default variables. */
    static Outcome deliverOne(Transport t, Message m) {
        return deliverOne(t, m, variables());
    }

    static Outcome deliverOne(Transport t, Message m, Map<String, String> vars) {
        TransportResult result = deliver(t, m, vars);
        assertEquals(1, result.outcomes().size());
        return result.outcome(USER).orElseThrow();
    }

    static Outcome.Deferred deferred(Outcome outcome) {
        return assertInstanceOf(Outcome.Deferred.class, outcome, () -> "expected a deferral: " + outcome);
    }

    static void assertDelivered(Outcome outcome) {
        assertEquals(new Outcome.Delivered(""), outcome);
    }

    static void assertDelivered(Outcome outcome, String why) {
        assertEquals(new Outcome.Delivered(""), outcome, why);
    }

    static int mode(Path p) throws IOException {
        return FileFacts.mode(p);
    }

    /** What the umask leaves of {@code mode} for a new directory, found by making one. */
    static int afterUmask(Path scratch, int mode) throws IOException {
        Path probe = Files.createTempDirectory(scratch, "umask");
        Files.setPosixFilePermissions(probe, FileFacts.permissions(0777));
        Path made = Files.createDirectory(probe.resolve("d"), FileFacts.creationMode(0777));
        int umaskComplement = FileFacts.mode(made);
        return mode & umaskComplement;
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /**
     * Makes {@code dir} refuse new entries for the life of the returned handle: mode 0500 for
     * an ordinary user; for root, whom modes do not stop, the immutable attribute (chattr +i),
     * or the test is skipped where the file system has none.
     */
    static AutoCloseable readOnly(Path dir) throws IOException, InterruptedException {
        if (!isRoot()) {
            FileFacts.chmod(dir, 0500);
            return () -> FileFacts.chmod(dir, 0700);
        }
        Assumptions.assumeTrue(chattr("+i", dir), "root, and no chattr +i here: cannot make a read-only directory");
        return () -> chattr("-i", dir);
    }

    private static boolean chattr(String flag, Path dir) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder("chattr", flag, dir.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Read-only errors as the system gives them: EACCES for a user, EPERM for root on an immutable directory. */
    static boolean isReadOnlyError(String text) {
        return text.startsWith("Permission denied: ") || text.startsWith("Operation not permitted: ");
    }
}
