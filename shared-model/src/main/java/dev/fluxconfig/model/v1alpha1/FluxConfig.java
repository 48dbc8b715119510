package dev.fluxconfig.model.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

import dev.fluxconfig.model.FluxConfigConstants;

/** A GitOps configuration as the cloud asked for it: one Flux source plus its kustomizations. */
@Group(FluxConfigConstants.GROUP)
@Version(FluxConfigConstants.VERSION)
@Kind(FluxConfigConstants.KIND)
@Plural(FluxConfigConstants.PLURAL)
@ShortNames("fc")
@AdditionalPrinterColumn(name = "Scope", jsonPath = ".spec.scope", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "URL", jsonPath = ".status.url", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Provision", jsonPath = ".status.provisioningState", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Compliance", jsonPath = ".status.complianceState", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class FluxConfig extends CustomResource<FluxConfigSpec, FluxConfigStatus> implements Namespaced {
    // No initSpec(): a new FluxConfig must carry no spec, or the partial objects the Operator SDK server-side applies
    // (finalizer, status) would carry our Java defaults and take those spec fields over from the agent.
}
