package org.osprey.mta.core.smtp;

/**
 * smtp_ratelimit_mail / smtp_ratelimit_rcpt as the session applies them: after
 * {@code threshold} commands, each further one waits a delay that starts at {@code initial}
 * milliseconds and grows by {@code factor} up to {@code limit} milliseconds.
 */
record RateLimit(int threshold, double initial, double factor, double limit) {

    /** The option's value, or null when it is unset or unreadable (the configuration reader has checked it). */
    static RateLimit parse(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.split(",");
        if (parts.length != 4) {
            return null;
        }
        try {
            return new RateLimit(Integer.parseInt(parts[0].trim()), millis(parts[1].trim()),
                    Double.parseDouble(parts[2].trim()), millis(parts[3].trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A time with an optional fraction ("0.5s", "4m") in milliseconds. */
    private static double millis(String t) {
        double total = 0;
        int p = 0;
        while (p < t.length()) {
            int q = p;
            while (q < t.length() && (Character.isDigit(t.charAt(q)) || t.charAt(q) == '.')) {
                q++;
            }
            double n = Double.parseDouble(t.substring(p, q));
            char unit = q < t.length() ? t.charAt(q) : 's';
            double scale = switch (unit) {
                case 'w' -> 7 * 86400;
                case 'd' -> 86400;
                case 'h' -> 3600;
                case 'm' -> 60;
                default -> 1;
            };
            total += n * scale * 1000;
            p = q + 1;
        }
        return total;
    }
}
