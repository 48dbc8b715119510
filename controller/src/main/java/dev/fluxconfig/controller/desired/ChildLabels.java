package dev.fluxconfig.controller.desired;

import static dev.fluxconfig.model.FluxConfigConstants.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.validation.NameRules;

/** Labels, owner references and metadata every generated object carries. */
public final class ChildLabels {

    /** Selects every object the controller generated. */
    public static final String MANAGED_SELECTOR = LABEL_MANAGED_BY + "=" + MANAGED_BY_CONTROLLER;

    private ChildLabels() {
    }

    /** The labels of SPEC item 3; operation-id only when it is a valid label value. */
    public static Map<String, String> of(FluxConfig config) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_IS_MANAGED, "true");
        labels.put(LABEL_NAME, config.getMetadata().getName());
        labels.put(LABEL_NAMESPACE, config.getMetadata().getNamespace());
        String op = config.getSpec() == null ? null : config.getSpec().getOperationId();
        if (NameRules.isLabelValue(op)) {
            labels.put(LABEL_OPERATION_ID, op);
        }
        labels.put(LABEL_MANAGED_BY, MANAGED_BY_CONTROLLER);
        return labels;
    }

    /** Selector for the objects generated for one configuration. */
    public static Map<String, String> selectorFor(String configName, String configNamespace) {
        return Map.of(LABEL_NAME, configName, LABEL_NAMESPACE, configNamespace, LABEL_MANAGED_BY, MANAGED_BY_CONTROLLER);
    }

    /** Controller owner reference to the configuration (garbage collection as a backstop to the finalizer). */
    public static OwnerReference ownerReference(FluxConfig config) {
        return new OwnerReferenceBuilder().withApiVersion(API_VERSION).withKind(KIND)
                .withName(config.getMetadata().getName()).withUid(config.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(false).build();
    }

    /** Metadata of a namespaced child in the configuration namespace, owned by the configuration. */
    public static ObjectMeta metadata(FluxConfig config, String name) {
        return new ObjectMetaBuilder().withName(name).withNamespace(config.getMetadata().getNamespace())
                .withLabels(of(config)).withOwnerReferences(List.of(ownerReference(config))).build();
    }
}
