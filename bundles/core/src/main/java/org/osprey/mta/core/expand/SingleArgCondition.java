package org.osprey.mta.core.expand;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.model.IpAddress;

/**
 * The one-argument conditions: {@code exists}, {@code isip}, {@code isip4}, {@code isip6}, and
 * the authenticators Exim builds in only on request ({@code pam}, {@code radius},
 * {@code ldapauth}, {@code pwcheck}), which this engine lacks as Debian's Exim does.
 */
record SingleArgCondition(String name, Node arg) implements Condition {

    @Override
    public boolean test(Evaluation ev, boolean skipping) throws ExpansionException {
        String value = arg.eval(ev, skipping);
        if (skipping) {
            return false;
        }
        switch (name) {
            case "exists":
                if (ev.context().forbids(Restriction.EXISTS)) {
                    throw ExpansionException.error(Restriction.EXISTS.message());
                }
                try {
                    return !value.isEmpty() && Files.exists(Path.of(ByteStrings.external(value)), new LinkOption[0]);
                } catch (RuntimeException e) {
                    return false;
                }
            case "isip": return IpAddress.version(value) != 0;
            case "isip4": return IpAddress.version(value) == 4;
            case "isip6": return IpAddress.version(value) == 6;
            default: throw ExpansionException.error("support for \"" + name + "\" not compiled");
        }
    }
}
