package org.osprey.mta.core.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.acl.AclEngine;
import org.osprey.mta.core.acl.AclResult;
import org.osprey.mta.core.acl.AclVerdict;
import org.osprey.mta.core.acl.AclWhere;

/** Sessions over piped streams; expected replies, spool files and log lines recorded from Exim 4.96. */
class SmtpSessionTest {
    @TempDir
    Path dir;

    /** accept domains = test.example; deny message = relay not permitted. */
    static final AclEngine RELAY = (where, subject) -> {
        if (where != AclWhere.RCPT) {
            return null;
        }
        return subject.recipient().endsWith("@test.example") ? AclResult.of(AclVerdict.ACCEPT)
                : new AclResult(AclVerdict.DENY, "relay not permitted", null, List.of(), List.of());
    };

    @Test
    void acceptsAMessageAsEximDoes() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        String replies = f.remote(RELAY, "EHLO client.example\r\nMAIL FROM:<a@b.example>\r\n"
                + "RCPT TO:<u@test.example>\r\nRCPT TO:<u@other.example>\r\nDATA\r\nSubject: hi\r\n\r\nbody\r\n"
                + "..dot\r\n.\r\nQUIT\r\n");
        assertEquals("""
                220 mx.test.example ESMTP Exim 4.96 DATE\r
                250-mx.test.example Hello client.example [10.0.0.1]\r
                250-SIZE 52428800\r
                250-8BITMIME\r
                250-PIPELINING\r
                250-PIPECONNECT\r
                250-CHUNKING\r
                250-SMTPUTF8\r
                250 HELP\r
                250 OK\r
                250 Accepted\r
                550 relay not permitted\r
                354 Enter message, ending with "." on a line by itself\r
                250 OK id=ID\r
                221 mx.test.example closing connection\r
                """, SessionFixture.normalise(replies).replace("Osprey", "Exim").replaceAll("Exim [0-9.]+[^ ]*", "Exim 4.96"));
        assertEquals(1, f.accepted.size());
        String id = f.accepted.get(0).toString();
        assertEquals(List.of(id + "-D", id + "-H"), f.spoolNames());
        assertEquals(id + "-D\nbody\n.dot\n", f.spoolFile(id + "-D"));
        assertEquals("""
                ID-H
                mta 999 999
                <a@b.example>
                TIME 0
                -received_time_usec .USEC
                -received_time_complete TIME.USEC
                --helo_name client.example
                --host_address [10.0.0.1]:2525
                --interface_address [10.0.0.2]:25
                -received_protocol esmtp
                -body_linecount 2
                -max_received_linelength 11
                -deliver_firsttime
                -tls_resumption A
                XX
                1
                u@test.example

                NNNP Received: from [10.0.0.1] (helo=client.example)
                	by mx.test.example with esmtp (Exim 4.96)
                	(envelope-from <a@b.example>)
                	id ID
                	for u@test.example;
                	DATE
                012  Subject: hi
                """, SessionFixture.normalise(f.spoolFile(id + "-H")).replaceAll("Osprey [^)]*\\)", "Exim 4.96)").replaceAll("\\d{3}P Received", "NNNP Received"));
        String main = f.mainlog();
        assertTrue(main.contains("H=(client.example) [10.0.0.1] F=<a@b.example> rejected RCPT <u@other.example>: "
                + "relay not permitted\n"), main);
        assertTrue(main.contains(id + " <= a@b.example H=(client.example) [10.0.0.1] P=esmtp S="), main);
        assertTrue(f.rejectlog().contains("rejected RCPT <u@other.example>: relay not permitted"), f.rejectlog());
    }
}
