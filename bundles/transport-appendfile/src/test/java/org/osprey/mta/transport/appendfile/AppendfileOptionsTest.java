package org.osprey.mta.transport.appendfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionValueException;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.transport.TransportDriver;

class AppendfileOptionsTest {
    private final AppendfileTransportDriver driver = new AppendfileTransportDriver();

    @Test
    void isALocalTransportNamedForBothTheServiceRegistryAndTheLauncher() throws IOException {
        MtaDriver names = AppendfileTransportDriver.class.getAnnotation(MtaDriver.class);
        assertEquals("transport", names.kind());
        assertEquals("appendfile", names.name());
        assertTrue(driver.isLocal());
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/" + TransportDriver.class.getName())) {
            assertEquals(AppendfileTransportDriver.class.getName(),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }

    /** The private options of {@code exim -bP transport} for an appendfile transport (Exim 4.96, Debian's build). */
    @Test
    void theTableListsEveryOptionOfEximsBuildInNameOrder() {
        List<String> names = driver.options().options().stream().map(Option::name).toList();
        String exim = "expand_maildir_use_size_file allow_fifo allow_symlink batch_id batch_max check_group "
                + "check_owner check_string create_directory create_file directory directory_file directory_mode "
                + "escape_string file file_format file_must_exist lock_fcntl_timeout lock_flock_timeout "
                + "lock_interval lock_retries lockfile_mode lockfile_timeout mailbox_filecount mailbox_size "
                + "maildir_format maildir_quota_directory_regex maildir_retries maildir_tag maildir_use_size_file "
                + "maildirfolder_create_regex mailstore_format mailstore_prefix mailstore_suffix message_prefix "
                + "message_suffix mode mode_fail_narrower notify_comsat quota quota_directory quota_filecount "
                + "quota_is_inclusive quota_size_regex quota_warn_message quota_warn_threshold use_bsmtp use_crlf "
                + "use_fcntl_lock use_flock_lock use_lockfile";
        assertEquals(Stream.of(exim.split(" ")).sorted().toList(), names);
    }

    @Test
    void theNewOptionsHaveEximsDefaults() {
        OptionValues v = OptionValues.builder(driver.options()).build();
        assertEquals("q${base62:$tod_epoch}-$inode", AppendfileOptions.DIRECTORY_FILE.defaultValue());
        assertEquals(Duration.ZERO, v.get(AppendfileOptions.LOCK_FCNTL_TIMEOUT));
        assertEquals(Duration.ZERO, v.get(AppendfileOptions.LOCK_FLOCK_TIMEOUT));
        assertFalse(v.get(AppendfileOptions.ALLOW_FIFO));
        assertFalse(v.get(AppendfileOptions.ALLOW_SYMLINK));
        assertFalse(v.get(AppendfileOptions.NOTIFY_COMSAT));
        assertFalse(v.get(AppendfileOptions.MAILSTORE_FORMAT));
        assertFalse(v.isSet(AppendfileOptions.MAILBOX_SIZE));
    }

    @Test
    void maildirAndMailstoreTogetherAreRefusedInEximsWords() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Fixture.transport("directory", "/d", "maildir_format", "true", "mailstore_format", "true"));
        assertEquals("t transport:\n  only one of maildir and mailstore may be specified", e.getMessage());
    }

    @Test
    void mailstoreHasNoMailboxDefaults() throws Exception {
        Settings s = Settings.from("t", Fixture.config("directory", "/d", "mailstore_format", "true").options());
        assertEquals("", s.checkString());
        assertNull(s.prefix());
    }

    @Test
    void defaultsAreExims() {
        OptionValues v = OptionValues.builder(driver.options()).build();
        assertEquals(1, v.get(AppendfileOptions.BATCH_MAX));
        assertEquals("From ", v.get(AppendfileOptions.CHECK_STRING));
        assertEquals(">From ", v.get(AppendfileOptions.ESCAPE_STRING));
        assertTrue(v.get(AppendfileOptions.CREATE_DIRECTORY));
        assertEquals("anywhere", v.get(AppendfileOptions.CREATE_FILE));
        assertEquals(0600, v.get(AppendfileOptions.MODE));
        assertEquals(0700, v.get(AppendfileOptions.DIRECTORY_MODE));
        assertEquals(0600, v.get(AppendfileOptions.LOCKFILE_MODE));
        assertFalse(v.get(AppendfileOptions.FILE_MUST_EXIST));
        assertFalse(v.get(AppendfileOptions.MAILDIR_FORMAT));
        assertFalse(v.get(AppendfileOptions.USE_CRLF));
        assertTrue(v.get(AppendfileOptions.MODE_FAIL_NARROWER));
        assertTrue(v.get(AppendfileOptions.QUOTA_IS_INCLUSIVE));
        assertTrue(v.get(AppendfileOptions.USE_LOCKFILE));
        assertTrue(v.get(AppendfileOptions.USE_FCNTL_LOCK));
        assertEquals(10, v.get(AppendfileOptions.LOCK_RETRIES));
        assertEquals(Duration.ofSeconds(3), v.get(AppendfileOptions.LOCK_INTERVAL));
        assertEquals(Duration.ofMinutes(30), v.get(AppendfileOptions.LOCKFILE_TIMEOUT));
        assertEquals("From ${if def:return_path{$return_path}{MAILER-DAEMON}} ${tod_bsdinbox}\n",
                AppendfileOptions.MESSAGE_PREFIX.defaultValue());
        assertEquals("\n", AppendfileOptions.MESSAGE_SUFFIX.defaultValue());
        assertTrue(AppendfileOptions.FILE.isExpanded());
        assertTrue(AppendfileOptions.DIRECTORY.isExpanded());
        assertTrue(AppendfileOptions.QUOTA.isExpanded());
        assertNull(AppendfileOptions.FILE.defaultValue());
        assertNull(AppendfileOptions.QUOTA.defaultValue());
        assertEquals("0600", AppendfileOptions.MODE.type().format(AppendfileOptions.MODE.defaultValue()));
    }

    @Test
    void theMailboxDefaultsApplyToFilesButNotToDirectories() throws Exception {
        Settings file = Settings.from("t", Fixture.config("file", "/var/mail/$local_part").options());
        assertEquals("From ", file.checkString());
        assertEquals(">From ", file.escapeString());
        assertEquals(AppendfileOptions.MAILBOX_PREFIX, file.prefix());
        assertEquals("\n", file.suffix());

        Settings maildir = Settings.from("t",
                Fixture.config("directory", "/home/u/Maildir", "maildir_format", "true").options());
        assertEquals("", maildir.checkString());
        assertEquals("", maildir.escapeString());
        assertNull(maildir.prefix());
        assertNull(maildir.suffix());

        Settings plainDirectory = Settings.from("t", Fixture.config("directory", "/var/spool/out").options());
        assertEquals("", plainDirectory.checkString());
        assertNull(plainDirectory.prefix());

        Settings set = Settings.from("t", Fixture.config("directory", "/d", "check_string", "X",
                "escape_string", "Y", "message_prefix", "P").options());
        assertEquals("X", set.checkString());
        assertEquals("Y", set.escapeString());
        assertEquals("P", set.prefix());
        assertNull(set.suffix());

        Settings addressFile = Settings.from("t", Fixture.config().options());
        assertEquals("From ", addressFile.checkString(), "neither set: Exim's address_file case keeps the defaults");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mbx_format", "use_mbx_lock"})
    void mbxOptionsAreUnknownAsInEximBuiltWithoutMbx(String name) {
        OptionValueException e = assertThrows(OptionValueException.class,
                () -> OptionValues.builder(driver.options()).set(name, "true"));
        assertEquals("option \"" + name + "\" unknown", e.getMessage());
    }

    @Test
    void fileAndDirectoryTogetherAreRefusedInEximsWords() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Fixture.transport("file", "/a", "directory", "/b"));
        assertEquals("t transport: only one of \"file\" or \"directory\" can be specified", e.getMessage());
    }

    @Test
    void someLockingIsRequired() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Fixture.transport("file", "/a", "use_lockfile", "false", "use_fcntl_lock", "false"));
        assertEquals("t transport: no locking configured", e.getMessage());
    }

    @Test
    void createFileMustBeOneOfTheWordsOrAPath() throws Exception {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Fixture.transport("file", "/a", "create_file", "nowhere"));
        assertEquals("invalid value given for \"create_file\" for the t transport: 'nowhere'", e.getMessage());
        for (String ok : List.of("anywhere", "inhome", "belowhome", "/srv/mail")) {
            Fixture.transport("file", "/a", "create_file", ok);
        }
    }

    @Test
    void neitherFileNorDirectoryIsAValidConfigurationForRedirectedFiles() throws Exception {
        // Exim's address_file transport sets neither: the path comes from $address_file.
        Fixture.transport();
    }

    @Test
    void modesAreReadAsOctal() throws Exception {
        assertThrows(OptionValueException.class, () -> Fixture.config("mode", "0689"));
        Settings s = Settings.from("t", Fixture.config("file", "/a", "mode", "640", "directory_mode", "0750").options());
        assertEquals(0640, s.mode());
        assertEquals(0750, s.directoryMode());
    }

    @Test
    void lockRetriesOfZeroMeanOneTry() throws Exception {
        assertEquals(1, Settings.from("t", Fixture.config("file", "/a", "lock_retries", "0").options()).lockRetries());
    }

    @Test
    void dependenceOnAddressVariablesIsFoundAsEximFindsIt() throws Exception {
        assertTrue(Settings.depends(List.of("/var/mail/$local_part"), "local_part"));
        assertTrue(Settings.depends(List.of("/var/mail/${local_part}"), "local_part"));
        assertTrue(Settings.depends(List.of("/var/mail/$local_part_data"), "local_part"),
                "Exim counts $local_part_data: '_' is not alphanumeric");
        assertFalse(Settings.depends(List.of("/var/mail/$local_partx"), "local_part"));
        assertFalse(Settings.depends(List.of("/var/mail/local_part"), "local_part"));
        assertFalse(Settings.depends(List.of("/var/mail/$domain"), "local_part"));
        Settings s = Settings.from("t", Fixture.config("file", "/var/mail/$domain/box").options());
        assertTrue(s.dependsOnDomain());
        assertFalse(s.dependsOnLocalPart());
    }
}
