package dev.fluxconfig.model.dataplane;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.fluxconfig.model.v1alpha1.status.ObjectStatusDefinition;

/**
 * Body of {@code POST .../configurations/{name}/status}: the configuration's status in ARM shape, with the ids of the
 * operation it answers. The data plane keeps the latest it received.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConfigurationStatus(String name, String namespace, String operationId, String correlationId,
        String complianceState, String provisioningState, List<ObjectStatusDefinition> statuses, String errorMessage,
        String repositoryPublicKey, String sourceSyncedCommitId, String sourceUpdatedAt, String statusUpdatedAt) {
}
