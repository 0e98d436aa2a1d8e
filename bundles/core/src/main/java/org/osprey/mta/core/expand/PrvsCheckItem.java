package org.osprey.mta.core.expand;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * {@code ${prvscheck{address}{secret}{result}}}: checks a BATV prvs-signed address; sets
 * $prvscheck_address, $prvscheck_keynum and $prvscheck_result; yields the address (or the
 * third string when not empty), or nothing when the address is not prvs-signed.
 */
record PrvsCheckItem(Node address, Node secret, Node result) implements Node {
    private static final Pattern PRVS = Pattern.compile("^prvs\\=([0-9])([0-9]{3})([A-F0-9]{6})\\=(.+)\\@(.+)$");

    @Override
    public String eval(Evaluation ev, boolean skipping) throws ExpansionException {
        var vars = ev.itemVariables();
        vars.remove("prvscheck_result");
        vars.remove("prvscheck_address");
        vars.remove("prvscheck_keynum");
        String subject = address.eval(ev, skipping);
        Matcher m = PRVS.matcher(subject);
        if (!m.find()) {
            secret.eval(ev, skipping);
            if (result != null) {
                result.eval(ev, skipping);
            }
            return "";
        }
        String signed = m.group(4) + "@" + m.group(5);
        vars.put("prvscheck_address", signed);
        vars.put("prvscheck_keynum", m.group(1));
        String key = secret.eval(ev, skipping);
        String hash = DigestItems.prvsHash(signed, key, m.group(1), m.group(2));
        if (hash == null) {
            throw ExpansionException.error("hmac-sha1 conversion failed");
        }
        if (hash.equals(m.group(3))) {
            int now = Integer.parseInt(DigestItems.daystamp(ev, 0));
            int expire = Integer.parseInt(m.group(2));
            if (expire < 7 && now >= 993) {
                now = 0;
            }
            if (expire >= now) {
                vars.put("prvscheck_result", "1");
            }
        }
        String third = result == null ? null : result.eval(ev, skipping);
        String out = third == null || third.isEmpty() ? signed : third;
        vars.remove("prvscheck_address");
        vars.remove("prvscheck_keynum");
        return skipping ? "" : out;
    }
}
