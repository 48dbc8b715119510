/**
 * The Flux stand-in: <b>test equipment</b> that plays source-controller, kustomize-controller and helm-controller on an API
 * server with the Flux CRDs and no Flux, for the sandbox, the controller's integration tests and the benchmarks.
 * <p>
 * Contract (see {@link dev.fluxconfig.sandbox.fluxstandin.FluxStandIn}):
 * <ul>
 * <li>Sources (GitRepository, Bucket, OCIRepository, HelmRepository, HelmChart): Ready=True reason {@code Succeeded},
 * message {@code stored artifact for revision '<rev>'}, ArtifactInStorage=True, an artifact with a fake, deterministic
 * revision ({@link dev.fluxconfig.sandbox.fluxstandin.Revisions}); {@code artifact.lastUpdateTime} moves only with the
 * revision.</li>
 * <li>Kustomizations: Ready=True {@code ReconciliationSucceeded} {@code Applied revision: <rev>} once the source is Ready
 * and every {@code dependsOn} is Ready (else Ready=False {@code DependencyNotReady}
 * {@code dependency '<ns>/<name>' is not ready}, or {@code ArtifactFailed} for a missing or failing source); the
 * inventory is what {@link dev.fluxconfig.sandbox.fluxstandin.Inventories} plans, created objects labelled
 * {@code kustomize.toolkit.fluxcd.io/name|namespace}; {@code prune: true} holds {@code finalizers.fluxcd.io} and deletion
 * prunes what the Kustomization owns.</li>
 * <li>HelmReleases: HelmChart {@code <ns>-<name>} in the chart source's namespace, Ready=True/Released=True
 * {@code InstallSucceeded} (then {@code UpgradeSucceeded} when the chart version changes), history, failures 0.</li>
 * <li>{@code spec.suspend: true}: no change at all. Annotation {@code fluxstandin.fluxconfig.dev/fail: <message>}: Ready=False
 * with the kind's failure reason and that message until removed. Source URL matching the failure pattern (default
 * {@code fail}): Ready=False {@code AuthenticationFailed}.</li>
 * <li>A status is written only when it changes, through the status subresource, locked to the resourceVersion.</li>
 * </ul>
 */
package dev.fluxconfig.sandbox.fluxstandin;
