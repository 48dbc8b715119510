package dev.fluxconfig.agent.dataplane;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * The {@code Retry-After} header of a 429 or 503 answer (RFC 9110 §10.2.3): a number of seconds or an HTTP date. The wait
 * it asks for is capped, so that a data plane (or a proxy in front of it) cannot silence the agent for days; a value that
 * is neither form is ignored, with a log line naming the header.
 */
public final class RetryAfter {

    public static final String HEADER = "Retry-After";
    /** Longest wait a {@code Retry-After} can impose. */
    public static final Duration CAP = Duration.ofMinutes(10);

    private static final Logger LOG = Logger.getLogger(RetryAfter.class);

    private RetryAfter() {
    }

    /** The wait asked for by an answer with this status and header value; empty when there is none to honour. */
    public static Optional<Duration> of(int status, String value, Instant now) {
        if (status != 429 && status != 503 || value == null) {
            return Optional.empty();
        }
        Optional<Duration> wait = parse(value.strip(), now);
        if (wait.isEmpty()) {
            LOG.warnf("ignored the %s header of a %d answer: '%s' is neither a number of seconds nor an HTTP date", HEADER,
                    status, value.length() > 64 ? value.substring(0, 64) + "…" : value);
        }
        return wait.map(w -> w.compareTo(CAP) > 0 ? CAP : w);
    }

    static Optional<Duration> parse(String value, Instant now) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // a long run of digits is still a number of seconds, just more than the cap
            return Optional.of(value.length() > 9 ? CAP : Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
