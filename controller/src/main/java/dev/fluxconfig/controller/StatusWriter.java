package dev.fluxconfig.controller;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.FluxConfigStatus;
import dev.fluxconfig.model.v1alpha1.status.ComplianceState;
import dev.fluxconfig.model.v1alpha1.status.ProvisioningState;
import dev.fluxconfig.model.v1alpha1.status.StatusAggregator;

/**
 * Writes a FluxConfig's status with server-side apply, once per change a user can see: nothing when only timestamps
 * would change, and while a configuration is Pending its per-object details (which child is Ready yet) at most once, when
 * it stayed Pending for {@link #STATUS_COALESCE}. A change of compliance, provisioning state or generation is written at
 * once. Each write is counted, and one that turns the configuration bad also becomes a warning event.
 */
final class StatusWriter {

    private static final Logger LOG = Logger.getLogger(StatusWriter.class);
    /** How long a Pending configuration waits before its one refinement (which child holds it up) is written. */
    static final Duration STATUS_COALESCE = Duration.ofSeconds(30);

    private final ChildApplier counter;
    private final KubernetesClient client;
    private final ObjectMapper json = new ObjectMapper();
    /**
     * The configurations (by uid) whose Pending details were refined once, with the generation they were refined at.
     * Held in memory only: after a restart a configuration may be refined once more.
     */
    private final Map<String, Long> refined = new ConcurrentHashMap<>();

    StatusWriter(ChildApplier counter, KubernetesClient client) {
        this.counter = counter;
        this.client = client;
    }

    /** The reconcile's answer: the status patch when it changed, or no update (rescheduled when a refinement waits). */
    UpdateControl<FluxConfig> write(FluxConfig config, StatusAggregator aggregator, String warningReason) {
        Instant now = Instant.now();
        FluxConfigStatus previous = config.getStatus();
        FluxConfigStatus next = aggregator.build(now);
        if (!changed(previous, next)) {
            return UpdateControl.noUpdate();
        }
        String uid = config.getMetadata().getUid();
        if (onlyRefines(previous, next)) {
            if (Objects.equals(refined.get(uid), next.getObservedGeneration())) {
                // the one refinement of this Pending status was written; the next write is a change of state
                return UpdateControl.noUpdate();
            }
            Optional<Duration> wait = coalesceWindow(previous, next, now);
            if (wait.isPresent()) {
                return UpdateControl.<FluxConfig>noUpdate().rescheduleAfter(wait.get().toMillis());
            }
            refined.put(uid, next.getObservedGeneration());
        } else {
            refined.remove(uid);
        }
        stamp(config, next, now, warningReason);
        return UpdateControl.patchStatus(statusOnly(config, next));
    }

    /** The answer to a failed reconcile: the failure written into the previous status, unless it shows it already. */
    ErrorStatusUpdateControl<FluxConfig> writeError(FluxConfig config, StatusAggregator aggregator, String warningReason) {
        Instant now = Instant.now();
        FluxConfigStatus next = aggregator.build(now);
        if (!changed(config.getStatus(), next)) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        refined.remove(config.getMetadata().getUid());
        stamp(config, next, now, warningReason);
        return ErrorStatusUpdateControl.patchStatus(statusOnly(config, next));
    }

    /** Writes a deleting configuration's status directly (a cleanup returns no status); gone already is fine. */
    void writeDeleting(FluxConfig config, StatusAggregator aggregator) {
        Instant now = Instant.now();
        FluxConfigStatus next = aggregator.build(now);
        if (!changed(config.getStatus(), next)) {
            return;
        }
        next.setStatusUpdatedAt(now.truncatedTo(ChronoUnit.SECONDS).toString());
        try {
            counter.countStatusWrite();
            client.resource(statusOnly(config, next)).subresource("status").patch(new PatchContext.Builder()
                    .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(MANAGED_BY_CONTROLLER).withForce(true)
                    .build());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** Forgets a deleted configuration. */
    void forget(FluxConfig config) {
        refined.remove(config.getMetadata().getUid());
    }

    private void stamp(FluxConfig config, FluxConfigStatus next, Instant now, String warningReason) {
        next.setStatusUpdatedAt(now.truncatedTo(ChronoUnit.SECONDS).toString());
        counter.countStatusWrite();
        if (next.getProvisioningState() == ProvisioningState.FAILED
                || next.getComplianceState() == ComplianceState.NON_COMPLIANT) {
            String message = next.getErrorMessage() != null
                    ? next.getErrorMessage()
                    : next.getConditions().get(0).getMessage();
            Events.warning(client, config, warningReason, message);
        }
        LOG.infof("%s/%s: provisioning %s, compliance %s", config.getMetadata().getNamespace(),
                config.getMetadata().getName(), next.getProvisioningState(), next.getComplianceState());
    }

    /** Whether anything but the timestamps differs. */
    private boolean changed(FluxConfigStatus previous, FluxConfigStatus next) {
        return previous == null || !comparable(previous).equals(comparable(next));
    }

    private String comparable(FluxConfigStatus status) {
        ObjectNode tree = json.valueToTree(status);
        tree.remove("statusUpdatedAt");
        tree.path("conditions").forEach(c -> ((ObjectNode) c).remove("lastTransitionTime"));
        return tree.toString();
    }

    /** Whether the next status only refines a written Pending one: same states, same generation, other details. */
    static boolean onlyRefines(FluxConfigStatus previous, FluxConfigStatus next) {
        return previous != null && previous.getStatusUpdatedAt() != null
                && previous.getComplianceState() == ComplianceState.PENDING
                && next.getComplianceState() == ComplianceState.PENDING
                && previous.getProvisioningState() == next.getProvisioningState()
                && Objects.equals(previous.getObservedGeneration(), next.getObservedGeneration());
    }

    /**
     * How long to hold back a status that only refines a Pending status written less than {@link #STATUS_COALESCE} ago
     * (the per-object details of a configuration whose children are becoming Ready one by one). The compliance and
     * provisioning states are never held back: a change of either is written at once.
     */
    static Optional<Duration> coalesceWindow(FluxConfigStatus previous, FluxConfigStatus next, Instant now) {
        if (!onlyRefines(previous, next)) {
            return Optional.empty();
        }
        Instant written;
        try {
            written = Instant.parse(previous.getStatusUpdatedAt());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, written.plus(STATUS_COALESCE));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    /**
     * The object whose status is server-side applied: name, namespace and status only. No spec, so the controller never
     * becomes a manager of spec fields (which would stop the agent from removing them), and no resource version, since the
     * status is the controller's alone.
     */
    static FluxConfig statusOnly(FluxConfig config, FluxConfigStatus status) {
        FluxConfig patch = new FluxConfig();
        patch.setMetadata(new ObjectMetaBuilder().withName(config.getMetadata().getName())
                .withNamespace(config.getMetadata().getNamespace()).withUid(config.getMetadata().getUid()).build());
        patch.setStatus(status);
        return patch;
    }
}
