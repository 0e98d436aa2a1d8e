package org.osprey.mta.core.acl;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What {@code control =} can change for the rest of a session or message. The session owns
 * one and resets the per-message fields at each new MAIL.
 */
public final class AclControls {
    /** control = submission[/sender_retain][/domain=...][/name=...]. */
    public boolean submission;
    public boolean submissionSenderRetain;
    public String submissionDomain;
    public String submissionName;
    /** control = suppress_local_fixups. */
    public boolean suppressLocalFixups;
    /** control = queue_only (queue/only). */
    public boolean queueOnly;
    /** control = freeze[/no_tell]. */
    public boolean freeze;
    public boolean freezeNoTell;
    /** control = no_pipelining (connect or EHLO ACL): PIPELINING is not advertised. */
    public boolean noPipelining;
    /** control = no_multiline_responses. */
    public boolean noMultilineResponses;
    /** control = enforce_sync / no_enforce_sync. */
    public Boolean enforceSync;
    /** control = caseful_local_part / caselower_local_part (RCPT only). */
    public boolean casefulLocalPart;
    /** control = no_mbox_processing. */
    public boolean noMboxProcessing;
    /** control = no_mbox_unspool: the scan directory of the MIME ACL is left in place. */
    public boolean noMboxUnspool;
    /** control = fakedefer / fakereject [/message]. */
    public String fakeResponse;
    public boolean fakeDefer;
    /** control = allow_auth_unadvertised. */
    public boolean allowAuthUnadvertised;
    /** control = no_delay_flush, no_callout_flush. */
    public boolean noDelayFlush;
    public boolean noCalloutFlush;
    /** control = utf8_downconvert. */
    public String utf8Downconvert;
    /**
     * Rates {@code ratelimit} computed in this connection (per_conn) and this message
     * (per_mail, per_byte, all recipients), by key, so that a rate is updated once each.
     */
    public final Map<String, Double> ratelimitConnection = new HashMap<>();
    public final Map<String, Double> ratelimitMessage = new HashMap<>();
    /** The "Warning:" lines warn statements have logged for this message, each logged once. */
    public final Set<String> warningsLogged = new HashSet<>();

    /** Clears what lasts only for one message. */
    public void resetMessage() {
        submission = false;
        submissionSenderRetain = false;
        submissionDomain = null;
        submissionName = null;
        suppressLocalFixups = false;
        queueOnly = false;
        freeze = false;
        freezeNoTell = false;
        casefulLocalPart = false;
        noMboxProcessing = false;
        noMboxUnspool = false;
        fakeResponse = null;
        fakeDefer = false;
        utf8Downconvert = null;
        ratelimitMessage.clear();
        warningsLogged.clear();
    }
}
