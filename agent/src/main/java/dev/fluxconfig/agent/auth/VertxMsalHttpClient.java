package dev.fluxconfig.agent.auth;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;

import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * MSAL4J's HTTP calls over the agent's Vert.x client, so that there is one HTTP stack, one trust configuration and one
 * timeout. When an IMDS endpoint is configured, MSAL's requests to the well-known IMDS address go there instead (MSAL
 * itself only reads that address from environment variables).
 */
public class VertxMsalHttpClient implements IHttpClient {

    static final String IMDS_HOST = "169.254.169.254";

    private final WebClient client;
    private final Duration timeout;
    private final URI imdsEndpoint;

    public VertxMsalHttpClient(WebClient client, Duration timeout, URI imdsEndpoint) {
        this.client = client;
        this.timeout = timeout;
        this.imdsEndpoint = imdsEndpoint;
    }

    @Override
    public IHttpResponse send(HttpRequest request) {
        String url = target(request.url().toString());
        var req = client.requestAbs(HttpMethod.valueOf(request.httpMethod().name()), url).timeout(timeout.toMillis());
        if (request.headers() != null) {
            request.headers().forEach(req::putHeader);
        }
        HttpResponse<Buffer> resp = (request.body() == null ? req.send() : req.sendBuffer(Buffer.buffer(request.body())))
                .await().atMost(timeout.plusSeconds(1));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        resp.headers().forEach(e -> headers.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        String body = resp.bodyAsString();
        int status = resp.statusCode();
        return new IHttpResponse() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public Map<String, List<String>> headers() {
                return headers;
            }

            @Override
            public String body() {
                return body == null ? "" : body;
            }
        };
    }

    /** The URL to call: the IMDS address replaced by the configured endpoint, anything else unchanged. */
    String target(String url) {
        URI uri = URI.create(url);
        if (imdsEndpoint == null || !IMDS_HOST.equals(uri.getHost())) {
            return url;
        }
        String base = imdsEndpoint.toString().replaceAll("/+$", "");
        return base + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
