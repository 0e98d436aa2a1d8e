package org.osprey.mta.core.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.acl.AclServices;
import org.osprey.mta.core.acl.ConfiguredAcls;
import org.osprey.mta.core.lists.JdkHostResolver;
import org.osprey.mta.core.registry.DriverRegistry;

/**
 * acl_smtp_mailauth: the ACL for the AUTH= parameter of MAIL. Expected replies and log lines
 * recorded from exim-reference -bh 127.0.0.2 with this ACL and a plaintext PLAIN
 * authenticator (user / secret), the same commands.
 */
class SmtpMailAuthAclTest {
    @TempDir
    Path dir;

    static final String ACL = """
            acl_smtp_rcpt = accept
            acl_smtp_mailauth = mailauth
            begin acl
            mailauth:
              deny condition = ${if eq{$authenticated_sender}{bad@x.example}}
                   message = not you
              defer condition = ${if eq{$authenticated_sender}{tmp@x.example}}
                   message = later
              accept condition = ${if def:authenticated_id}
              accept condition = ${if eq{$authenticated_sender}{anon@x.example}}
            """;

    @Test
    void theAclDecidesWhetherAuthIsTakenForAnyClient() throws Exception {
        SessionFixture f = new SessionFixture(dir, ACL);
        AclServices services = new AclServices(f.environment, null, new DriverRegistry(), f.log::log, () -> null,
                new JdkHostResolver(), Clock.systemUTC(), d -> { });
        String good = Base64.getEncoder().encodeToString("\0user\0secret".getBytes(StandardCharsets.ISO_8859_1));
        String r = f.run(SmtpSession.overStreams(f.service(ConfiguredAcls.of(f.config, services))
                .auth(SmtpSessionTest.PLAIN).build(), SessionFixture.in("EHLO x\r\n"
                        + "MAIL FROM:<a@b.example> AUTH=anon@x.example\r\nRSET\r\n"
                        + "MAIL FROM:<a@b.example> AUTH=other@x.example\r\nRSET\r\n"
                        + "MAIL FROM:<a@b.example> AUTH=bad@x.example\r\nRSET\r\n"
                        + "MAIL FROM:<a@b.example> AUTH=tmp@x.example\r\nRSET\r\n"
                        + "MAIL FROM:<a@b.example> AUTH=x+2Bx\r\nRSET\r\n"
                        + "AUTH PLAIN " + good + "\r\n"
                        + "MAIL FROM:<a@b.example> AUTH=other@x.example\r\nRCPT TO:<u@test.example>\r\nDATA\r\n"
                        + "Subject: s\r\n\r\nb\r\n.\r\nQUIT\r\n"), f.sink(), SessionFixture.CLIENT));
        String replies = r.replace("\r\n", "\n");
        // A denying ACL's message is the 250 reply when there is no MAIL ACL (smtp_in.c's user_msg).
        assertTrue(replies.contains("""
                250 OK
                250 Reset OK
                250 OK
                250 Reset OK
                250 not you
                250 Reset OK
                451 later
                250 Reset OK
                250 OK
                250 Reset OK
                235 Authentication succeeded
                250 OK
                250 Accepted
                """), replies);
        List<String> log = f.mainlog().lines().map(l -> l.replaceFirst("^\\S+ \\S+ (\\S{6}-\\S{6}-\\S{2} )?", ""))
                .filter(l -> l.contains("AUTH") || l.contains("<=")).toList();
        assertEquals(List.of(
                "ignoring AUTH=other@x.example from H=(x) [10.0.0.1] (rejected by ACL)",
                "ignoring AUTH=bad@x.example from H=(x) [10.0.0.1] (rejected by ACL)",
                "H=(x) [10.0.0.1] temporarily rejected MAILAUTH <a@b.example> AUTH=tmp@x.example: later",
                "ignoring AUTH=x+2Bx from H=(x) [10.0.0.1] (rejected by ACL)"),
                log.subList(0, 4));
        assertTrue(log.get(4).startsWith("<= a@b.example H=(x) [10.0.0.1] P=esmtpa A=plain_server:user S="), log.get(4));
        String id = f.accepted.get(0).toString();
        // The accepted AUTH= value is the message's authenticated sender.
        assertTrue(f.spoolFile(id + "-H").contains("\n-auth_sender other@x.example\n"), f.spoolFile(id + "-H"));
    }
}
