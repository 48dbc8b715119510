package dev.fluxconfig.agent.auth;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

import dev.fluxconfig.agent.config.AgentSettings;

/** The one Vert.x web client the agent uses for the data plane and, through MSAL4J, for the authority and IMDS. */
@ApplicationScoped
public class HttpClients {

    private final WebClient client;

    @Inject
    public HttpClients(Vertx vertx, AgentSettings settings) {
        WebClientOptions options = new WebClientOptions().setUserAgent("fluxconfig-agent").setKeepAlive(true)
                .setMaxPoolSize(4).setConnectTimeout((int) Math.min(Integer.MAX_VALUE,
                        settings.config().dataPlane().timeout().toMillis()));
        settings.config().auth().caFile().filter(f -> !f.isBlank()).ifPresent(file -> {
            try {
                options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(Files.readAllBytes(Path.of(file)))));
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the CA bundle " + file + ": " + e.getMessage(), e);
            }
        });
        this.client = WebClient.create(vertx, options);
    }

    public WebClient client() {
        return client;
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
