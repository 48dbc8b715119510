package dev.fluxconfig.sandbox.emulator;

import java.time.Duration;

/**
 * One way the emulator misbehaves: the mode, where it applies, and the knobs some modes take.
 *
 * @param mode what goes wrong
 * @param target where: {@code all}, {@code data-plane} (polls, status posts, heartbeats), {@code token} (the token
 *        endpoints), {@code poll}, {@code status}, {@code status/<configuration>} or {@code heartbeat}
 * @param retryAfter the {@code Retry-After} header sent with the failure, or null (HTTP_429 sends 1 then)
 * @param delay the wait of {@link FailureMode#DELAYED}, or null for the emulator's {@code timeoutAfter}
 */
public record Failure(FailureMode mode, String target, String retryAfter, Duration delay) {

    public Failure {
        mode = mode == null ? FailureMode.NONE : mode;
        target = target == null ? "data-plane" : target;
        if (!target.equals("all") && !target.equals("data-plane") && !target.equals("token") && !target.equals("poll")
                && !target.equals("status") && !target.startsWith("status/") && !target.equals("heartbeat")) {
            throw new IllegalArgumentException("unknown failure target " + target
                    + "; known: all, data-plane, token, poll, status, status/<configuration>, heartbeat");
        }
    }

    public static Failure of(FailureMode mode, String target) {
        return new Failure(mode, target, null, null);
    }

    public Failure withRetryAfter(String value) {
        return new Failure(mode, target, value, delay);
    }

    public Failure withDelay(Duration d) {
        return new Failure(mode, target, retryAfter, d);
    }

    /** Whether it applies to a request of this kind (for a status post, of this configuration). */
    boolean appliesTo(Journal.Kind kind, String configuration) {
        return switch (target) {
            case "all" -> kind != Journal.Kind.OTHER;
            case "data-plane" -> kind == Journal.Kind.POLL || kind == Journal.Kind.STATUS || kind == Journal.Kind.HEARTBEAT;
            case "token" -> kind == Journal.Kind.TOKEN;
            case "poll" -> kind == Journal.Kind.POLL;
            case "status" -> kind == Journal.Kind.STATUS;
            case "heartbeat" -> kind == Journal.Kind.HEARTBEAT;
            default -> kind == Journal.Kind.STATUS && target.equals("status/" + configuration);
        };
    }
}
