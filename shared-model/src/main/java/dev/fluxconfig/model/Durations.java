package dev.fluxconfig.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Conversions between ARM seconds, Flux (Go) duration strings, the CLI form {@code 1h2m5s} and ISO-8601. */
public final class Durations {

    /** Largest number of seconds ARM accepts for an interval or timeout. */
    public static final long MAX_SECONDS = 35_791_394L;

    private static final Pattern GO_DURATION = Pattern.compile("^(?:[0-9]+(?:\\.[0-9]+)?(?:ns|us|µs|ms|s|m|h))+$");
    private static final Pattern GO_PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern CLI_DURATION = Pattern.compile("^(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?$");

    private Durations() {
    }

    /** Seconds as Flux writes durations, the way Go prints them: 600 → {@code 10m0s}, 3725 → {@code 1h2m5s}. */
    public static String toFlux(long seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("negative duration: " + seconds);
        }
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        if (h > 0) {
            return h + "h" + m + "m" + s + "s";
        }
        if (m > 0) {
            return m + "m" + s + "s";
        }
        return s + "s";
    }

    /**
     * Seconds as a Go duration without an hours part: 3600 → {@code 60m0s}, 600 → {@code 10m0s}. Flux's source kinds
     * (GitRepository, Bucket, OCIRepository, HelmRepository) accept {@code spec.timeout} only in this form: their schema's
     * pattern {@code ^([0-9]+(\.[0-9]+)?(ms|s|m))+$} has no {@code h}.
     */
    public static String toFluxMinutes(long seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("negative duration: " + seconds);
        }
        long m = seconds / 60;
        long s = seconds % 60;
        return m > 0 ? m + "m" + s + "s" : s + "s";
    }

    /** A Go duration string ({@code 10m0s}, {@code 1.5h}, {@code 500ms}) as a Duration. */
    public static Duration parseFlux(String value) {
        if (value == null || !GO_DURATION.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a Go duration such as 10m0s or 1h");
        }
        Matcher m = GO_PART.matcher(value);
        double nanos = 0;
        while (m.find()) {
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "h" -> 3_600e9;
                case "m" -> 60e9;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us", "µs" -> 1e3;
                default -> 1;
            };
        }
        return Duration.ofNanos((long) nanos);
    }

    /**
     * The CLI form {@code 1h2m5s}, {@code 10m}, {@code 60s} as seconds. Stricter than the original CLI: the whole string
     * must match and at least one part must be present.
     */
    public static long parseCli(String value) {
        Matcher m = value == null ? null : CLI_DURATION.matcher(value.trim());
        if (m == null || !m.matches() || value.isBlank()) {
            throw new IllegalArgumentException("'" + value + "' is not a duration such as 1h2m5s, 10m or 60s");
        }
        long total = 0;
        total += m.group(1) == null ? 0 : Long.parseLong(m.group(1)) * 3600;
        total += m.group(2) == null ? 0 : Long.parseLong(m.group(2)) * 60;
        total += m.group(3) == null ? 0 : Long.parseLong(m.group(3));
        return total;
    }

    /** Seconds in the CLI's display form, zero parts left out: 600 → {@code 10m}, 3725 → {@code 1h2m5s}. */
    public static String toCli(long seconds) {
        if (seconds == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        if (h > 0) {
            b.append(h).append('h');
        }
        if (m > 0) {
            b.append(m).append('m');
        }
        if (s > 0) {
            b.append(s).append('s');
        }
        return b.toString();
    }

    /** An ISO-8601 duration ({@code PT5M}, {@code P1D}). */
    public static Duration parseIso(String value) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("'" + value + "' is not an ISO-8601 duration such as PT5M or P1D");
        }
    }
}
