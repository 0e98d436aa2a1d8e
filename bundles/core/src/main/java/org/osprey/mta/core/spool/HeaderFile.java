package org.osprey.mta.core.spool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The content of a message's -H file: the envelope (originator, sender, time, warning count),
 * the dash-line variables and ACL variables, the set of addresses not to deliver to (delivered
 * ones), the recipients list, and the headers. Immutable; {@link #toBuilder()} makes a changed
 * copy. It never touches files: {@link HeaderFileReader} and {@link HeaderFileWriter} do.
 *
 * <p>Text is held as ISO-8859-1, one char per byte, so that any byte the file holds comes back
 * unchanged and header lengths are byte counts, as in Exim.
 */
public final class HeaderFile {

    private final MessageId id;
    private final String originatorLogin;
    private final long originatorUid;
    private final long originatorGid;
    private final String sender;
    private final long receivedTime;
    private final int warningCount;
    private final Map<String, SpoolVariable> variables;
    private final List<AclVariable> aclVariables;
    private final SortedSet<String> nonRecipients;
    private final List<Recipient> recipients;
    private final List<HeaderLine> headers;

    private HeaderFile(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.originatorLogin = Objects.requireNonNull(b.originatorLogin, "originatorLogin");
        this.originatorUid = b.originatorUid;
        this.originatorGid = b.originatorGid;
        this.sender = Objects.requireNonNull(b.sender, "sender");
        this.receivedTime = b.receivedTime;
        this.warningCount = b.warningCount;
        this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(b.variables));
        List<AclVariable> acls = new ArrayList<>(b.aclVariables);
        acls.sort(java.util.Comparator.comparing(AclVariable::scope).thenComparing(AclVariable::rest));
        this.aclVariables = List.copyOf(acls);
        this.nonRecipients = Collections.unmodifiableSortedSet(new TreeSet<>(b.nonRecipients));
        this.recipients = List.copyOf(b.recipients);
        this.headers = List.copyOf(b.headers);
        if (originatorLogin.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("bad originator login: " + originatorLogin);
        }
        if (sender.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("newline in sender");
        }
    }

    /** A builder for a new message's header file. */
    public static Builder builder(MessageId id) {
        return new Builder(id);
    }

    /** A builder holding this file's content. */
    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.originatorLogin = originatorLogin;
        b.originatorUid = originatorUid;
        b.originatorGid = originatorGid;
        b.sender = sender;
        b.receivedTime = receivedTime;
        b.warningCount = warningCount;
        b.variables.putAll(variables);
        b.aclVariables.addAll(aclVariables);
        b.nonRecipients.addAll(nonRecipients);
        b.recipients.addAll(recipients);
        b.headers.addAll(headers);
        return b;
    }

    public MessageId id() {
        return id;
    }

    /** The login of the user who submitted the message (line 2). */
    public String originatorLogin() {
        return originatorLogin;
    }

    public long originatorUid() {
        return originatorUid;
    }

    public long originatorGid() {
        return originatorGid;
    }

    /** The envelope sender without the angle brackets; "" for a bounce. */
    public String sender() {
        return sender;
    }

    /** The time received, in seconds since the epoch (line 4). */
    public long receivedTime() {
        return receivedTime;
    }

    /** How many delay warnings have been sent (line 4). */
    public int warningCount() {
        return warningCount;
    }

    /** The dash-line variables, in the order they are written. */
    public List<SpoolVariable> variables() {
        return List.copyOf(variables.values());
    }

    /** The variable of this name, if present. */
    public Optional<SpoolVariable> variable(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    /** The value of the variable of this name, if present with a value. */
    public Optional<String> value(String name) {
        SpoolVariable v = variables.get(name);
        return v == null ? Optional.empty() : Optional.ofNullable(v.value());
    }

    /** Whether a variable (usually a flag, e.g. {@code deliver_firsttime}) is present. */
    public boolean has(String name) {
        return variables.containsKey(name);
    }

    /** The ACL variables, connection ones then message ones, each sorted by name. */
    public List<AclVariable> aclVariables() {
        return aclVariables;
    }

    /** Addresses not to deliver to: those already delivered (Exim's non-recipients tree). */
    public SortedSet<String> nonRecipients() {
        return nonRecipients;
    }

    /** All recipients, delivered or not, in the order received. */
    public List<Recipient> recipients() {
        return recipients;
    }

    /** The recipients still to be delivered: those not in {@link #nonRecipients()}. */
    public List<Recipient> undelivered() {
        List<Recipient> out = new ArrayList<>();
        for (Recipient r : recipients) {
            if (!nonRecipients.contains(r.address())) {
                out.add(r);
            }
        }
        return out;
    }

    /** The headers, deleted ones included, in order. */
    public List<HeaderLine> headers() {
        return headers;
    }

    /** {@code -received_protocol}, e.g. {@code esmtp} or {@code local}. */
    public Optional<String> receivedProtocol() {
        return value("received_protocol");
    }

    /** {@code -body_linecount}: lines in the -D file's body. */
    public OptionalLong bodyLinecount() {
        return value("body_linecount").map(v -> OptionalLong.of(Long.parseLong(v.trim())))
                .orElse(OptionalLong.empty());
    }

    /** {@code -host_address}: the sending host as {@code [ip]:port}, for remote messages. */
    public Optional<String> hostAddress() {
        return value("host_address");
    }

    /** {@code -frozen}: the time the message was frozen, if it is. */
    public OptionalLong frozenAt() {
        return value("frozen").map(v -> OptionalLong.of(Long.parseLong(v.trim())))
                .orElse(OptionalLong.empty());
    }

    /** {@code -deliver_firsttime}: no delivery attempt has been made yet. */
    public boolean deliverFirstTime() {
        return has("deliver_firsttime");
    }

    /** Assembles a {@link HeaderFile}; every setter returns the builder. */
    public static final class Builder {
        private final MessageId id;
        private String originatorLogin = "";
        private long originatorUid;
        private long originatorGid;
        private String sender = "";
        private long receivedTime;
        private int warningCount;
        private final Map<String, SpoolVariable> variables = new LinkedHashMap<>();
        private final List<AclVariable> aclVariables = new ArrayList<>();
        private final SortedSet<String> nonRecipients = new TreeSet<>();
        private final List<Recipient> recipients = new ArrayList<>();
        private final List<HeaderLine> headers = new ArrayList<>();

        private Builder(MessageId id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        public Builder originator(String login, long uid, long gid) {
            this.originatorLogin = login;
            this.originatorUid = uid;
            this.originatorGid = gid;
            return this;
        }

        public Builder sender(String address) {
            this.sender = address;
            return this;
        }

        public Builder receivedTime(long epochSeconds) {
            this.receivedTime = epochSeconds;
            return this;
        }

        public Builder warningCount(int count) {
            this.warningCount = count;
            return this;
        }

        /** Adds or replaces a variable, keeping the place of one replaced. */
        public Builder variable(SpoolVariable v) {
            variables.put(v.name(), v);
            return this;
        }

        public Builder variable(String name, String value) {
            return variable(SpoolVariable.of(name, value));
        }

        public Builder flag(String name) {
            return variable(SpoolVariable.flag(name));
        }

        public Builder remove(String name) {
            variables.remove(name);
            return this;
        }

        /** Adds an ACL variable, replacing one of the same scope and name. */
        public Builder acl(AclVariable v) {
            aclVariables.removeIf(a -> a.scope() == v.scope() && a.rest().equals(v.rest()));
            aclVariables.add(v);
            return this;
        }

        public Builder nonRecipient(String address) {
            nonRecipients.add(address);
            return this;
        }

        public Builder nonRecipients(java.util.Collection<String> addresses) {
            nonRecipients.addAll(addresses);
            return this;
        }

        public Builder recipient(Recipient r) {
            recipients.add(r);
            return this;
        }

        public Builder recipient(String address) {
            return recipient(Recipient.of(address));
        }

        public Builder header(HeaderLine h) {
            headers.add(h);
            return this;
        }

        /** Replaces all the headers. */
        public Builder headers(List<HeaderLine> all) {
            headers.clear();
            headers.addAll(all);
            return this;
        }

        /** Replaces the header at {@code index}. */
        public Builder header(int index, HeaderLine h) {
            headers.set(index, h);
            return this;
        }

        public HeaderFile build() {
            return new HeaderFile(this);
        }
    }
}
