package org.osprey.mta.core.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.acl.AclServices;
import org.osprey.mta.core.acl.ConfiguredAcls;
import org.osprey.mta.core.config.ConfigOption;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.expand.ExpansionEnvironment;
import org.osprey.mta.core.expand.Settings;
import org.osprey.mta.core.lists.JdkHostResolver;
import org.osprey.mta.core.log.LogSelector;
import org.osprey.mta.core.registry.DriverRegistry;

/**
 * acl_not_smtp_start and acl_not_smtp in a local submission, as Exim 4.96 answers
 * {@code printf 'Subject: x\n\nbody\n' | exim -oep -odq user@x} with a denying acl_not_smtp:
 * "exim: message rejected by non-SMTP ACL: no local mail " on stderr, exit code 1, and
 * "F=<sender> rejected by non-SMTP ACL: local denied" in the main log.
 */
class LocalSubmissionAclTest {
    private static final Submitter ROOT = SubmissionFixture.user("root");
    private static final String ACLS = """
            acl_not_smtp_start = s1
            acl_not_smtp = n1
            begin acl
            s1:
              warn logwrite = start $sender_address
                   set acl_m0 = $sender_address
            n1:
              accept condition = ${if eq{$h_subject:}{ok}}
                     add_header = X-Checked: $acl_m0
              discard condition = ${if eq{$h_subject:}{drop}}
              deny message = no local mail $acl_m1
                   log_message = local denied
            """;

    @TempDir
    Path dir;
    private final List<String> aclLog = new ArrayList<>();

    private SubmissionFixture fixture() throws Exception {
        SubmissionFixture f = new SubmissionFixture(dir, ACLS);
        ExpansionEnvironment env = new ExpansionEnvironment() {
            @Override
            public Settings settings() {
                return name -> MainOptions.TABLE.find(name).map(o -> f.config.get((ConfigOption<?>) o))
                        .map(String::valueOf);
            }
        };
        AclServices services = new AclServices(env, null, new DriverRegistry(), e -> e.render(LogSelector.defaults()).ifPresent(aclLog::add), () -> null,
                new JdkHostResolver(), Clock.systemUTC(), d -> { });
        f.submission.withAcls(ConfiguredAcls.of(f.config, services));
        return f;
    }

    private static ByteArrayInputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private String mainlog() throws Exception {
        return Files.readString(dir.resolve("log/mainlog"));
    }

    @Test
    void a_denied_message_is_refused_as_exim_refuses_it() throws Exception {
        SubmissionFixture f = fixture();
        SubmissionException e = assertThrows(SubmissionException.class, () -> f.submission.submit(ROOT,
                SubmissionOptions.of(List.of("user@x")).withErrorMode(ErrorMode.STDERR), text("Subject: x\n\nbody\n")));
        assertEquals(1, e.exitCode());
        assertEquals("osprey: message rejected by non-SMTP ACL: no local mail \n", e.stderrText());
        assertEquals(List.of(), f.spoolNames());
        String log = mainlog();
        assertEquals(List.of("start root@qd.example"), aclLog);
        assertTrue(log.contains("F=<root@qd.example> rejected by non-SMTP ACL: local denied\n"), log);
    }

    @Test
    void an_accepted_message_gets_the_acl_headers_and_variables() throws Exception {
        SubmissionFixture f = fixture();
        SubmissionResult r = f.submission.submit(ROOT, SubmissionOptions.of(List.of("user@x")),
                text("Subject: ok\n\nbody\n"));
        String headers = Files.readString(dir.resolve("spool/input/" + r.id() + "-H"));
        assertTrue(headers.contains("X-Checked: root@qd.example\n"), headers);
    }

    @Test
    void a_discarded_message_is_blackholed() throws Exception {
        SubmissionFixture f = fixture();
        SubmissionException e = assertThrows(SubmissionException.class, () -> f.submission.submit(ROOT,
                SubmissionOptions.of(List.of("user@x")), text("Subject: drop\n\nbody\n")));
        assertEquals(List.of(), f.spoolNames());
        assertTrue(mainlog().contains("=> blackhole (non-SMTP ACL)\n"), mainlog());
        assertEquals(1, e.exitCode());
    }
}
