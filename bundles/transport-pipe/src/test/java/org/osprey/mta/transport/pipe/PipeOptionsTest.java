package org.osprey.mta.transport.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.transport.TransportDriver;

/** The option table, Exim's defaults, and the checks Exim's pipe_transport_init makes. */
class PipeOptionsTest {

    private static Settings settings(String... options) throws Exception {
        return Settings.from("t", Fixture.config(options).options());
    }

    private static String refused(String... options) {
        return assertThrows(ConfigurationException.class, () -> settings(options)).getMessage();
    }

    /** The private options that {@code exim -bP transport} shows for a pipe transport (Exim 4.96, Debian's build). */
    @Test
    void theTableHasEveryOptionOfEximsBuild() {
        String exim = "allow_commands batch_id batch_max check_string command environment escape_string "
                + "force_command freeze_exec_fail freeze_signal ignore_status log_defer_output log_fail_output "
                + "log_output max_output message_prefix message_suffix path permit_coredump pipe_as_creator "
                + "restrict_to_path return_fail_output return_output temp_errors timeout timeout_defer umask "
                + "use_bsmtp use_crlf use_shell";
        assertEquals(List.of(exim.split(" ")),
                PipeOptions.TABLE.options().stream().map(org.osprey.mta.kernel.option.Option::name).toList());
    }

    @Test
    void eximsDefaults() throws Exception {
        Settings s = settings("command", "/bin/true");
        assertEquals("/bin:/usr/bin", s.path());
        assertEquals(List.of(75, 73), s.tempErrors());
        assertEquals(Duration.ofHours(1), s.timeout());
        assertEquals(20480, s.maxOutput());
        assertEquals(022, s.umask());
        assertEquals(PipeOptions.FROM_LINE, s.prefix());
        assertEquals("\n", s.suffix());
        assertEquals("", s.checkString());
        assertTrue(s.isTemporary(75));
    }

    @Test
    void batchedSmtpHasNoDefaultAffixesAndDotStuffsInsteadOfEscaping() throws Exception {
        Settings s = settings("use_bsmtp", "true", "check_string", "From ", "escape_string", ">From ");
        assertNull(s.prefix());
        assertNull(s.suffix());
        assertEquals("", s.checkString());
    }

    @Test
    void sizesAndTimesAreReadAsEximReadsThem() throws Exception {
        Settings s = settings("max_output", "1K", "timeout", "2m", "temp_errors", "1 : 2:3", "umask", "077");
        assertEquals(1024, s.maxOutput());
        assertEquals(Duration.ofMinutes(2), s.timeout());
        assertEquals(List.of(1, 2, 3), s.tempErrors());
        assertEquals(077, s.umask());
        assertNull(settings("temp_errors", "*").tempErrors());
    }

    @Test
    void contradictionsAreRefusedWithEximsWords() {
        assertEquals("both return_output and return_fail_output set for t transport",
                refused("return_output", "true", "return_fail_output", "true"));
        assertEquals("both log_output and log_fail_output set for the t transport",
                refused("log_output", "true", "log_fail_output", "true"));
        assertEquals("both restrict_to_path and use_shell set for t transport",
                refused("restrict_to_path", "true", "use_shell", "true"));
        assertEquals("both allow_commands and use_shell set for t transport",
                refused("allow_commands", "/bin/cat", "use_shell", "true"));
        assertEquals("temp_errors must be a list of numbers or an asterisk for the t transport",
                refused("temp_errors", "75:x"));
    }

    @Test
    void theDriverIsFoundThroughServiceLoaderAsALocalTransport() {
        TransportDriver driver = ServiceLoader.load(TransportDriver.class).stream().map(ServiceLoader.Provider::get)
                .filter(d -> d instanceof PipeTransportDriver).findFirst().orElseThrow();
        assertTrue(driver.isLocal());
        assertTrue(driver.options().options().contains(PipeOptions.COMMAND));
    }
}
