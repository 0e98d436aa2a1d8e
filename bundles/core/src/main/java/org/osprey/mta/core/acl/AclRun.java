package org.osprey.mta.core.acl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.osprey.mta.core.acl.AclResult.AddedHeader;
import org.osprey.mta.core.acl.AclVerb.Outcome;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.lists.ListMatching;
import org.osprey.mta.core.log.LogEvent;
import org.osprey.mta.core.log.LogFile;
import org.osprey.mta.core.log.LogText;
import org.osprey.mta.kernel.acl.AclContext;
import org.osprey.mta.kernel.acl.ConditionDriver;
import org.osprey.mta.kernel.acl.ConditionResult;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.expand.MatchResult;

/**
 * One check of an ACL at one point for one subject (Exim's acl_check and what it calls):
 * the statements in order, each statement's conditions and modifiers in order, the verbs'
 * rules, and the messages. Holds what the check accumulates: variables the conditions set
 * for later expansions ($acl_arg1, $sender_rate, $address_data ...), header changes, the
 * rates computed, a failed sender verification. Used by one thread.
 */
final class AclRun {
    private static final int MAX_LEVEL = 20;

    private final ConfiguredAcls acls;
    private final AclPlace where;
    private final AclSubject subject;
    private final Map<String, String> overlay = new HashMap<>();
    private final List<AddedHeader> added = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();
    private final Map<String, Double> commandRates = new HashMap<>();
    private final Map<String, AddressVerifier.Verification> sendersVerified = new HashMap<>();
    private int level;
    private AclResult.SenderVerifyFailure senderVerifyFailure;
    private boolean temporaryDetails;
    private Set<LogFile> rejectLog = EnumSet.of(LogFile.MAIN, LogFile.REJECT);

    /** Exim's user_msgptr and log_msgptr, shared by nested ACLs. */
    static final class Messages {
        String user;
        String log;
        /** The log message is the user message (Exim compares the pointers in acl_warn). */
        boolean logFromUser;
    }

    AclRun(ConfiguredAcls acls, AclPlace where, AclSubject subject) {
        this.acls = acls;
        this.where = where;
        this.subject = subject;
    }

    AclPlace where() {
        return where;
    }

    /** Exim's acl_check: the top-level run of an option's value (expanded first). */
    Outcome check(String option, Messages msgs) {
        level = 0;
        Outcome rc = checkInternal(option, msgs);
        if (rc == Outcome.DISCARD && (!where.inMessage() || where == AclPlace.PREDATA)) {
            panic("\"discard\" verb not allowed in " + where.eximName() + " ACL");
            return Outcome.ERROR;
        }
        if (rc == Outcome.FAIL_DROP && where == AclPlace.MAILAUTH) {
            panic("\"drop\" verb not allowed in " + where.eximName() + " ACL");
            return Outcome.ERROR;
        }
        return rc;
    }

    /** Exim's acl_eval for ${acl}: a named ACL with arguments, one level down. */
    Outcome eval(String name, List<String> arguments, Messages msgs) {
        Map<String, String> saved = saveArguments();
        setArguments(arguments);
        level++;
        try {
            return checkInternal(name, msgs);
        } finally {
            level--;
            overlay.putAll(saved);
        }
    }

    AclResult result(Outcome rc, Messages msgs) {
        AclVerdict verdict = switch (rc) {
            case OK -> AclVerdict.ACCEPT;
            case DISCARD -> AclVerdict.DISCARD;
            case FAIL -> AclVerdict.DENY;
            case FAIL_DROP -> AclVerdict.DROP;
            case DEFER -> AclVerdict.DEFER;
            case ERROR -> AclVerdict.ERROR;
        };
        return new AclResult(verdict, msgs.user, msgs.log, added.stream().map(AddedHeader::text).toList(),
                removed, added, senderVerifyFailure, temporaryDetails, rejectLog);
    }

    private Outcome checkInternal(String s, Messages msgs) {
        if (level > MAX_LEVEL) {
            msgs.log = "ACL nested too deep: possible loop";
            return Outcome.ERROR;
        }
        if (s == null) {
            return Outcome.FAIL;
        }
        String ss = s;
        if (level == 0) {
            try {
                ss = expand(s);
            } catch (ExpansionException e) {
                if (e.isForcedFailure()) {
                    return Outcome.OK;
                }
                msgs.log = "failed to expand ACL string \"" + s + "\": " + e.getMessage();
                return Outcome.ERROR;
            }
        }
        ss = ss.substring(AclParser.skipSpace(ss, 0));
        Acl acl;
        try {
            acl = acls.find(ss);
        } catch (AclSyntaxException e) {
            msgs.log = e.getMessage();
            return Outcome.ERROR;
        }
        for (AclStatement statement : acl.statements()) {
            msgs.user = null;
            msgs.log = null;
            temporaryDetails = false;
            boolean[] endpass = new boolean[1];
            Outcome cond = checkConditions(statement, msgs, endpass);
            boolean quitCheck = level == 0 && (where == AclPlace.QUIT || where == AclPlace.NOTQUIT);
            if (cond == Outcome.DEFER) {
                temporaryDetails = temporaryDetails || acls.returnErrorDetails();
                if (statement.verb() != AclVerb.WARN) {
                    return Outcome.DEFER;
                }
            } else if (cond == Outcome.ERROR) {
                return Outcome.ERROR;
            }
            switch (statement.verb()) {
                case ACCEPT -> {
                    if (cond == Outcome.OK || cond == Outcome.DISCARD || endpass[0]) {
                        return cond;
                    }
                }
                case DEFER -> {
                    if (cond == Outcome.OK) {
                        if (quitCheck) {
                            return badQuit(statement, msgs);
                        }
                        temporaryDetails = true;
                        return Outcome.DEFER;
                    }
                }
                case DENY -> {
                    if (cond == Outcome.OK) {
                        return quitCheck ? badQuit(statement, msgs) : Outcome.FAIL;
                    }
                }
                case DISCARD -> {
                    if (cond == Outcome.OK || cond == Outcome.DISCARD) {
                        return quitCheck ? badQuit(statement, msgs) : Outcome.DISCARD;
                    }
                    if (endpass[0]) {
                        return cond;
                    }
                }
                case DROP -> {
                    if (cond == Outcome.OK) {
                        return quitCheck ? badQuit(statement, msgs) : Outcome.FAIL_DROP;
                    }
                }
                case REQUIRE -> {
                    if (cond != Outcome.OK) {
                        return quitCheck ? badQuit(statement, msgs) : cond;
                    }
                }
                case WARN -> {
                    if (cond == Outcome.OK) {
                        warn(msgs.user, msgs.log, msgs.logFromUser);
                    } else if (cond == Outcome.DEFER && acls.logWarnSkipped()) {
                        logMain(hostAndIdent() + " Warning: ACL \"warn\" statement skipped: condition test deferred"
                                + (msgs.log != null ? ": " + msgs.log : ""));
                    }
                    msgs.user = null;
                    msgs.log = null;
                }
            }
        }
        return Outcome.FAIL;
    }

    private Outcome badQuit(AclStatement statement, Messages msgs) {
        msgs.log = "QUIT or not-QUIT toplevel ACL may not fail ('" + statement.verb().word() + "' verb used incorrectly)";
        return Outcome.ERROR;
    }

    /** Exim's acl_check_condition: the items of one statement, then its messages. */
    private Outcome checkConditions(AclStatement statement, Messages msgs, boolean[] endpass) {
        AclVerb verb = statement.verb();
        String userMessage = null;
        String logMessage = null;
        Outcome rc = Outcome.OK;
        msgs.logFromUser = false;
        for (AclItem item : statement.items()) {
            AclItemType type = item.type();
            if (type == AclItemType.MESSAGE) {
                userMessage = item.argument();
                continue;
            }
            if (type == AclItemType.LOG_MESSAGE) {
                logMessage = item.argument();
                continue;
            }
            if (type == AclItemType.ENDPASS) {
                endpass[0] = true;
                continue;
            }
            String arg = item.argument();
            if (type.expandAtTop()) {
                try {
                    arg = expand(arg);
                } catch (ExpansionException e) {
                    if (e.isForcedFailure()) {
                        continue;
                    }
                    msgs.log = "failed to expand ACL string \"" + item.argument() + "\": " + e.getMessage();
                    return e.isLookupDeferred() ? Outcome.DEFER : Outcome.ERROR;
                }
            }
            if (type.forbiddenAt(where)) {
                msgs.log = "cannot " + (type.modifier() ? "use" : "test") + " " + item.name() + " condition in "
                        + where.eximName() + " ACL";
                return Outcome.ERROR;
            }
            rc = switch (type) {
                case ADD_HEADER -> {
                    HeaderSetup.add(arg, added);
                    yield Outcome.OK;
                }
                case ACL -> {
                    Outcome r = nested(arg, msgs);
                    if (r == Outcome.DISCARD && verb != AclVerb.ACCEPT && verb != AclVerb.DISCARD) {
                        msgs.log = "nested ACL returned \"discard\" for \"" + verb.word()
                                + "\" command (only allowed with \"accept\" or \"discard\")";
                        yield Outcome.ERROR;
                    }
                    yield r;
                }
                case AUTHENTICATED -> {
                    String id = variable("sender_host_authenticated");
                    yield id == null ? Outcome.FAIL : listOutcome(matching().localPart(arg, id, true), msgs, null);
                }
                case CONDITION -> condition(arg, msgs);
                case CONTINUE -> Outcome.OK;
                case CONTROL -> control(arg, msgs);
                case DECODE -> {
                    MimePart part = subject.mimePart();
                    yield part == null ? Outcome.FAIL : switch (part.decode(arg)) {
                        case OK -> Outcome.OK;
                        case FAIL -> Outcome.FAIL;
                        case DEFER -> Outcome.DEFER;
                    };
                }
                case DELAY -> delay(arg, msgs);
                case DOMAINS -> {
                    String domain = variable("domain");
                    yield listOutcome(matching().domain(arg, domain == null ? "" : domain, true), msgs, "domain_data");
                }
                case ENCRYPTED -> {
                    String cipher = variable("tls_in_cipher");
                    if (cipher == null) {
                        yield Outcome.FAIL;
                    }
                    String[] parts = cipher.split(":", -1);
                    yield listOutcome(matching().localPart(arg, parts.length > 1 ? parts[1] : parts[0], true), msgs,
                            null);
                }
                case HOSTS -> {
                    String address = variable("sender_host_address");
                    String name = variable("sender_host_name");
                    yield listOutcome(matching().host(arg, address == null ? "" : name, address == null ? "" : address,
                            true), msgs, "host_data");
                }
                case LOCAL_PARTS -> {
                    String lp = variable("local_part");
                    yield listOutcome(matching().localPart(arg, lp == null ? "" : lp, true), msgs, "local_part_data");
                }
                case LOG_REJECT_TARGET -> {
                    rejectLog = EnumSet.noneOf(LogFile.class);
                    for (String name : EximLists.split(arg, ':', true)) {
                        switch (name) {
                            case "main" -> rejectLog.add(LogFile.MAIN);
                            case "panic" -> rejectLog.add(LogFile.PANIC);
                            case "reject" -> rejectLog.add(LogFile.REJECT);
                            default -> {
                                rejectLog.add(LogFile.MAIN);
                                rejectLog.add(LogFile.REJECT);
                                panic("unknown log name \"" + name + "\" in \"log_reject_target\" in "
                                        + where.eximName() + " ACL");
                            }
                        }
                    }
                    yield Outcome.OK;
                }
                case LOGWRITE -> {
                    logwrite(arg);
                    yield Outcome.OK;
                }
                case MIME_REGEX -> mimeRegex(arg);
                case RATELIMIT -> {
                    RateLimiter.Result r = acls.rateLimiter().check(arg, rateFacts());
                    if (r.logMessage() != null) {
                        msgs.log = r.logMessage();
                    }
                    yield r.outcome();
                }
                case RECIPIENTS -> {
                    String rcpt = subject.recipient();
                    yield listOutcome(matching().address(arg, rcpt == null ? "" : rcpt, true), msgs, "recipient_data");
                }
                case REMOVE_HEADER -> {
                    if (!arg.isEmpty()) {
                        removed.add(arg);
                    }
                    yield Outcome.OK;
                }
                case SENDER_DOMAINS -> {
                    String sender = subject.sender() == null ? "" : subject.sender();
                    int at = sender.lastIndexOf('@');
                    yield listOutcome(matching().domain(arg, at < 0 ? "" : sender.substring(at + 1), true), msgs, null);
                }
                case SENDERS -> listOutcome(matching().address(arg, subject.sender() == null ? "" : subject.sender(),
                        true), msgs, "sender_data");
                case SET -> {
                    subject.setVariable(item.variable(), arg);
                    yield Outcome.OK;
                }
                case VERIFY -> {
                    Outcome r = new Verification(this, acls).verify(arg, msgs);
                    if (msgs.user != null) {
                        overlay.put("acl_verify_message", msgs.user);
                    }
                    if (verb == AclVerb.WARN) {
                        msgs.user = null;
                    }
                    yield r;
                }
                case DRIVER -> driver(item.name(), arg, msgs);
                case MESSAGE, LOG_MESSAGE, ENDPASS -> Outcome.OK;
            };
            if (!type.modifier() && item.negated()) {
                if (rc == Outcome.OK) {
                    rc = Outcome.FAIL;
                } else if (rc == Outcome.FAIL || rc == Outcome.FAIL_DROP) {
                    rc = Outcome.OK;
                }
            }
            if (rc != Outcome.OK) {
                break;
            }
        }
        if (endpass[0] && rc == Outcome.OK) {
            userMessage = null;
        }
        if (verb.usesMessages(rc)) {
            String oldUser = msgs.user;
            String oldLog = msgs.log != null ? msgs.log : oldUser;
            if (verb == AclVerb.WARN || (rc == Outcome.OK && (verb == AclVerb.ACCEPT || verb == AclVerb.DISCARD))) {
                msgs.user = null;
                msgs.log = null;
            }
            if (userMessage != null) {
                overlay.put("acl_verify_message", oldUser);
                String m = expandMessage(userMessage);
                if (m != null && !m.isEmpty()) {
                    msgs.user = m;
                }
            }
            if (logMessage != null) {
                overlay.put("acl_verify_message", oldLog);
                String m = expandMessage(logMessage);
                if (m != null && !m.isEmpty()) {
                    msgs.log = msgs.log == null ? m : m + ": " + msgs.log;
                }
            }
            if (msgs.log == null) {
                msgs.log = msgs.user;
                msgs.logFromUser = msgs.user != null;
            }
        }
        overlay.remove("acl_verify_message");
        return rc;
    }

    private String expandMessage(String template) {
        try {
            return expand(template);
        } catch (ExpansionException e) {
            if (!e.isForcedFailure()) {
                panic("failed to expand ACL message \"" + template + "\": " + e.getMessage());
            }
            return null;
        }
    }

    /** Exim's acl_check_wargs: the name and up to nine arguments, each dequoted and expanded. */
    private Outcome nested(String s, Messages msgs) {
        int[] p = {0};
        String name;
        List<String> args = new ArrayList<>();
        String tmp = null;
        try {
            tmp = dequote(s, p);
            name = expand(tmp);
            for (int i = 0; i < 9; i++) {
                p[0] = AclParser.skipSpace(s, p[0]);
                if (p[0] >= s.length()) {
                    break;
                }
                tmp = dequote(s, p);
                args.add(expand(tmp));
            }
        } catch (ExpansionException e) {
            if (e.isForcedFailure()) {
                return Outcome.ERROR;
            }
            msgs.log = "failed to expand ACL string \"" + tmp + "\": " + e.getMessage();
            return e.isLookupDeferred() ? Outcome.DEFER : Outcome.ERROR;
        }
        Map<String, String> saved = saveArguments();
        setArguments(args);
        level++;
        try {
            return checkInternal(name, msgs);
        } finally {
            level--;
            overlay.putAll(saved);
        }
    }

    private Map<String, String> saveArguments() {
        Map<String, String> saved = new HashMap<>();
        for (int i = 1; i <= 9; i++) {
            saved.put("acl_arg" + i, overlay.get("acl_arg" + i));
        }
        saved.put("acl_narg", overlay.get("acl_narg"));
        return saved;
    }

    private void setArguments(List<String> args) {
        for (int i = 1; i <= 9; i++) {
            overlay.put("acl_arg" + i, i <= args.size() ? args.get(i - 1) : null);
        }
        overlay.put("acl_narg", Integer.toString(Math.min(args.size(), 9)));
    }

    /** Exim's string_dequote: a quoted string (backslash escapes the next character) or a word. */
    private static String dequote(String s, int[] pos) {
        int p = AclParser.skipSpace(s, pos[0]);
        StringBuilder out = new StringBuilder();
        if (p < s.length() && s.charAt(p) == '"') {
            p++;
            while (p < s.length() && s.charAt(p) != '"') {
                if (s.charAt(p) == '\\' && p + 1 < s.length()) {
                    p++;
                }
                out.append(s.charAt(p++));
            }
            if (p < s.length()) {
                p++;
            }
        } else {
            while (p < s.length() && !AclParser.isSpace(s.charAt(p))) {
                out.append(s.charAt(p++));
            }
        }
        pos[0] = p;
        return out.toString();
    }

    private Outcome condition(String arg, Messages msgs) {
        String digits = arg.startsWith("-") ? arg.substring(1) : arg;
        if (digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long v = 0;
            for (char c : digits.toCharArray()) {
                v = v * 10 + (c - '0');
                if (v > Integer.MAX_VALUE) {
                    break;
                }
            }
            return v == 0 ? Outcome.FAIL : Outcome.OK;
        }
        String lc = arg.toLowerCase(Locale.ROOT);
        if (lc.equals("no") || lc.equals("false")) {
            return Outcome.FAIL;
        }
        if (lc.equals("yes") || lc.equals("true")) {
            return Outcome.OK;
        }
        msgs.log = "invalid \"condition\" value \"" + arg + "\"";
        return Outcome.DEFER;
    }

    /**
     * Exim's mime_regex: the regular expressions of the list (the last tried first, as Exim
     * keeps them) against the first 32,766 bytes of the decoded part, decoding it first if no
     * {@code decode} has; a match sets {@code $regex_match_string} and {@code $regex1} ...
     */
    private Outcome mimeRegex(String arg) {
        overlay.remove("regex_match_string");
        List<Pattern> patterns = new ArrayList<>();
        for (String item : EximLists.split(arg, ':', true)) {
            if (item.equalsIgnoreCase("false") || item.equals("0")) {
                continue;
            }
            try {
                patterns.add(0, Pattern.compile(item));
            } catch (PatternSyntaxException e) {
                logMain("regex acl condition warning - error in regex '" + item + "': " + e.getDescription()
                        + " at offset " + Math.max(e.getIndex(), 0) + ", skipped.");
            }
        }
        if (patterns.isEmpty()) {
            return Outcome.FAIL;
        }
        MimePart part = subject.mimePart();
        if (part == null) {
            return Outcome.FAIL;
        }
        if (part.decodedFilename() == null) {
            part.decode("");
            if (part.decodedFilename() == null) {
                logMain("mime_regex acl condition warning - could not decode MIME part to file");
                return Outcome.DEFER;
            }
        }
        byte[] start = new byte[32766];
        int length = 0;
        try (InputStream in = Files.newInputStream(Path.of(part.decodedFilename()))) {
            length = in.readNBytes(start, 0, start.length);
        } catch (IOException | RuntimeException e) {
            logMain("mime_regex acl condition warning - can't open '" + part.decodedFilename() + "' for reading");
            return Outcome.DEFER;
        }
        String subjectText = new String(start, 0, length, StandardCharsets.ISO_8859_1);
        for (Pattern p : patterns) {
            Matcher m = p.matcher(subjectText);
            if (m.find()) {
                overlay.put("regex_match_string", p.pattern());
                for (int i = 1; i <= Math.min(m.groupCount(), 9); i++) {
                    overlay.put("regex" + i, m.group(i) == null ? "" : m.group(i));
                }
                return Outcome.OK;
            }
        }
        return Outcome.FAIL;
    }

    private Outcome control(String arg, Messages msgs) {
        Control control = Control.decode(arg);
        if (control == null) {
            msgs.log = "syntax error in \"control=" + arg + "\"";
            return Outcome.ERROR;
        }
        if (control.forbiddenAt(where)) {
            msgs.log = "cannot use \"control=" + control.word() + "\" in " + where.eximName() + " ACL";
            return Outcome.ERROR;
        }
        String p = arg.substring(control.word().length());
        AclControls c = subject.controls();
        switch (control) {
            case ERROR -> {
                return Outcome.ERROR;
            }
            case ALLOW_AUTH_UNADVERTISED -> c.allowAuthUnadvertised = true;
            case CASEFUL_LOCAL_PART, CASELOWER_LOCAL_PART -> {
                c.casefulLocalPart = control == Control.CASEFUL_LOCAL_PART;
                String rcpt = subject.recipient();
                if (rcpt != null && rcpt.lastIndexOf('@') >= 0) {
                    String lp = rcpt.substring(0, rcpt.lastIndexOf('@'));
                    overlay.put("local_part", c.casefulLocalPart ? lp : lp.toLowerCase(Locale.ROOT));
                }
            }
            case CUTTHROUGH_DELIVERY, DEBUG, DKIM_DISABLE_VERIFY -> {
                // Accepted for compatibility: Osprey has no cutthrough delivery, ACL debugging or DKIM.
            }
            case DSCP -> {
                if (!p.startsWith("/")) {
                    msgs.log = "syntax error in \"control=" + arg + "\"";
                    return Outcome.ERROR;
                }
            }
            case ENFORCE_SYNC -> c.enforceSync = Boolean.TRUE;
            case NO_ENFORCE_SYNC -> c.enforceSync = Boolean.FALSE;
            case NO_MULTILINE_RESPONSES -> c.noMultilineResponses = true;
            case NO_MBOX_UNSPOOL -> c.noMboxUnspool = true;
            case NO_PIPELINING -> c.noPipelining = true;
            case NO_DELAY_FLUSH -> c.noDelayFlush = true;
            case NO_CALLOUT_FLUSH -> c.noCalloutFlush = true;
            case FAKEDEFER, FAKEREJECT -> {
                c.fakeDefer = control == Control.FAKEDEFER;
                c.fakeResponse = p.startsWith("/") ? p.substring(1) : Control.DEFAULT_FAKE_TEXT;
            }
            case FREEZE -> {
                c.freeze = true;
                c.freezeNoTell = false;
                if (p.startsWith("/no_tell")) {
                    p = p.substring(8);
                    c.freezeNoTell = true;
                }
                if (!p.isEmpty()) {
                    msgs.log = "syntax error in \"control=" + arg + "\"";
                    return Outcome.ERROR;
                }
            }
            case QUEUE -> c.queueOnly = true;
            case SUBMISSION -> {
                c.submission = true;
                c.submissionName = "";
                while (p.startsWith("/")) {
                    if (p.startsWith("/sender_retain")) {
                        p = p.substring(14);
                        c.submissionSenderRetain = true;
                    } else if (p.startsWith("/domain=")) {
                        int e = p.indexOf('/', 8);
                        e = e < 0 ? p.length() : e;
                        c.submissionDomain = p.substring(8, e);
                        p = p.substring(e);
                    } else if (p.startsWith("/name=")) {
                        c.submissionName = p.substring(6);
                        p = "";
                    } else {
                        break;
                    }
                }
                if (!p.isEmpty()) {
                    msgs.log = "syntax error in \"control=" + arg + "\"";
                    return Outcome.ERROR;
                }
            }
            case SUPPRESS_LOCAL_FIXUPS -> c.suppressLocalFixups = true;
            case UTF8_DOWNCONVERT -> {
                if (p.isEmpty()) {
                    c.utf8Downconvert = "1";
                } else if (p.startsWith("/1") || p.startsWith("/0")) {
                    c.utf8Downconvert = p.substring(1, 2);
                } else if (p.startsWith("/-1")) {
                    c.utf8Downconvert = "-1";
                } else {
                    msgs.log = "bad option value for control=utf8_downconvert";
                    return Outcome.ERROR;
                }
            }
        }
        return Outcome.OK;
    }

    private Outcome delay(String arg, Messages msgs) {
        long seconds = EximLists.seconds(arg);
        if (seconds < 0) {
            msgs.log = "syntax error in argument for \"delay\" modifier: \"" + arg + "\" is not a time value";
            return Outcome.ERROR;
        }
        if (subject.hostChecking()) {
            return Outcome.OK;
        }
        if (subject.isSmtp() && !subject.controls().noDelayFlush) {
            subject.flushOutput();
        }
        try {
            acls.services().sleeper().sleep(Duration.ofSeconds(seconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Outcome.OK;
    }

    /** logwrite: an optional {@code :main,reject,panic:} prefix names the logs; main by default. */
    private void logwrite(String arg) {
        Set<LogFile> files = EnumSet.noneOf(LogFile.class);
        String s = arg;
        if (s.startsWith(":")) {
            int close = s.indexOf(':', 1);
            String names = close < 0 ? s.substring(1) : s.substring(1, close);
            boolean unknown = false;
            for (String n : names.split(",", -1)) {
                switch (n) {
                    case "main" -> files.add(LogFile.MAIN);
                    case "panic" -> files.add(LogFile.PANIC);
                    case "reject" -> files.add(LogFile.REJECT);
                    default -> unknown = true;
                }
            }
            s = close < 0 ? "" : s.substring(close + 1);
            if (unknown) {
                files = EnumSet.of(LogFile.MAIN, LogFile.PANIC);
                s = "unknown log name in \"" + arg + "\" in \"logwrite\" in " + where.eximName() + " ACL";
            }
        }
        s = s.substring(AclParser.skipSpace(s, 0));
        if (files.isEmpty()) {
            files.add(LogFile.MAIN);
        }
        acls.services().log().accept(new LogEvent.Line(messageId(), files, LogText.printing(s), null));
    }

    /** Exim's acl_warn: log_message to the main log once per message, message as header lines. */
    private void warn(String user, String log, boolean logFromUser) {
        if (log != null && !logFromUser) {
            String text = hostAndIdent() + " Warning: " + LogText.printing(log);
            if (senderVerifyFailure != null && log.equalsIgnoreCase("sender verify failed")) {
                text = text + ": " + senderVerifyFailure.message();
            }
            if (subject.controls().warningsLogged.add(text)) {
                logMain(text);
            }
        }
        if (user == null) {
            return;
        }
        if (!where.inMessage()) {
            panic("ACL \"warn\" with \"message\" setting found in a non-message (" + where.eximName()
                    + ") ACL: cannot specify header lines here: message ignored");
            return;
        }
        HeaderSetup.add(user, added);
    }

    private Outcome driver(String name, String arg, Messages msgs) {
        ConditionDriver driver = acls.services().drivers().condition(name).orElse(null);
        if (driver == null) {
            msgs.log = "ACL condition \"" + name + "\" is not available: no condition driver of that name is running";
            return Outcome.DEFER;
        }
        ExpansionContext context = context();
        ConditionResult r;
        try {
            r = driver.evaluate(arg, new AclContext() {
                @Override
                public Expander expander() {
                    return acls.engine().expander(context);
                }

                @Override
                public ListMatcher lists() {
                    return acls.engine().listMatcher(context);
                }

                @Override
                public String aclName() {
                    return "acl_" + where.name().toLowerCase(Locale.ROOT);
                }
            });
        } catch (RuntimeException e) {
            msgs.log = "ACL condition \"" + name + "\" failed: " + e;
            return Outcome.DEFER;
        }
        if (r instanceof ConditionResult.Ok ok) {
            overlay.putAll(ok.variables());
            return Outcome.OK;
        }
        if (r instanceof ConditionResult.Defer d) {
            msgs.log = d.message();
            return Outcome.DEFER;
        }
        if (r instanceof ConditionResult.Error e) {
            msgs.log = e.message();
            return Outcome.ERROR;
        }
        return Outcome.FAIL;
    }

    private Outcome listOutcome(ListMatching.Outcome o, Messages msgs, String dataVariable) {
        if (o.result() == MatchResult.DEFER) {
            if (o.deferMessage() != null) {
                msgs.log = o.deferMessage();
            }
            return Outcome.DEFER;
        }
        if (o.result() == MatchResult.MATCH) {
            if (dataVariable != null && o.value() != null) {
                overlay.put(dataVariable, o.value());
            }
            return Outcome.OK;
        }
        return Outcome.FAIL;
    }

    private RateLimiter.Facts rateFacts() {
        return new RateLimiter.Facts() {
            @Override
            public AclPlace place() {
                return where;
            }

            @Override
            public String variable(String name) {
                return AclRun.this.variable(name);
            }

            @Override
            public Map<String, Double> commandCache() {
                return commandRates;
            }

            @Override
            public Map<String, Double> connectionCache() {
                return subject.controls().ratelimitConnection;
            }

            @Override
            public Map<String, Double> messageCache() {
                return subject.controls().ratelimitMessage;
            }

            @Override
            public void set(String name, String value) {
                overlay.put(name, value);
            }
        };
    }

    // What the verification needs of the run.

    AclSubject subject() {
        return subject;
    }

    Map<String, AddressVerifier.Verification> sendersVerified() {
        return sendersVerified;
    }

    void setVariable(String name, String value) {
        overlay.put(name, value);
    }

    void senderVerifyFailed(AclResult.SenderVerifyFailure failure) {
        senderVerifyFailure = failure;
    }

    void allowTemporaryDetails() {
        temporaryDetails = true;
    }

    ExpansionContext context() {
        Map<String, String> set = new HashMap<>(overlay);
        return subject.context().with(set);
    }

    String expand(String template) throws ExpansionException {
        return acls.engine().compile(template).expand(context());
    }

    /** A variable's value, or null when it is unset or empty. */
    String variable(String name) {
        try {
            String v = expand("$" + name);
            return v.isEmpty() ? null : v;
        } catch (ExpansionException e) {
            return null;
        }
    }

    private ListMatching matching() {
        return acls.engine().listMatching(context());
    }

    /** Exim's host_and_ident(TRUE): H=fullhost [U=ident], or U=ident for a local message. */
    String hostAndIdent() {
        String fullhost = variable("sender_fullhost");
        String ident = variable("sender_ident");
        if (fullhost == null) {
            return "U=" + (ident == null ? "unknown" : ident);
        }
        return "H=" + fullhost + (ident == null ? "" : " U=" + ident);
    }

    private String messageId() {
        return variable("message_exim_id");
    }

    void logMain(String text) {
        acls.services().log().accept(new LogEvent.Line(messageId(), EnumSet.of(LogFile.MAIN), text, null));
    }

    void panic(String text) {
        acls.services().log().accept(new LogEvent.Panic(messageId(), text));
    }
}
