package org.osprey.mta.core.receive;

import java.util.List;

/**
 * Messages with address rewriting that Exim 4.96 received from standard input, recorded as
 * {@link RecordedCases} are (configuration, command line, spool files, logs; byte strings).
 */
final class RewriteRecordedCases {
    private RewriteRecordedCases() {
    }

    static final List<RecordedCase> CASES = List.of(
        new RecordedCase("rewrite-envelope-and-headers", "root", "log_selector = +address_rewrite\nbegin rewrite\n*@qd.example  ${local_part}@new.example\nbob@*   \"Robert <robert@$1>\" w\n",
            List.of("-f", "someone", "alice", "bob@z.example"),
            "From: me\nTo: alice, Bob Smith <bob@x.example> (c), carol@qd.example\nCc: \"Bob\" <bob@y.example>\nSubject: t\n\nbody\n",
            0, "",
            List.of("ID-D\nbody\n",
                "ID-H\nroot 0 0\n<someone@new.example>\nTIME 0\n-received_time_usec .USEC\n-received_time_complete TIME.USEC\n-ident root\n-received_protocol local\n-body_linecount 1\n-max_received_linelength 58\n-allow_unqualified_recipient\n-allow_unqualified_sender\n-deliver_firsttime\n-tls_resumption A\nXX\n2\nalice@new.example\nrobert@z.example\n\n153P Received: from root by test.example with local (Exim 4.96)\n\t(envelope-from <someone@new.example>)\n\tid ID;\n\tDATE\n009* From: me\n021F From: me@new.example\n059* To: alice, Bob Smith <bob@x.example> (c), carol@qd.example\n068T To: alice@new.example, Robert <robert@x.example>, carol@new.example\n026* Cc: \"Bob\" <bob@y.example>\n030C Cc: Robert <robert@y.example>\n011  Subject: t\n045I Message-Id: <EID@test.example>\n047* X-rewrote-original-recipient: alice@qd.example\n044* X-rewrote-original-recipient: bob@z.example\n037* X-rewrote-sender: someone@qd.example\n038  Date: DATE\n"),
            "STAMP ID \"alice@qd.example\" from env-to rewritten as \"alice@new.example\" by rule 1\nSTAMP ID \"bob@z.example\" from env-to rewritten as \"Robert <robert@z.example>\" by rule 2\nSTAMP ID \"someone@qd.example\" from env-from rewritten as \"someone@new.example\" by rule 1\nSTAMP ID \"me@qd.example\" from from: rewritten as \"me@new.example\" by rule 1\nSTAMP ID \"alice@qd.example\" from to: rewritten as \"alice@new.example\" by rule 1\nSTAMP ID \"bob@x.example\" from to: rewritten as \"Robert <robert@x.example>\" by rule 2\nSTAMP ID \"carol@qd.example\" from to: rewritten as \"carol@new.example\" by rule 1\nSTAMP ID \"bob@y.example\" from cc: rewritten as \"Robert <robert@y.example>\" by rule 2\nSTAMP ID <= someone@new.example U=root P=local S=372\n", "", "", "STAMP Received from someone@new.example U=root P=local S=372\n"),
        new RecordedCase("rewrite-bad-header-address", "root", "begin rewrite\n*@qd.example  ${local_part}@new.example\n",
            List.of("-f", "someone", "alice"),
            "From: me\nTo: a@b@c, x\nSubject: t\n\nbody\n",
            0, "",
            List.of("ID-D\nbody\n",
                "ID-H\nroot 0 0\n<someone@new.example>\nTIME 0\n-received_time_usec .USEC\n-received_time_complete TIME.USEC\n-ident root\n-received_protocol local\n-body_linecount 1\n-max_received_linelength 12\n-allow_unqualified_recipient\n-allow_unqualified_sender\n-deliver_firsttime\n-tls_resumption A\nXX\n1\nalice@new.example\n\n176P Received: from root by test.example with local (Exim 4.96)\n\t(envelope-from <someone@new.example>)\n\tid ID\n\tfor alice@new.example;\n\tDATE\n009* From: me\n021F From: me@new.example\n013* To: a@b@c, x\n025T To: a@b@c, x@new.example\n011  Subject: t\n045I Message-Id: <EID@test.example>\n047* X-rewrote-original-recipient: alice@qd.example\n037* X-rewrote-sender: someone@qd.example\n038  Date: DATE\n"),
            "STAMP ID rewrite: malformed address: @c may not follow a@b\nSTAMP ID <= someone@new.example U=root P=local S=322\n", "", "", "STAMP Received from someone@new.example U=root P=local S=322\n"),
        new RecordedCase("rewrite-extract-sender-header", "root", "begin rewrite\n*@qd.example  $1@new.example  sfT\nroot@new.example  \"The Root <root@top.example>\"  wf\nx@y.example  \"${if eq{$sender_address}{root@qd.example}{fail}{z@y.example}}\"  t\n",
            List.of("-t", "cc@qd.example"),
            "To: x@y.example, very-long-local-part-one, very-long-local-part-two, three\nCc: cc@qd.example\nReply-To: r\nSubject: t\n\nbody\n",
            0, "STAMP ID Rewrite of x@y.example yielded unqualified address \"fail\"\n",
            List.of("ID-D\nbody\n",
                "ID-H\nroot 0 0\n<root@qd.example>\nTIME 0\n-received_time_usec .USEC\n-received_time_complete TIME.USEC\n-ident root\n-received_protocol local\n-body_linecount 1\n-max_received_linelength 74\n-auth_id root\n-auth_sender root@qd.example\n-allow_unqualified_recipient\n-allow_unqualified_sender\n-deliver_firsttime\n-local\n-tls_resumption A\nNN cc@new.example\n5\nx@y.example\nvery-long-local-part-one@new.example\nvery-long-local-part-two@new.example\nthree@new.example\ncc@new.example\n\n149P Received: from root by test.example with local (Exim 4.96)\n\t(envelope-from <root@qd.example>)\n\tid ID;\n\tDATE\n075* To: x@y.example, very-long-local-part-one, very-long-local-part-two, three\n110T To: x@y.example, very-long-local-part-one@qd.example, \n\tvery-long-local-part-two@qd.example, three@qd.example\n018C Cc: cc@qd.example\n012* Reply-To: r\n023R Reply-To: r@qd.example\n011  Subject: t\n044* X-rewrote-original-recipient: cc@qd.example\n045I Message-Id: <EID@test.example>\n066* X-rewrote-original-recipient: very-long-local-part-one@qd.example\n066* X-rewrote-original-recipient: very-long-local-part-two@qd.example\n047* X-rewrote-original-recipient: three@qd.example\n044* X-rewrote-original-recipient: cc@qd.example\n029* From: root <root@qd.example>\n034F From: The Root <root@top.example>\n038  Date: DATE\n"),
            "STAMP ID Rewrite of x@y.example yielded unqualified address \"fail\"\nSTAMP ID <= root@qd.example U=root P=local S=434\n", "", "STAMP ID Rewrite of x@y.example yielded unqualified address \"fail\"\n", "STAMP Received from root@qd.example U=root P=local S=434\n"),
        new RecordedCase("rewrite-qualify-repeat-quit", "root", "begin rewrite\n\\N^a(.*)@r\\.example$\\N  $1@r.example  RQ\nstop@*  \"${if eq{$domain}{q.example}{fail}{halt@$domain}}\"  q\nstop@*  never@x.example\n*@r.example  $local_part  Q\n",
            List.of("-f", "stop@q.example", "aaab@r.example", "stop@w.example"),
            "From: stop@q.example\nTo: aaab@r.example\nSender: stop@w.example\nSubject: t\n\nbody\n",
            0, "STAMP ID Rewrite of stop@q.example yielded unqualified address \"fail\"\nSTAMP ID Rewrite of stop@q.example yielded unqualified address \"fail\"\n",
            List.of("ID-D\nbody\n",
                "ID-H\nroot 0 0\n<stop@q.example>\nTIME 0\n-received_time_usec .USEC\n-received_time_complete TIME.USEC\n-ident root\n-received_protocol local\n-body_linecount 1\n-max_received_linelength 22\n-allow_unqualified_recipient\n-allow_unqualified_sender\n-deliver_firsttime\n-tls_resumption A\nXX\n2\nb@qd.example\nhalt@w.example\n\n148P Received: from root by test.example with local (Exim 4.96)\n\t(envelope-from <stop@q.example>)\n\tid ID;\n\tDATE\n021F From: stop@q.example\n019* To: aaab@r.example\n017T To: b@qd.example\n023* Sender: stop@w.example\n023S Sender: halt@w.example\n011  Subject: t\n045I Message-Id: <EID@test.example>\n045* X-rewrote-original-recipient: aaab@r.example\n044* X-rewrote-original-recipient: aab@r.example\n043* X-rewrote-original-recipient: ab@r.example\n042* X-rewrote-original-recipient: b@r.example\n045* X-rewrote-original-recipient: stop@w.example\n038  Date: DATE\n"),
            "STAMP ID Rewrite of stop@q.example yielded unqualified address \"fail\"\nSTAMP ID Rewrite of stop@q.example yielded unqualified address \"fail\"\nSTAMP ID <= stop@q.example U=root P=local S=309\n", "", "STAMP ID Rewrite of stop@q.example yielded unqualified address \"fail\"\nSTAMP ID Rewrite of stop@q.example yielded unqualified address \"fail\"\n", "STAMP Received from stop@q.example U=root P=local S=309\n"),
        new RecordedCase("rewrite-resent", "root", "begin rewrite\n*@old.example  $1@new.example  h\n",
            List.of("-t"),
            "Resent-From: a@old.example\nResent-To: b@old.example, c@other.example\nFrom: x@old.example\nTo: y@old.example\nSubject: t\n\nbody\n",
            0, "",
            List.of("ID-D\nbody\n",
                "ID-H\nroot 0 0\n<root@qd.example>\nTIME 0\n-received_time_usec .USEC\n-received_time_complete TIME.USEC\n-ident root\n-received_protocol local\n-body_linecount 1\n-max_received_linelength 41\n-auth_id root\n-auth_sender root@qd.example\n-allow_unqualified_recipient\n-allow_unqualified_sender\n-deliver_firsttime\n-local\n-tls_resumption A\nXX\n2\nb@old.example\nc@other.example\n\n149P Received: from root by test.example with local (Exim 4.96)\n\t(envelope-from <root@qd.example>)\n\tid ID;\n\tDATE\n045  Resent-Date: DATE\n052I Resent-Message-Id: <EID@test.example>\n027* Resent-From: a@old.example\n027F Resent-From: a@new.example\n042* Resent-To: b@old.example, c@other.example\n042T Resent-To: b@new.example, c@other.example\n020* From: x@old.example\n020F From: x@new.example\n018* To: y@old.example\n018T To: y@new.example\n011  Subject: t\n"),
            "STAMP ID <= root@qd.example U=root P=local S=370\n", "", "", "STAMP Received from root@qd.example U=root P=local S=370\n")
);
}
