package org.osprey.mta.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks on options the reference's wrapper always sets (so the corpus cannot record
 * them): spool_directory, log_file_path, exim_user and exim_group.
 */
class MainChecksTest {
    @TempDir
    Path dir;

    Configs configs() {
        return new Configs(dir);
    }

    @Test
    void everyLogFilePathNeedsPercentS() {
        assertEquals("log_file_path \"/var/log/osprey/main\" does not contain \"%s\"",
                configs().error("log_file_path = syslog : /var/log/osprey/main\n").getMessage());
        assertEquals("log_file_path \"/var/log/%s-%x\" contains unexpected \"%\" character",
                configs().error("log_file_path = /var/log/%s-%x\n").getMessage());
    }

    @Test
    void aDatedLogFilePathIsExpandedAndKept() throws Exception {
        Configuration c = configs().load("log_file_path = /var/log/$primary_hostname/%slog-%D\n");
        assertEquals("/var/log/host.example/%slog-%D", c.get(MainOptions.LOG_FILE_PATH));
    }

    @Test
    void anEmptySpoolDirectoryIsRefused() {
        ConfigException e = configs().error("spool_directory =\n");
        assertEquals("LOG: MAIN PANIC DIE\n  spool_directory undefined: cannot proceed\n",
                e.report(ConfigException.Style.DEBUG, null));
    }

    @Test
    void theSpoolDirectoryIsExpandedAndGivesTheProcessLogPath() throws Exception {
        Configuration c = configs().load("spool_directory = /var/spool/$primary_hostname\n");
        assertEquals("/var/spool/host.example", c.get(MainOptions.SPOOL_DIRECTORY));
        assertEquals("/var/spool/host.example/exim-process.info", c.get(MainOptions.PROCESS_LOG_PATH));
    }

    @Test
    void theEximUserGivesTheEximGroupUnlessItIsSet() throws Exception {
        Configuration c = configs().load("exim_user = mail\n");
        assertEquals(8L, c.get(MainOptions.EXIM_USER));
        assertEquals(8L, c.get(MainOptions.EXIM_GROUP));
        Configuration d = configs().load("exim_group = daemon\nexim_user = mail\n");
        assertEquals(1L, d.get(MainOptions.EXIM_GROUP));
        assertEquals("exim_user = mail\nexim_group = daemon\n", Configs.print(d, true, "exim_user", "exim_group"));
    }

    @Test
    void theDefaultPrimaryHostNameQualifiesAddresses() throws Exception {
        Configuration c = configs().load("");
        assertEquals("host.example", c.get(MainOptions.PRIMARY_HOSTNAME));
        assertEquals("host.example", c.get(MainOptions.QUALIFY_RECIPIENT));
    }
}
