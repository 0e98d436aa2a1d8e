package org.osprey.mta.core.acl;

import java.util.HashMap;
import java.util.Map;
import org.osprey.mta.core.expand.ExpansionContext;

/**
 * An {@link AclSubject} over a fixed expansion context: a local (non-SMTP) message, or an
 * ACL run from an expansion outside any ACL. {@code set} variables are kept here and seen by
 * later expansions; output has nowhere to go.
 */
public final class SimpleAclSubject implements AclSubject {
    private final ExpansionContext base;
    private final String sender;
    private final String recipient;
    private final boolean smtp;
    private final AclControls controls;
    private final Map<String, String> variables = new HashMap<>();

    public SimpleAclSubject(ExpansionContext base, String sender, String recipient, boolean smtp,
            AclControls controls) {
        this.base = base;
        this.sender = sender;
        this.recipient = recipient;
        this.smtp = smtp;
        this.controls = controls;
    }

    /** A local message from {@code sender} (not SMTP), with fresh controls. */
    public static SimpleAclSubject localMessage(ExpansionContext base, String sender) {
        return new SimpleAclSubject(base, sender, null, false, new AclControls());
    }

    @Override
    public ExpansionContext context() {
        return variables.isEmpty() ? base : base.with(variables);
    }

    @Override
    public String sender() {
        return sender;
    }

    @Override
    public String recipient() {
        return recipient;
    }

    @Override
    public void setVariable(String name, String value) {
        variables.put(name, value);
    }

    /** The {@code acl_c*} and {@code acl_m*} variables set so far. */
    public Map<String, String> variables() {
        return Map.copyOf(variables);
    }

    @Override
    public AclControls controls() {
        return controls;
    }

    @Override
    public void flushOutput() {
    }

    @Override
    public boolean isSmtp() {
        return smtp;
    }
}
