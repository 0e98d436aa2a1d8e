package org.osprey.mta.core.acl;

import java.util.HashMap;
import java.util.Map;
import org.osprey.mta.core.expand.ExpansionContext;

/** An SMTP session as the ACL engine sees it: fixed variables, set variables kept, flushes counted. */
final class FakeSubject implements AclSubject {
    final Map<String, String> variables = new HashMap<>();
    final AclControls controls = new AclControls();
    String sender;
    String recipient;
    int flushes;
    boolean smtp = true;
    java.util.List<org.osprey.mta.kernel.model.Header> headers = java.util.List.of();

    FakeSubject host(String address, String helo) {
        variables.put("sender_host_address", address);
        variables.put("sender_helo_name", helo);
        variables.put("sender_fullhost", "(" + helo + ") [" + address + "]");
        return this;
    }

    FakeSubject mail(String from) {
        sender = from;
        variables.put("sender_address", from);
        return this;
    }

    FakeSubject rcpt(String to) {
        recipient = to;
        int at = to.lastIndexOf('@');
        variables.put("local_part", to.substring(0, at));
        variables.put("domain", to.substring(at + 1));
        return this;
    }

    @Override
    public ExpansionContext context() {
        return ExpansionContext.empty().with(variables).withHeaders(headers);
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

    @Override
    public AclControls controls() {
        return controls;
    }

    @Override
    public void flushOutput() {
        flushes++;
    }

    @Override
    public boolean isSmtp() {
        return smtp;
    }
}
