package dev.fluxconfig.agent.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.fluxconfig.agent.apply.Ledger;
import dev.fluxconfig.agent.apply.ManagedConfigs;
import dev.fluxconfig.model.dataplane.ConfigurationStatus;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.FluxConfigStatus;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;

/**
 * The status to report for a configuration, in ARM shape: the FluxConfig's status as the controller wrote it, overridden
 * by the agent's own refusal of the latest desired state ({@code Failed} with the fields in {@code errorMessage}).
 */
@ApplicationScoped
public class StatusComposer {

    private final ManagedConfigs configs;
    private final Ledger rejections;

    @Inject
    public StatusComposer(ManagedConfigs configs, Ledger rejections) {
        this.configs = configs;
        this.rejections = rejections;
    }

    /** The status of that configuration, or null when there is none to report. */
    public ConfigurationStatus compose(String name) {
        Optional<FluxConfig> cr = configs.byName(name);
        Ledger.Rejection rejection = rejections.get(name);
        if (rejection != null) {
            FluxConfigStatus s = cr.map(FluxConfig::getStatus).orElse(null);
            return new ConfigurationStatus(name, rejection.namespace(), rejection.operationId(), rejection.correlationId(),
                    s != null && s.getComplianceState() != null
                            ? s.getComplianceState().value()
                            : ComplianceState.UNKNOWN.value(),
                    ProvisioningState.FAILED.value(), s == null ? List.of() : s.getStatuses(), rejection.message(),
                    s == null ? null : s.getRepositoryPublicKey(), s == null ? null : s.getSourceSyncedCommitId(),
                    s == null ? null : s.getSourceUpdatedAt(), Instant.now().toString());
        }
        return cr.map(StatusComposer::fromResource).orElse(null);
    }

    /** The ARM shape of a FluxConfig's status, or null while the controller has written none. */
    public static ConfigurationStatus fromResource(FluxConfig cr) {
        FluxConfigStatus s = cr.getStatus();
        if (s == null) {
            return null;
        }
        return new ConfigurationStatus(cr.getMetadata().getName(), cr.getMetadata().getNamespace(),
                cr.getSpec() == null ? null : cr.getSpec().getOperationId(),
                cr.getSpec() == null ? null : cr.getSpec().getCorrelationId(),
                s.getComplianceState() == null ? null : s.getComplianceState().value(),
                s.getProvisioningState() == null ? null : s.getProvisioningState().value(), s.getStatuses(),
                s.getErrorMessage(), s.getRepositoryPublicKey(), s.getSourceSyncedCommitId(), s.getSourceUpdatedAt(),
                s.getStatusUpdatedAt() != null ? s.getStatusUpdatedAt() : Instant.now().toString());
    }
}
