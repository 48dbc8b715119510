package dev.fluxconfig.agent.dataplane;

/** What one poll of the data plane gave. */
public sealed interface PollOutcome {

    /** 304: nothing changed since the last applied answer. */
    record NotModified() implements PollOutcome {
    }

    /** 200 with a well-formed list. */
    record Listed(DesiredState state) implements PollOutcome {
    }

    /**
     * Anything else; nothing may change because of it. The reason never holds a secret. {@code retryAfter}: the wait a
     * 429 or 503 asked for with {@code Retry-After} (capped), or null.
     */
    record Failed(Failure kind, String reason, java.time.Duration retryAfter) implements PollOutcome {

        public Failed(Failure kind, String reason) {
            this(kind, reason, null);
        }
    }

    enum Failure {
        /** No token could be had from the authority or IMDS. */
        TOKEN,
        /** The data plane refused the token (401, 403). */
        UNAUTHORIZED,
        /** The data plane answered with another error status. */
        HTTP_ERROR,
        /** Connection refused, reset, or no answer in time. */
        UNREACHABLE,
        /** 200, but the body is not a well-formed list. */
        MALFORMED
    }
}
