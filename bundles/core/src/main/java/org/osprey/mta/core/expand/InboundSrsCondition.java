package org.osprey.mta.core.expand;

import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * {@code inbound_srs{local part}{secret}}: whether the local part is an SRS0 address (signed
 * with the secret, and not older than ten days, when a secret is given); sets $srs_recipient.
 */
record InboundSrsCondition(List<Node> args) implements Condition {
    private static final Pattern SRS = Pattern.compile("^(?i)SRS0=([^=]+)=([A-Z2-7]+)=([^=]*)=(.*)$");
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    @Override
    public boolean test(Evaluation ev, boolean skipping) throws ExpansionException {
        String local = args.get(0).eval(ev, skipping);
        String secret = args.size() > 1 ? args.get(1).eval(ev, skipping) : "";
        if (skipping) {
            return false;
        }
        Matcher m = SRS.matcher(local);
        if (!m.find()) {
            return false;
        }
        boolean quoting = local.startsWith("\"");
        for (int i = 0; i < local.length() && !quoting; i++) {
            char c = local.charAt(i);
            quoting = !Chars.isAlnum(c) && ".!#$%&'*+-/=?^_`{|}~".indexOf(c) < 0;
        }
        String q = quoting ? "\"" : "";
        String recipient = q + Chars.lower(m.group(4)) + q + "@" + Chars.lower(m.group(3));
        ev.itemVariables().put("srs_recipient", recipient);
        if (secret.isEmpty()) {
            return true;
        }
        long now = ev.engine().environment().clock().millis() / 1000 / 86400;
        long d = 0;
        for (char c : m.group(2).toCharArray()) {
            d = d * 32 + Math.max(0, BASE32.indexOf(Character.toLowerCase(c)));
        }
        if (((now - d) & 0x3ff) > 10 || m.group(1).length() != 4) {
            return false;
        }
        String sum = HexFormat.of().formatHex(DigestItems.hmac("MD5", ByteStrings.bytes(secret), ByteStrings.bytes(recipient)));
        return sum.substring(0, 4).equals(m.group(1));
    }
}
