package dev.fluxconfig.agent.dataplane;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;

import dev.fluxconfig.agent.auth.HttpClients;
import dev.fluxconfig.agent.auth.TokenSource;
import dev.fluxconfig.agent.config.AgentSettings;
import dev.fluxconfig.agent.dataplane.PollOutcome.Failure;
import dev.fluxconfig.model.dataplane.ConfigurationStatus;
import dev.fluxconfig.model.dataplane.DataPlanePaths;
import dev.fluxconfig.model.dataplane.Heartbeat;

/** The agent's side of the data-plane contract ({@code openapi/dataplane.yaml}); every call blocks its caller. */
@ApplicationScoped
public class DataPlaneClient {

    private static final Logger LOG = Logger.getLogger(DataPlaneClient.class);

    private final AgentSettings settings;
    private final HttpClients http;
    private final TokenSource tokens;
    private final ObjectMapper json;

    @Inject
    public DataPlaneClient(AgentSettings settings, HttpClients http, TokenSource tokens, ObjectMapper json) {
        this.settings = settings;
        this.http = http;
        this.tokens = tokens;
        this.json = json;
    }

    /** One poll of {@code getPendingConfigs}; {@code etag} is the last applied answer's, or null. */
    public PollOutcome poll(String etag) {
        String token;
        try {
            token = tokens.token();
        } catch (TokenSource.TokenException e) {
            return new PollOutcome.Failed(Failure.TOKEN, e.getMessage());
        }
        HttpRequest<Buffer> req = request(io.vertx.core.http.HttpMethod.GET,
                DataPlanePaths.pendingConfigs(settings.clusterPath()), token);
        if (etag != null) {
            req.putHeader("If-None-Match", etag);
        }
        HttpResponse<Buffer> resp;
        try {
            resp = await(req.send());
        } catch (RuntimeException e) {
            return new PollOutcome.Failed(Failure.UNREACHABLE, "getPendingConfigs failed: " + describe(e));
        }
        int status = resp.statusCode();
        if (status == 304) {
            return new PollOutcome.NotModified();
        }
        if (status == 401 || status == 403) {
            tokens.invalidate();
            return new PollOutcome.Failed(Failure.UNAUTHORIZED,
                    "getPendingConfigs answered " + status + ": the data plane refused the token");
        }
        if (status != 200) {
            Duration retryAfter = RetryAfter.of(status, resp.getHeader(RetryAfter.HEADER), Instant.now()).orElse(null);
            return new PollOutcome.Failed(Failure.HTTP_ERROR, "getPendingConfigs answered " + status
                    + (retryAfter == null ? "" : " (" + RetryAfter.HEADER + ": " + retryAfter.toSeconds() + " s)"), retryAfter);
        }
        Buffer body = resp.body();
        try {
            return new PollOutcome.Listed(
                    PendingConfigsParser.parse(resp.getHeader("ETag"), body == null ? new byte[0] : body.getBytes()));
        } catch (PendingConfigsParser.MalformedBodyException e) {
            return new PollOutcome.Failed(Failure.MALFORMED, "getPendingConfigs answered 200 but the " + e.getMessage());
        }
    }

    /** The answer to a post: its status code and the wait a 429 or 503 asked for (capped), or null. */
    public record Posted(int code, Duration retryAfter) {
    }

    /** Posts one configuration's status; the answer, or an exception when there was none. */
    public Posted postStatus(ConfigurationStatus status) throws TokenSource.TokenException {
        return post(DataPlanePaths.status(settings.clusterPath(), status.name()), status);
    }

    public int postHeartbeat(Heartbeat heartbeat) throws TokenSource.TokenException {
        return post(DataPlanePaths.heartbeat(settings.clusterPath()), heartbeat).code();
    }

    private Posted post(String path, Object body) throws TokenSource.TokenException {
        String token = tokens.token();
        Buffer payload;
        try {
            payload = Buffer.buffer(json.writeValueAsBytes(body));
        } catch (Exception e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName(), e);
        }
        HttpResponse<Buffer> resp = await(request(io.vertx.core.http.HttpMethod.POST, path, token)
                .putHeader("Content-Type", "application/json").sendBuffer(payload));
        if (resp.statusCode() == 401 || resp.statusCode() == 403) {
            tokens.invalidate();
        }
        LOG.debugf("POST %s answered %d", path, resp.statusCode());
        return new Posted(resp.statusCode(),
                RetryAfter.of(resp.statusCode(), resp.getHeader(RetryAfter.HEADER), Instant.now()).orElse(null));
    }

    private HttpRequest<Buffer> request(io.vertx.core.http.HttpMethod method, String path, String token) {
        Duration timeout = settings.config().dataPlane().timeout();
        return http.client().requestAbs(method, settings.dataPlaneEndpoint() + path)
                .addQueryParam(DataPlanePaths.API_VERSION_PARAM, settings.config().dataPlane().apiVersion())
                .putHeader("Authorization", "Bearer " + token).putHeader("Accept", "application/json")
                .timeout(timeout.toMillis());
    }

    private HttpResponse<Buffer> await(io.smallrye.mutiny.Uni<HttpResponse<Buffer>> uni) {
        return uni.await().atMost(settings.config().dataPlane().timeout().plusSeconds(5));
    }

    /** A failure in words: the cause's class and message (URLs and addresses, no credentials). */
    public static String describe(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
