package dev.fluxconfig.agent.heartbeat;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.fluxconfig.agent.config.AgentSettings;
import dev.fluxconfig.agent.dataplane.DataPlaneClient;
import dev.fluxconfig.model.dataplane.Heartbeat;

/** Tells the data plane, every {@code heartbeat.interval}, that the agent lives and which versions run. */
@ApplicationScoped
public class HeartbeatSender {

    private static final Logger LOG = Logger.getLogger(HeartbeatSender.class);

    private final AgentSettings settings;
    private final DataPlaneClient dataPlane;
    private final String agentVersion;
    private ScheduledExecutorService timer;

    @Inject
    public HeartbeatSender(AgentSettings settings, DataPlaneClient dataPlane,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String agentVersion) {
        this.settings = settings;
        this.dataPlane = dataPlane;
        this.agentVersion = agentVersion;
    }

    void start(@Observes StartupEvent event) {
        if (!settings.complete()) {
            return;
        }
        long period = settings.config().heartbeat().interval().toMillis();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fluxconfig-heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::beat, Math.min(period, 1000), period, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    void beat() {
        Heartbeat hb = new Heartbeat(agentVersion, settings.config().heartbeat().controllerVersion().orElse(null),
                settings.config().heartbeat().fluxVersion().orElse(null), Instant.now().toString());
        try {
            int code = dataPlane.postHeartbeat(hb);
            LOG.debugf("heartbeat answered %d", code);
        } catch (Exception e) {
            LOG.debugf("heartbeat not posted: %s", DataPlaneClient.describe(e));
        }
    }
}
