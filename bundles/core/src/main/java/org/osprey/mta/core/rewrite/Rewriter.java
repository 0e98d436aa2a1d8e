package org.osprey.mta.core.rewrite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.osprey.mta.core.config.ConfigException;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.LogicalLine;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.config.RewriteRule;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.lists.ListMatching;
import org.osprey.mta.core.lists.StringPatterns;
import org.osprey.mta.core.spool.HeaderLine;
import org.osprey.mta.kernel.address.Rfc822;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.MatchResult;

/**
 * Exim 4.96's address rewriting (rewrite.c) over an ordered list of rules: the rewrite
 * section's, or a transport's {@code headers_rewrite}. Addresses are byte strings (one char
 * per byte), as the spool keeps them; expansions see them as text.
 *
 * <p>{@link #rewriteAddress} is rewrite_address (envelope fields, qualified first),
 * {@link #rewriteSmtp} the S-flag rewrite of MAIL and RCPT arguments, {@link #rewriteHeader}
 * rewrite_header (qualification and rules for one header), {@link #rewriteMessage} what
 * receive_msg does once a message's header section is in, {@link #rewriteRoutedDomain} what
 * rf_change_domain does to the headers when a router changes a domain. Immutable; a rule that goes wrong
 * leaves the address as it was and says so in the panic log, never throws.
 */
public final class Rewriter {
    /** Exim applies an R rule at most this many more times. */
    private static final int REPEAT_LIMIT = 10;

    private final List<RewriteRule> rules;
    private final int existFlags;
    private final ExpansionEngine engine;
    private final String qualifySender;
    private final String qualifyRecipient;
    private final String headersCharset;
    private final Rfc822.Syntax syntax;

    /**
     * @param rules the rules, in order
     * @param engine expands patterns and replacements, and matches patterns
     * @param qualifySender qualify_domain (a byte string)
     * @param qualifyRecipient qualify_recipient (a byte string)
     * @param headersCharset headers_charset, for phrases a w rule encodes
     * @param syntax the address syntax allowed (domain literals, trailing dots ...); copied
     */
    public Rewriter(List<RewriteRule> rules, ExpansionEngine engine, String qualifySender, String qualifyRecipient,
            String headersCharset, Rfc822.Syntax syntax) {
        this.rules = List.copyOf(rules);
        int flags = 0;
        for (RewriteRule r : this.rules) {
            flags |= r.flags();
        }
        this.existFlags = flags;
        this.engine = Objects.requireNonNull(engine, "engine");
        this.qualifySender = Objects.requireNonNull(qualifySender, "qualifySender");
        this.qualifyRecipient = Objects.requireNonNull(qualifyRecipient, "qualifyRecipient");
        this.headersCharset = headersCharset;
        this.syntax = syntax.copy();
    }

    /** The rewrite section's rules, with the configuration's qualify domains and address syntax. */
    public static Rewriter of(Configuration config, ExpansionEngine engine) {
        return withRules(rules(config), config, engine);
    }

    /** Other rules (a transport's {@code headers_rewrite}) with the configuration's settings. */
    public static Rewriter withRules(List<RewriteRule> rules, Configuration config, ExpansionEngine engine) {
        String q = config.get(MainOptions.QUALIFY_DOMAIN);
        if (q == null || q.isEmpty()) {
            q = config.get(MainOptions.PRIMARY_HOSTNAME);
        }
        String qs = Rfc822.bytes(q == null ? "localhost" : q);
        String qr = config.get(MainOptions.QUALIFY_RECIPIENT);
        Rfc822.Syntax s = new Rfc822.Syntax();
        s.allowDomainLiterals = config.get(MainOptions.ALLOW_DOMAIN_LITERALS);
        s.stripTrailingDot = config.get(MainOptions.STRIP_TRAILING_DOT);
        s.stripExcessAngleBrackets = config.get(MainOptions.STRIP_EXCESS_ANGLE_BRACKETS);
        return new Rewriter(rules, engine, qs, qr == null || qr.isEmpty() ? qs : Rfc822.bytes(qr),
                config.get(MainOptions.HEADERS_CHARSET), s);
    }

    /** The rules of the configuration's rewrite section, in order (checked when it was read). */
    public static List<RewriteRule> rules(Configuration config) {
        List<RewriteRule> out = new ArrayList<>();
        for (LogicalLine line : config.rewriteRules()) {
            try {
                out.add(RewriteRule.parse(line.text(), true, line.location()));
            } catch (ConfigException e) {
                throw new IllegalStateException("rewrite rule accepted once and refused now: " + line.text(), e);
            }
        }
        return out;
    }

    /** This rewriter with another address syntax (reception may have allowed UTF-8 domains by now). */
    public Rewriter withSyntax(Rfc822.Syntax other) {
        return new Rewriter(rules, engine, qualifySender, qualifyRecipient, headersCharset, other);
    }

    /** Whether there are no rules (addresses are still qualified). */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether any rule has one of these flag bits (Exim's rewrite_existflags test). */
    public boolean hasRulesFor(int flags) {
        return (existFlags & flags) != 0;
    }

    /** rewrite_address_qualify: the address with the sender or recipient qualify domain when it has none. */
    public String qualify(String address, boolean recipient) {
        return Rfc822.findAt(address) >= 0 ? address : address + "@" + (recipient ? qualifyRecipient : qualifySender);
    }

    /**
     * rewrite_address: an envelope sender or recipient, qualified, then rewritten by the rules
     * for that field. When a rule rewrites it and {@code addedHeaders} is given (at
     * reception), an {@code X-rewrote-sender:} or {@code X-rewrote-original-recipient:} header
     * of type {@code *} recording the old address is handed to it.
     */
    public String rewriteAddress(String address, boolean recipient, Consumer<HeaderLine> addedHeaders,
            ExpansionContext context, RewriteLog log) {
        String s = qualify(address, recipient);
        AddressField field = recipient ? AddressField.ENVELOPE_TO : AddressField.ENVELOPE_FROM;
        if (!hasRulesFor(field.flag())) {
            return s;
        }
        String name = recipient ? "original-recipient" : "sender";
        return rewriteOne(s, field, false, addedHeaders, name, context, log).address;
    }

    /**
     * The S flag: the argument of a MAIL ({@code sender} true) or RCPT command, angle brackets
     * and all, rewritten by the S rules before anything else looks at it; returned unchanged
     * when no S rule matches. The patterns are regular expressions on the whole text; there is
     * no $local_part or $domain. Exim's SMTP server passes {@code sender} false for MAIL too,
     * so that a MAIL argument is never rewritten to {@code <>}; {@code -brw} passes true.
     */
    public String rewriteSmtp(String commandData, boolean sender, ExpansionContext context, RewriteLog log) {
        if (!hasRulesFor(RewriteRule.SMTP)) {
            return commandData;
        }
        return rewriteOne(commandData, null, sender, null, null, context, log).address;
    }

    /**
     * rewrite_one for one field: the address after the rules for {@code field}, or the same
     * string when none applied. A rule with the w flag on a header field yields the whole new
     * mailbox ({@code Phrase <local@domain>}), phrase made fit.
     */
    public String rewrite(String address, AddressField field, ExpansionContext context, RewriteLog log) {
        return rewriteOne(address, field, false, null, null, context, log).address;
    }

    /** What rewrite_one gives back: the address, and whether a w rule replaced the whole mailbox. */
    record Outcome(String address, boolean rewritten, boolean whole) {
    }

    /**
     * Exim's rewrite_one. {@code field} null means SMTP time ({@code smtpSender}: the MAIL
     * argument, which may become {@code <>}).
     */
    Outcome rewriteOne(String s, AddressField field, boolean smtpSender, Consumer<HeaderLine> addedHeaders,
            String headerName, ExpansionContext context, RewriteLog log) {
        boolean smtp = field == null;
        int flag = smtp ? RewriteRule.SMTP : field.flag();
        boolean wantWhole = !smtp && field.isHeader();
        boolean allowNull = smtp ? smtpSender : field == AddressField.ENVELOPE_FROM;
        String yield = s;
        String subject = s;
        boolean rewritten = false;
        boolean whole = false;
        int yieldStart = 0;
        int yieldEnd = 0;
        boolean done = false;
        ListMatching matching = smtp ? null : engine.listMatching(context);
        rules:
        for (int index = 0; index < rules.size() && !done; index++) {
            RewriteRule rule = rules.get(index);
            if ((rule.flags() & flag) == 0) {
                continue;
            }
            int count = 0;
            for (;;) {
                String[] captures;
                String address = null;
                if (smtp) {
                    String key;
                    try {
                        key = Rfc822.bytes(engine.compile(rule.pattern()).expand(context));
                    } catch (ExpansionException e) {
                        if (!e.isForcedFailure()) {
                            log.panic("failed to expand \"" + rule.pattern() + "\" while checking for SMTP rewriting: "
                                    + e.getMessage());
                        }
                        continue rules;
                    }
                    captures = smtpMatch(key, subject);
                    if (captures == null) {
                        continue rules;
                    }
                } else {
                    ListMatching.Outcome match = matching.rewritePattern(Rfc822.bytes(rule.pattern()), subject);
                    if (match.result() != MatchResult.MATCH) {
                        continue rules;
                    }
                    if (rule.replacement().equals("*")) {
                        break rules;
                    }
                    captures = match.captures();
                    address = subject;
                }
                String replaced;
                try {
                    replaced = expandReplacement(rule, captures, address, context);
                } catch (ExpansionException e) {
                    if (e.isForcedFailure()) {
                        if (rule.has(RewriteRule.QUIT)) {
                            break rules;
                        }
                        continue rules;
                    }
                    log.panic("Expansion of " + rule.replacement() + " failed while rewriting: " + e.getMessage());
                    break rules;
                }
                String next = replaced;
                Rfc822.Extracted parsed = Rfc822.extract(next, syntax.copy(), allowNull);
                if (!parsed.ok()) {
                    log.panic("Rewrite of " + Rfc822.text(subject) + " yielded unparseable address: " + parsed.error()
                            + " in address " + Rfc822.text(next));
                    break rules;
                }
                String newParsed = parsed.address();
                int start = parsed.start();
                int end = parsed.end();
                if (parsed.domain() == 0 && (!newParsed.isEmpty() || !allowNull)) {
                    if (!rule.has(RewriteRule.QUALIFY)) {
                        log.panic("Rewrite of " + Rfc822.text(subject) + " yielded unqualified address \""
                                + Rfc822.text(next) + "\"");
                        break rules;
                    }
                    newParsed = qualify(newParsed, true);
                    next = next.substring(0, start) + newParsed + next.substring(end);
                    end = start + newParsed.length();
                }
                if (log.logsRewrites()) {
                    String where = smtp ? (smtpSender ? "smtp sender" : "smtp recipient") : field.logName();
                    log.rewritten("\"" + Rfc822.text(yield) + "\" from " + where + " rewritten as \""
                            + Rfc822.text(next) + "\" by rule " + (index + 1));
                }
                if (addedHeaders != null) {
                    addedHeaders.accept(new HeaderLine('*', "X-rewrote-" + headerName + ": " + subject + "\n"));
                }
                rewritten = true;
                if (wantWhole && rule.has(RewriteRule.WHOLE)) {
                    if (start > 0 && next.charAt(start - 1) == '<') {
                        int p1 = start - 1;
                        int p2 = Math.min(end + 1, next.length());
                        while (p1 > 0 && next.charAt(p1 - 1) == ' ') {
                            p1--;
                        }
                        String pf1 = Rfc822.fixPhrase(next.substring(0, p1), headersCharset);
                        while (p2 < next.length() && next.charAt(p2) == ' ') {
                            p2++;
                        }
                        String pf2 = Rfc822.fixPhrase(next.substring(p2), headersCharset);
                        start = pf1.length() + start - p1;
                        end = start + newParsed.length();
                        next = pf1 + next.substring(p1, p2) + pf2;
                    }
                    yield = next;
                    yieldStart = start;
                    yieldEnd = end;
                    subject = newParsed;
                    whole = true;
                } else if (wantWhole && whole) {
                    // An earlier w rule set the mailbox: keep its phrase round the new address.
                    subject = newParsed;
                    yield = yield.substring(0, yieldStart) + subject + yield.substring(yieldEnd);
                    yieldEnd = yieldStart + subject.length();
                } else {
                    subject = newParsed;
                    yield = newParsed;
                }
                if (rule.has(RewriteRule.QUIT)) {
                    done = true;
                }
                if (rule.has(RewriteRule.REPEAT)) {
                    if (count++ < REPEAT_LIMIT) {
                        continue;
                    }
                    log.panic("rewrite rule repeat ignored after 10 times");
                }
                break;
            }
        }
        return new Outcome(yield, rewritten, whole);
    }

    /** The replacement expanded with $0.. and, for an address (not at SMTP time), $local_part and $domain. */
    private String expandReplacement(RewriteRule rule, String[] captures, String address, ExpansionContext context)
            throws ExpansionException {
        List<String> numbered = new ArrayList<>();
        for (String c : captures == null ? new String[0] : captures) {
            numbered.add(Rfc822.text(c));
        }
        ExpansionContext c = context.withCaptures(numbered);
        if (address != null) {
            int at = address.lastIndexOf('@');
            Map<String, String> v = new HashMap<>();
            v.put("local_part", Rfc822.text(at < 0 ? address : address.substring(0, at)));
            v.put("domain", Rfc822.text(at < 0 ? "" : address.substring(at + 1)));
            c = c.with(v);
        }
        return Rfc822.bytes(engine.compile(rule.replacement()).expand(c));
    }

    /** An S rule's expanded pattern against the command's argument: $0 and the groups, or null. */
    private static String[] smtpMatch(String key, String subject) {
        if (!key.startsWith("^")) {
            return key.equals(subject) ? new String[] {subject} : null;
        }
        Pattern re;
        try {
            re = Pattern.compile(key);
        } catch (PatternSyntaxException e) {
            return null;
        }
        Matcher m = StringPatterns.boundedMatcher(re, subject);
        if (!StringPatterns.find(m)) {
            return null;
        }
        String[] caps = new String[m.groupCount() + 1];
        caps[0] = subject;
        for (int i = 1; i < caps.length; i++) {
            caps[i] = m.group(i) == null ? "" : m.group(i);
        }
        return caps;
    }

    /**
     * rewrite_header: a Sender:, From:, To:, Cc:, Bcc: or Reply-To: header (or a Resent- one,
     * which has the same type) with each address qualified (where {@code allowUnqualified...}
     * permits; an address left unqualified is not rewritten) and rewritten by the rules for
     * that header, edited into the text in place: phrases and comments stay unless a w rule
     * replaced the whole mailbox. Returns the new text, or null when nothing changed or the
     * header has no addresses. An address that does not parse is left alone; when there are
     * rules it is noted in the main log ({@code rewrite: <error>}).
     */
    public String rewriteHeader(HeaderLine header, boolean allowUnqualifiedSender, boolean allowUnqualifiedRecipient,
            ExpansionContext context, RewriteLog log) {
        AddressField field = AddressField.forHeaderType(header.type());
        if (field == null) {
            return null;
        }
        return new HeaderEdit(this, field, header.text()).run(allowUnqualifiedSender, allowUnqualifiedRecipient,
                context, log);
    }

    /**
     * What Exim's rf_change_domain does to the message's headers when a router changes an
     * address's domain and asks for the headers to follow (dnslookup's {@code rewrite_headers},
     * {@code self = reroute:rewrite:}): in every Sender:, From:, To:, Cc:, Bcc: and Reply-To:
     * header (the Resent- ones too), each address whose domain is {@code oldDomain} (in any
     * case) gets {@code newDomain}, and the rules for that header then apply to it. Nothing
     * is qualified. A rewritten header stays, typed {@code *}, with its new version after it,
     * as at reception.
     *
     * @param headers the message's headers (byte strings, as the spool keeps them)
     * @param oldDomain the domain the router was given
     * @param newDomain the domain it changed it to
     * @return the new headers, or empty when no address changed
     */
    public Optional<List<HeaderLine>> rewriteRoutedDomain(List<HeaderLine> headers, String oldDomain,
            String newDomain, ExpansionContext context, RewriteLog log) {
        String from = Rfc822.bytes(oldDomain);
        String to = Rfc822.bytes(newDomain);
        List<HeaderLine> out = new ArrayList<>(headers);
        boolean changed = false;
        for (int i = 0; i < out.size(); i++) {
            HeaderLine old = out.get(i);
            AddressField field = AddressField.forHeaderType(old.type());
            if (field == null) {
                continue;
            }
            String text = new HeaderEdit(this, field, old.text(), from, to).run(false, false, context, log);
            if (text != null) {
                out.set(i, new HeaderLine('*', old.text()));
                out.add(++i, new HeaderLine(old.type(), text));
                changed = true;
            }
        }
        return changed ? Optional.of(List.copyOf(out)) : Optional.empty();
    }

    Rfc822.Syntax syntax() {
        return syntax;
    }

    /**
     * What receive_msg does once a message's header section is in: the recipients qualified
     * and rewritten ({@code T}), then the sender ({@code F}; not when {@code senderRewritten},
     * an SMTP sender already rewritten by verification, nor when it is {@code <>} or there are
     * no rules), then each header ({@link #rewriteHeader}): a rewritten header stays, typed
     * {@code *}, with its new version after it; the {@code X-rewrote-...} headers of the
     * envelope rewrites are added at the end, typed {@code *}.
     *
     * @param sender the envelope sender ("" for {@code <>})
     * @param recipients the envelope recipients
     * @param headers the headers as received, typed as Exim types them (Resent- versions too),
     *        without the Received: header this host adds
     */
    public RewrittenMessage rewriteMessage(String sender, boolean senderRewritten, List<String> recipients,
            List<HeaderLine> headers, boolean allowUnqualifiedSender, boolean allowUnqualifiedRecipient,
            ExpansionContext context, RewriteLog log) {
        List<HeaderLine> out = new ArrayList<>(headers);
        List<String> newRecipients = new ArrayList<>(recipients.size());
        for (String r : recipients) {
            newRecipients.add(rewriteAddress(r, true, out::add, context, log));
        }
        String newSender = sender;
        if (!isEmpty() && !senderRewritten && !sender.isEmpty()) {
            newSender = rewriteAddress(sender, false, out::add, context, log);
        }
        ExpansionContext c = context.with(Map.of("sender_address", Rfc822.text(newSender)));
        for (int i = 0; i < out.size(); i++) {
            String text = rewriteHeader(out.get(i), allowUnqualifiedSender, allowUnqualifiedRecipient, c, log);
            if (text != null) {
                HeaderLine old = out.get(i);
                out.set(i, new HeaderLine('*', old.text()));
                out.add(++i, new HeaderLine(old.type(), text));
            }
        }
        return new RewrittenMessage(newSender, List.copyOf(newRecipients), List.copyOf(out));
    }

    /**
     * A message after {@link #rewriteMessage}.
     *
     * @param sender the envelope sender
     * @param recipients the envelope recipients, in the order given
     * @param headers the headers, old versions of rewritten ones typed {@code *}, the
     *        {@code X-rewrote-...} headers at the end
     */
    public record RewrittenMessage(String sender, List<String> recipients, List<HeaderLine> headers) {
    }
}
