package org.osprey.mta.core.smtp;

import java.util.Locale;

/**
 * The SMTP commands as Exim's cmd_list has them, one row per command: the text it starts
 * with, whether it takes an argument, whether it counts as a mail command (those that do not
 * count against smtp_accept_max_nonmail), and whether pipelining lets it be followed by more
 * input without waiting for its reply. Those marked {@code firstFree} are not counted the first
 * time (RSET, HELO/EHLO and STARTTLS once before each message, AUTH once per connection and
 * after STARTTLS), as the seed's "non-mail commands" section lists them.
 */
enum SmtpCommand {
    RSET("rset", false, false, true, Sync.UNLESS_PIPELINING),
    HELO("helo", true, false, true, Sync.ALWAYS),
    EHLO("ehlo", true, false, true, Sync.ALWAYS),
    AUTH("auth", true, false, true, Sync.NEVER),
    STARTTLS("starttls", false, false, true, Sync.ALWAYS),
    MAIL("mail from:", true, true, false, Sync.UNLESS_PIPELINING),
    RCPT("rcpt to:", true, true, false, Sync.UNLESS_PIPELINING),
    DATA("data", false, true, false, Sync.ALWAYS),
    BDAT("bdat", true, true, false, Sync.NEVER),
    QUIT("quit", false, true, false, Sync.NEVER),
    NOOP("noop", true, false, false, Sync.ALWAYS),
    ETRN("etrn", true, false, false, Sync.ALWAYS),
    VRFY("vrfy", true, false, false, Sync.ALWAYS),
    EXPN("expn", true, false, false, Sync.ALWAYS),
    HELP("help", true, false, false, Sync.NEVER);

    final String text;
    final boolean hasArgument;
    /** Never counted as a non-mail command. */
    final boolean mailCommand;
    /** Not counted the first time (until the session makes it counted). */
    final boolean firstFree;
    /** Whether more input may follow it before its reply (Exim's sync_cmd_limit). */
    final Sync sync;

    /** When a command must be the last of what the client has sent so far. */
    enum Sync {
        /** Always (HELO, EHLO, DATA, VRFY, EXPN, NOOP, ETRN, STARTTLS). */
        ALWAYS,
        /** Unless PIPELINING was advertised (MAIL, RCPT, RSET). */
        UNLESS_PIPELINING,
        /** Never (AUTH, BDAT, QUIT, HELP). */
        NEVER
    }

    SmtpCommand(String text, boolean hasArgument, boolean mailCommand, boolean firstFree, Sync sync) {
        this.text = text;
        this.hasArgument = hasArgument;
        this.mailCommand = mailCommand;
        this.firstFree = firstFree;
        this.sync = sync;
    }

    /** The command a line starts with (Exim's prefix match: "mail from:" needs no space after it), or null. */
    static SmtpCommand match(String line) {
        for (SmtpCommand c : values()) {
            int len = c.text.length();
            if (line.length() >= len && line.regionMatches(true, 0, c.text, 0, len)
                    && (c.text.endsWith(":") || line.length() == len || line.charAt(len) == ' ')) {
                return c;
            }
        }
        return null;
    }

    /** The argument: what follows the command, leading white space skipped. */
    String argument(String line) {
        int p = text.length();
        while (p < line.length() && Character.isWhitespace(line.charAt(p))) {
            p++;
        }
        return line.substring(p);
    }

    /** The name in the "C=" list of a dropped connection's log line. */
    String logName() {
        return name().toUpperCase(Locale.ROOT);
    }
}
