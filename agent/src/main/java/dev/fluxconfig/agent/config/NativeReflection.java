package dev.fluxconfig.agent.config;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.fluxconfig.model.dataplane.AzureBlobSource;
import dev.fluxconfig.model.dataplane.ConfigurationStatus;
import dev.fluxconfig.model.dataplane.DesiredConfiguration;
import dev.fluxconfig.model.dataplane.ErrorDetail;
import dev.fluxconfig.model.dataplane.ErrorResponse;
import dev.fluxconfig.model.dataplane.FluxConfigurationProperties;
import dev.fluxconfig.model.dataplane.Heartbeat;
import dev.fluxconfig.model.dataplane.OciRepositorySource;
import dev.fluxconfig.model.dataplane.PendingConfigurations;
import dev.fluxconfig.model.dataplane.ServicePrincipal;
import dev.fluxconfig.model.dataplane.TlsConfig;

/** The wire DTOs Jackson reads and writes by reflection; the FluxConfig classes come in through the index. */
@RegisterForReflection(targets = {PendingConfigurations.class, DesiredConfiguration.class,
        FluxConfigurationProperties.class, AzureBlobSource.class, ServicePrincipal.class, OciRepositorySource.class,
        TlsConfig.class, ConfigurationStatus.class, Heartbeat.class, ErrorResponse.class, ErrorDetail.class})
public final class NativeReflection {

    private NativeReflection() {
    }
}
