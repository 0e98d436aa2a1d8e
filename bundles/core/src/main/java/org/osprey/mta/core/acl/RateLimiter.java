package org.osprey.mta.core.acl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osprey.mta.core.hints.HintsException;
import org.osprey.mta.core.hints.HintsStore;

/**
 * The {@code ratelimit} condition, as Exim's acl_ratelimit computes it: an exponentially
 * smoothed rate per key, kept in the hints database {@code ratelimit}, with Exim's options
 * (per_mail, per_rcpt, per_byte, per_cmd, per_conn, per_addr, count=, unique=, strict, leaky,
 * readonly, noupdate) and its Bloom filter for unique events. True when the rate is at or
 * over the limit. A record's value is {@code rate time-in-microseconds} and, for unique
 * events, {@code bloom-epoch bloom-bytes-in-hex}.
 */
final class RateLimiter {
    static final String DATABASE = "ratelimit";
    /** Exim's dbdata_ratelimit_unique holds a 40-byte filter at least. */
    private static final int MIN_BLOOM = 40;
    private static final Pattern NUMBER = Pattern.compile(
            "\\s*[+-]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|(?i:inf(?:inity)?|nan))");

    private final Supplier<HintsStore> hints;
    private final Clock clock;

    RateLimiter(Supplier<HintsStore> hints, Clock clock) {
        this.hints = hints;
        this.clock = clock;
    }

    /** What the engine knows of the moment. */
    interface Facts {
        AclPlace place();

        /** A variable's value, or null when unset or empty. */
        String variable(String name);

        /** Rates already computed in this ACL check (readonly, per_cmd, per_rcpt, per_addr). */
        Map<String, Double> commandCache();

        Map<String, Double> connectionCache();

        Map<String, Double> messageCache();

        /** Sets $sender_rate and friends. */
        void set(String name, String value);
    }

    record Result(AclVerb.Outcome outcome, String logMessage) {
    }

    private enum Mode {
        WHAT("?"), CLASH("!"), ADDR("per_addr"), BYTE("per_byte"), CMD("per_cmd"), CONN("per_conn"),
        MAIL("per_mail"), RCPT("per_rcpt"), ALLRCPTS("per_rcpt");

        final String text;

        Mode(String text) {
            this.text = text;
        }

        Mode set(Mode next) {
            return this == WHAT ? next : CLASH;
        }
    }

    Result check(String arg, Facts facts) {
        List<String> items = EximLists.split(arg, '/', false);
        AclPlace where = facts.place();
        if (items.isEmpty()) {
            return error("sender rate limit not set");
        }
        String limitText = items.get(0);
        facts.set("sender_rate_limit", limitText);
        double limit;
        Matcher m = NUMBER.matcher(limitText);
        if (!m.lookingAt()) {
            limit = 0;
            m = null;
        } else {
            limit = Double.parseDouble(m.group().trim().replaceAll("(?i)^([+-]?)inf(inity)?$", "$1Infinity")
                    .replaceAll("(?i)^nan$", "NaN"));
        }
        int end = m == null ? 0 : m.end();
        String rest = limitText.substring(end).toLowerCase(Locale.ROOT);
        if (rest.startsWith("k")) {
            limit *= 1024.0;
            rest = rest.substring(1);
        } else if (rest.startsWith("m")) {
            limit *= 1024.0 * 1024.0;
            rest = rest.substring(1);
        } else if (rest.startsWith("g")) {
            limit *= 1024.0 * 1024.0 * 1024.0;
            rest = rest.substring(1);
        }
        if (limit < 0.0 || !rest.isEmpty()) {
            return error("\"" + limitText + "\" is not a positive number");
        }
        String periodText = items.size() > 1 ? items.get(1) : null;
        if (periodText != null) {
            facts.set("sender_rate_period", periodText);
        }
        double period = periodText == null ? -1 : EximLists.seconds(periodText);
        if (period <= 0.0) {
            return error("\"" + (periodText == null ? "(null)" : periodText) + "\" is not a time value");
        }
        double count = 1.0;
        boolean leaky = false;
        boolean strict = false;
        boolean readonly = false;
        boolean noupdate = false;
        boolean badacl = false;
        Mode mode = Mode.WHAT;
        String key = null;
        String unique = null;
        for (String ss : items.subList(2, items.size())) {
            String lc = ss.toLowerCase(Locale.ROOT);
            switch (lc) {
                case "leaky" -> leaky = true;
                case "strict" -> strict = true;
                case "noupdate" -> noupdate = true;
                case "readonly" -> readonly = true;
                case "per_cmd" -> mode = mode.set(Mode.CMD);
                case "per_conn" -> {
                    mode = mode.set(Mode.CONN);
                    badacl |= where == AclPlace.NOTSMTP || where == AclPlace.NOTSMTP_START;
                }
                case "per_mail" -> {
                    mode = mode.set(Mode.MAIL);
                    badacl |= !where.inMessage();
                }
                case "per_rcpt" -> {
                    if (where == AclPlace.RCPT) {
                        mode = mode.set(Mode.RCPT);
                    } else if (where.ordinal() >= AclPlace.PREDATA.ordinal() && where.inMessage()) {
                        mode = mode.set(Mode.ALLRCPTS);
                        count = number(facts.variable("recipients_count"));
                    } else if (where == AclPlace.MAIL || !where.inMessage()) {
                        mode = mode.set(Mode.RCPT);
                        badacl = true;
                    }
                }
                case "per_byte" -> {
                    mode = mode.set(Mode.MAIL);
                    if (!where.inMessage()) {
                        badacl = true;
                    } else {
                        String size = facts.variable("message_size");
                        double s = size == null ? -1 : number(size);
                        count = s < 0 ? 0.0 : s;
                    }
                }
                case "per_addr" -> {
                    mode = mode.set(Mode.RCPT);
                    if (where != AclPlace.RCPT) {
                        badacl = true;
                        unique = "*";
                    } else {
                        unique = nonNull(facts.variable("local_part")) + "@" + nonNull(facts.variable("domain"));
                    }
                }
                default -> {
                    if (lc.startsWith("count=")) {
                        Matcher c = NUMBER.matcher(ss).region(6, ss.length());
                        if (!c.matches() || (count = Double.parseDouble(c.group().trim())) < 0.0) {
                            return error("\"" + ss + "\" is not a positive number");
                        }
                    } else if (lc.startsWith("unique=")) {
                        unique = ss.substring(7);
                    } else {
                        key = key == null ? ss : key + "/" + ss;
                    }
                }
            }
        }
        if (mode == Mode.CLASH) {
            return error("conflicting per_* options");
        }
        if ((leaky ? 1 : 0) + (strict ? 1 : 0) + (readonly ? 1 : 0) > 1) {
            return error("conflicting update modes");
        }
        if (badacl && (leaky || strict) && !noupdate) {
            return error("\"" + mode.text + "\" must not have /leaky or /strict option, or cannot be used in "
                    + where.eximName() + " ACL");
        }
        if (noupdate) {
            readonly = true;
            leaky = false;
            strict = false;
        }
        if (badacl) {
            readonly = true;
        }
        if (readonly) {
            count = 0.0;
        }
        if (!strict && !readonly) {
            leaky = true;
        }
        if (mode == Mode.WHAT) {
            mode = Mode.MAIL;
        }
        if (key == null) {
            key = nonNull(facts.variable("sender_host_address"));
        }
        key = periodText + "/" + mode.text + "/" + (unique == null ? "" : "unique/") + key;

        Map<String, Double> anchor = readonly ? facts.commandCache() : switch (mode) {
            case CONN -> facts.connectionCache();
            case BYTE, MAIL, ALLRCPTS -> facts.messageCache();
            default -> facts.commandCache();
        };
        Double known = anchor.get(key);
        if (known != null) {
            facts.set("sender_rate", String.format(Locale.ROOT, "%.1f", known));
            return new Result(known < limit ? AclVerb.Outcome.FAIL : AclVerb.Outcome.OK, null);
        }
        HintsStore store = hints.get();
        if (store == null) {
            return new Result(AclVerb.Outcome.DEFER, "ratelimit database not available");
        }
        Instant now = clock.instant();
        long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        double[] rate = new double[1];
        boolean[] over = new boolean[1];
        boolean write;
        try {
            Optional<HintsStore.Entry> entry = store.get(DATABASE, key);
            Record rec = entry.map(e -> Record.decode(e.value())).orElse(null);
            Record next = compute(rec, nowMicros, period, count, limit, unique, readonly);
            rate[0] = next.rate;
            over[0] = next.rate >= limit;
            write = (!over[0] && leaky) || strict;
            if (write) {
                store.put(DATABASE, key, next.encode());
            }
        } catch (HintsException | RuntimeException e) {
            return new Result(AclVerb.Outcome.DEFER, "ratelimit database not available");
        }
        anchor.put(key, rate[0]);
        facts.set("sender_rate", String.format(Locale.ROOT, "%.1f", rate[0]));
        return new Result(over[0] ? AclVerb.Outcome.OK : AclVerb.Outcome.FAIL, null);
    }

    /** The new state of a key: the smoothed rate, and the Bloom filter when events are unique. */
    private static Record compute(Record old, long nowMicros, double period, double count, double limit,
            String unique, boolean readonly) {
        long nowSeconds = Math.floorDiv(nowMicros, 1_000_000L);
        byte[] bloom = null;
        long epoch = 0;
        if (unique != null) {
            if (old != null && old.bloom != null && nowSeconds <= old.bloomEpoch + period) {
                bloom = old.bloom.clone();
                epoch = old.bloomEpoch;
            } else {
                bloom = new byte[MIN_BLOOM + Math.max(0, (int) limit * 2 - MIN_BLOOM)];
                epoch = nowSeconds;
            }
            if (!readonly && seen(bloom, unique)) {
                count = 0.0;
            }
        }
        double rate;
        if (old == null) {
            rate = count;
        } else {
            double interval = (nowMicros - old.timeMicros) / 1e6;
            if (interval <= 0.0) {
                interval = 1e-9;
            }
            double iOverP = interval / period;
            double a = Math.exp(-iOverP);
            rate = (1 - a) * count / iOverP + a * old.rate;
            if (rate < count) {
                rate = count;
            }
        }
        return new Record(rate, nowMicros, epoch, bloom);
    }

    /** Sets the event's 8 bits in the filter; true when all were set already. */
    private static boolean seen(byte[] bloom, String event) {
        byte[] md5;
        try {
            md5 = MessageDigest.getInstance("MD5").digest(event.getBytes(StandardCharsets.ISO_8859_1));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long hash = le32(md5, 0);
        long hinc = le32(md5, 4);
        boolean seen = true;
        for (int n = 0; n < 8; n++, hash = (hash + hinc) & 0xffffffffL) {
            int bit = 1 << (int) (hash % 8);
            int index = (int) ((hash / 8) % bloom.length);
            if ((bloom[index] & bit) == 0) {
                bloom[index] |= (byte) bit;
                seen = false;
            }
        }
        return seen;
    }

    private static long le32(byte[] b, int o) {
        return (b[o] & 0xffL) | (b[o + 1] & 0xffL) << 8 | (b[o + 2] & 0xffL) << 16 | (b[o + 3] & 0xffL) << 24;
    }

    private static double number(String s) {
        if (s == null) {
            return 0;
        }
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static Result error(String message) {
        return new Result(AclVerb.Outcome.ERROR, "error in arguments to \"ratelimit\" condition: " + message);
    }

    /** One key's stored state. */
    private record Record(double rate, long timeMicros, long bloomEpoch, byte[] bloom) {
        String encode() {
            String s = Double.toString(rate) + " " + timeMicros;
            return bloom == null ? s : s + " " + bloomEpoch + " " + HexFormat.of().formatHex(bloom);
        }

        static Record decode(String value) {
            String[] f = value.trim().split(" ");
            try {
                double rate = Double.parseDouble(f[0]);
                long time = Long.parseLong(f[1]);
                if (f.length >= 4) {
                    return new Record(rate, time, Long.parseLong(f[2]), HexFormat.of().parseHex(f[3]));
                }
                return new Record(rate, time, 0, null);
            } catch (RuntimeException e) {
                // A record this version cannot read: start again, as Exim does with a short record.
                return null;
            }
        }
    }
}
