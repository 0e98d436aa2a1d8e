package org.osprey.mta.core.spool;

import java.util.Objects;

/**
 * One entry of a -H file's recipients list. Written as the bare address when it has no
 * extra data, otherwise in Exim 4's extended form
 * {@code address orcpt len(orcpt),dsn_flags errors_to len(errors_to),parent#3}. It is data
 * only; whether the address is delivered is the non-recipients set's business, never this
 * record's.
 *
 * @param address the recipient address
 * @param orcpt the DSN ORCPT value ({@code rfc822;a@b}), or null
 * @param dsnFlags Exim's DSN flag bits: 0x01 last hop (DSN not passed on), 0x02 NOTIFY=NEVER,
 *        0x04 SUCCESS, 0x08 FAILURE, 0x10 DELAY
 * @param errorsTo the errors_to address from a redirect router, or null
 * @param parent for a one_time child, the index of its parent in the list; -1 for none
 */
public record Recipient(String address, String orcpt, int dsnFlags, String errorsTo, int parent) {
    public Recipient {
        Objects.requireNonNull(address, "address");
        if (address.isEmpty() || address.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("bad recipient address: " + address);
        }
        if (orcpt != null && orcpt.indexOf('\n') >= 0 || errorsTo != null && errorsTo.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("newline in recipient data: " + address);
        }
    }

    /** A plain recipient. */
    public static Recipient of(String address) {
        return new Recipient(address, null, 0, null, -1);
    }

    /** Whether the entry needs the extended form. */
    public boolean extended() {
        return parent >= 0 || errorsTo != null || dsnFlags != 0;
    }
}
