package dev.fluxconfig.sandbox.emulator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * What the emulator was asked and how it answered, for tests: the newest {@link #CAPACITY} exchanges with the data
 * plane and the token endpoints (the admin API is not journalled). Thread-safe; the queries read a snapshot.
 */
public final class Journal {

    /** Exchanges kept; older ones are dropped, so that a long-running emulator keeps bounded memory. */
    public static final int CAPACITY = 20_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a request was for. */
    public enum Kind {
        /** getPendingConfigs. */
        POLL,
        /** A configuration's status post. */
        STATUS, HEARTBEAT,
        /** The authority's token endpoint or the IMDS endpoint. */
        TOKEN,
        /** Anything else (OIDC metadata, unknown paths). */
        OTHER
    }

    /**
     * One request and its answer.
     *
     * @param arrived when the request arrived
     * @param cluster the cluster path of a data-plane request, else null
     * @param configuration the configuration of a status post, else null
     * @param status the answer's status, 0 when the connection broke or was left without an answer
     * @param etag the answer's ETag, or null
     * @param ifNoneMatch the request's If-None-Match, or null
     * @param authorization the request's Authorization header, or null
     * @param body the request's body (a token request's form, an IMDS request's query), or null
     * @param failure the failure mode that answered, or null when the emulator behaved
     */
    public record Exchange(Instant arrived, Kind kind, String method, String path, String cluster, String configuration,
            int status, String etag, String ifNoneMatch, String authorization, String body, FailureMode failure) {

        /** The request's body as JSON, or a missing node when it is none. */
        public JsonNode json() {
            try {
                return body == null || body.isEmpty() ? MissingNode.getInstance() : JSON.readTree(body);
            } catch (Exception e) {
                return MissingNode.getInstance();
            }
        }
    }

    private final ArrayDeque<Exchange> exchanges = new ArrayDeque<>();

    synchronized void add(Exchange e) {
        exchanges.addLast(e);
        if (exchanges.size() > CAPACITY) {
            exchanges.removeFirst();
        }
    }

    /** Every exchange kept, oldest first. */
    public synchronized List<Exchange> exchanges() {
        return new ArrayList<>(exchanges);
    }

    public List<Exchange> exchanges(Predicate<Exchange> filter) {
        return exchanges().stream().filter(filter).toList();
    }

    public synchronized void clear() {
        exchanges.clear();
    }

    private long count(Predicate<Exchange> filter) {
        return exchanges(filter).size();
    }

    /** Polls answered with this status (by the list or by a failure). */
    public long polls(int status) {
        return count(e -> e.kind() == Kind.POLL && e.status() == status);
    }

    /** Polls answered by the desired list (200 or 304), not by a failure. */
    public long goodPolls() {
        return count(e -> e.kind() == Kind.POLL && e.failure() == null && (e.status() == 200 || e.status() == 304));
    }

    /** Polls answered by a failure. */
    public long failedPolls() {
        return count(e -> e.kind() == Kind.POLL && e.failure() != null);
    }

    /** Polls answered 304 for this ETag: the client has the list it names. */
    public long notModified(String etag) {
        return count(e -> e.kind() == Kind.POLL && e.status() == 304 && Objects.equals(etag, e.ifNoneMatch()));
    }

    /** Polls answered 200 with this ETag. */
    public long listed(String etag) {
        return count(e -> e.kind() == Kind.POLL && e.status() == 200 && Objects.equals(etag, e.etag()));
    }

    /** Requests (of any kind) answered by this failure mode. */
    public long served(FailureMode mode) {
        return count(e -> e.failure() == mode);
    }

    /** Bodies of the status posts for a configuration, oldest first, whatever the answer was. */
    public List<JsonNode> statusPosts(String configuration) {
        return exchanges(e -> e.kind() == Kind.STATUS && configuration.equals(e.configuration())).stream()
                .map(Exchange::json).toList();
    }

    /** Bodies of the heartbeats, oldest first. */
    public List<JsonNode> heartbeats() {
        return exchanges(e -> e.kind() == Kind.HEARTBEAT).stream().map(Exchange::json).toList();
    }

    /** The Authorization headers of the data-plane requests (null where there was none), oldest first. */
    public List<String> authorizations() {
        return exchanges(e -> e.kind() == Kind.POLL || e.kind() == Kind.STATUS || e.kind() == Kind.HEARTBEAT).stream()
                .map(Exchange::authorization).toList();
    }

    /** Requests to the token endpoints (authority or IMDS), with their bodies. */
    public List<Exchange> tokenRequests() {
        return exchanges(e -> e.kind() == Kind.TOKEN);
    }
}
