package org.osprey.mta.core.bounce;

import java.util.Objects;

import org.osprey.mta.core.spool.Recipient;

/**
 * One address in a bounce or a delay warning, with what the report says about it. Data only.
 *
 * @param address the address that failed or is delayed
 * @param topAddress the original recipient it was generated from by redirection (Exim's top
 *        ancestor; {@code Final-Recipient} names it), or null when it is itself a recipient
 * @param orcpt the DSN ORCPT ({@code rfc822;a@b}), printed as {@code Original-Recipient}, or null
 * @param errorsTo the errors_to address a router set, or null for the envelope sender
 * @param error the text shown to the sender (Exim's user message, or the message a router's
 *        {@code :fail:} gave or a remote host replied when it may be passed on), or null for none
 * @param host the remote host the last attempt talked to, or null
 * @param smtpReply the remote host's SMTP reply ({@code 550 5.1.1 no such user}), for the
 *        {@code Diagnostic-Code: smtp;} field, or null
 */
public record ReportedAddress(String address, String topAddress, String orcpt, String errorsTo, String error,
        RemoteHost host, String smtpReply) {

    public ReportedAddress {
        Objects.requireNonNull(address, "address");
    }

    /** An address with an error text and nothing else. */
    public static ReportedAddress of(String address, String error) {
        return new ReportedAddress(address, null, null, null, error, null, null);
    }

    /** A recipient from the spool, with its ORCPT and errors_to, and an error text. */
    public static ReportedAddress of(Recipient recipient, String error) {
        return new ReportedAddress(recipient.address(), null, recipient.orcpt(), recipient.errorsTo(), error,
                null, null);
    }

    /** This address with the remote host it talked to and that host's SMTP reply. */
    public ReportedAddress withRemote(RemoteHost remote, String reply) {
        return new ReportedAddress(address, topAddress, orcpt, errorsTo, error, remote, reply);
    }

    /** This address as generated from {@code top} by redirection. */
    public ReportedAddress generatedFrom(String top) {
        return new ReportedAddress(address, top, orcpt, errorsTo, error, host, smtpReply);
    }

    /** The address {@code Final-Recipient} names: the top ancestor, else this one. */
    String finalRecipient() {
        return topAddress != null ? topAddress : address;
    }
}
