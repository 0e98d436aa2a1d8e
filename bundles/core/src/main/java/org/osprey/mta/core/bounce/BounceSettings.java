package org.osprey.mta.core.bounce;

import java.time.ZoneId;
import java.util.Objects;

import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;

/**
 * The main options that shape bounces and delay warnings, as set (not yet expanded:
 * {@code dsn_from}, {@code smtp_active_hostname}, {@code bounce_message_file} and
 * {@code warn_message_file} are expanded when a message is built, in its context).
 *
 * @param primaryHostname {@code primary_hostname}: {@code Reporting-MTA} by default, and the
 *        host a delay warning names
 * @param smtpActiveHostname {@code smtp_active_hostname} (unexpanded), or null for the primary
 *        host name: {@code Reporting-MTA}
 * @param dsnFrom {@code dsn_from} (unexpanded): the From header
 * @param errorsReplyTo {@code errors_reply_to}, or null
 * @param bounceMessageFile {@code bounce_message_file} (unexpanded), or null
 * @param bounceMessageText {@code bounce_message_text}, or null
 * @param warnMessageFile {@code warn_message_file} (unexpanded), or null
 * @param returnMessage {@code bounce_return_message}: include any of the original message
 * @param returnBody {@code bounce_return_body}: include the body, not only the headers
 * @param returnSizeLimit {@code bounce_return_size_limit} in bytes, 0 for none
 * @param returnLinesizeLimit {@code bounce_return_linesize_limit}
 * @param zone the time zone ({@code timezone}) of the message logs and of the dates delivery writes
 * @param originatorLogin the login the new message is from ({@code exim_user}'s name)
 * @param originatorUid its uid
 * @param originatorGid its gid
 */
public record BounceSettings(String primaryHostname, String smtpActiveHostname, String dsnFrom,
        String errorsReplyTo, String bounceMessageFile, String bounceMessageText,
        String warnMessageFile, boolean returnMessage, boolean returnBody, int returnSizeLimit,
        int returnLinesizeLimit, ZoneId zone, String originatorLogin, long originatorUid, long originatorGid) {

    public BounceSettings {
        Objects.requireNonNull(primaryHostname, "primaryHostname");
        Objects.requireNonNull(dsnFrom, "dsnFrom");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(originatorLogin, "originatorLogin");
    }

    /**
     * The settings of a configuration; the new messages come from {@code login} (uid, gid),
     * the MTA's own user, as Exim's come from the exim user.
     */
    public static BounceSettings of(Configuration config, String login, long uid, long gid) {
        String tz = config.get(MainOptions.TIMEZONE);
        ZoneId zone = tz == null || tz.isEmpty() ? ZoneId.systemDefault() : ZoneId.of(tz);
        return new BounceSettings(config.get(MainOptions.PRIMARY_HOSTNAME),
                config.get(MainOptions.SMTP_ACTIVE_HOSTNAME), config.get(MainOptions.DSN_FROM),
                config.get(MainOptions.ERRORS_REPLY_TO),
                config.get(MainOptions.BOUNCE_MESSAGE_FILE), config.get(MainOptions.BOUNCE_MESSAGE_TEXT),
                config.get(MainOptions.WARN_MESSAGE_FILE), config.get(MainOptions.BOUNCE_RETURN_MESSAGE),
                config.get(MainOptions.BOUNCE_RETURN_BODY), config.get(MainOptions.BOUNCE_RETURN_SIZE_LIMIT),
                config.get(MainOptions.BOUNCE_RETURN_LINESIZE_LIMIT), zone, login, uid, gid);
    }

    /** Defaults as Exim's, for a host name and a qualify domain (tests, tools). */
    public static BounceSettings defaults(String primaryHostname, String qualifyDomain) {
        return new BounceSettings(primaryHostname, null,
                "Mail Delivery System <Mailer-Daemon@" + qualifyDomain + ">", null, null, null, null, true, true,
                100 * 1024, 998, ZoneId.of("UTC"), "mail", 8, 8);
    }

    /** A copy with other bounce_return_* values. */
    public BounceSettings withReturn(boolean message, boolean body, int sizeLimit, int linesizeLimit) {
        return new BounceSettings(primaryHostname, smtpActiveHostname, dsnFrom, errorsReplyTo,
                bounceMessageFile, bounceMessageText, warnMessageFile, message, body, sizeLimit, linesizeLimit, zone,
                originatorLogin, originatorUid, originatorGid);
    }

    /** A copy with these template files and bounce_message_text. */
    public BounceSettings withTexts(String bounceFile, String bounceText, String warnFile) {
        return new BounceSettings(primaryHostname, smtpActiveHostname, dsnFrom, errorsReplyTo,
                bounceFile, bounceText, warnFile, returnMessage, returnBody, returnSizeLimit, returnLinesizeLimit,
                zone, originatorLogin, originatorUid, originatorGid);
    }

    /** A copy whose new messages come from this login. */
    public BounceSettings withOriginator(String login, long uid, long gid) {
        return new BounceSettings(primaryHostname, smtpActiveHostname, dsnFrom, errorsReplyTo,
                bounceMessageFile, bounceMessageText, warnMessageFile, returnMessage, returnBody, returnSizeLimit,
                returnLinesizeLimit, zone, login, uid, gid);
    }
}
