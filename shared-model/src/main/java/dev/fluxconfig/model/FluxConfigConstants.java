package dev.fluxconfig.model;

import dev.fluxconfig.model.validation.NameRules;

/** The names everyone agrees on: API group and versions, label and annotation keys, generated-object names. */
public final class FluxConfigConstants {

    public static final String GROUP = "clusterconfig.azure.com";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String KIND = "FluxConfig";
    public static final String PLURAL = "fluxconfigs";
    public static final String CRD_NAME = PLURAL + "." + GROUP;

    public static final String SOURCE_GROUP = "source.toolkit.fluxcd.io";
    public static final String SOURCE_VERSION = "v1";
    public static final String SOURCE_API_VERSION = SOURCE_GROUP + "/" + SOURCE_VERSION;
    public static final String KUSTOMIZE_GROUP = "kustomize.toolkit.fluxcd.io";
    public static final String KUSTOMIZE_VERSION = "v1";
    public static final String KUSTOMIZE_API_VERSION = KUSTOMIZE_GROUP + "/" + KUSTOMIZE_VERSION;
    public static final String HELM_GROUP = "helm.toolkit.fluxcd.io";
    public static final String HELM_VERSION = "v2";
    public static final String HELM_API_VERSION = HELM_GROUP + "/" + HELM_VERSION;

    public static final String LABEL_IS_MANAGED = GROUP + "/is-managed";
    public static final String LABEL_NAME = GROUP + "/name";
    public static final String LABEL_NAMESPACE = GROUP + "/namespace";
    public static final String LABEL_OPERATION_ID = GROUP + "/operation-id";
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_CONTROLLER = "fluxconfig-controller";
    public static final String MANAGED_BY_AGENT = "fluxconfig-agent";

    public static final String ANNOTATION_USE_MANAGED_SOURCE = GROUP + "/use-managed-source";
    public static final String ANNOTATION_RECONCILE_REQUESTED_AT = "reconcile.fluxcd.io/requestedAt";

    public static final String FINALIZER = GROUP + "/fluxconfig-cleanup";
    /** The account kustomize- and helm-controller impersonate for objects naming none (the chart's default; never created). */
    public static final String FLUX_APPLIER_SERVICE_ACCOUNT = "flux-applier";

    /** Protected-setting keys (ARM {@code configurationProtectedSettings}). */
    public static final String PS_SSH_PRIVATE_KEY = "sshPrivateKey";
    public static final String PS_HTTPS_KEY = "httpsKey";
    public static final String PS_HTTPS_USER = "httpsUser";
    public static final String PS_BUCKET_SECRET_KEY = "bucketSecretKey";
    public static final String PS_ACCOUNT_KEY = "accountKey";
    public static final String PS_SAS_TOKEN = "sasToken";
    public static final String PS_CLIENT_SECRET = "clientSecret";
    public static final String PS_CLIENT_CERTIFICATE = "clientCertificate";
    public static final String PS_CLIENT_CERTIFICATE_PASSWORD = "clientCertificatePassword";
    public static final String PS_TLS_CLIENT_CERTIFICATE = "tlsClientCertificate";
    public static final String PS_TLS_PRIVATE_KEY = "tlsPrivateKey";
    public static final String PS_TLS_CA_CERTIFICATE = "tlsCaCertificate";

    /** Longest Kubernetes label value; Kustomization names are used as label values by Flux (see {@link NameRules}). */
    public static final int MAX_LABEL_VALUE = NameRules.MAX_LABEL_VALUE;

    private static final String APPLIER_PREFIX = "flux-applier";

    private FluxConfigConstants() {
    }

    /** Name of the Flux source object (GitRepository, Bucket or OCIRepository) of a configuration. */
    public static String sourceName(String configName) {
        return configName;
    }

    /** Name of the Flux Kustomization generated for one kustomization entry. */
    public static String kustomizationName(String configName, String kustomization) {
        return configName + "-" + kustomization;
    }

    /** Name of the Secret that carries a configuration's protected settings. */
    public static String protectedSettingsSecretName(String configName) {
        return configName + "-protected-parameters";
    }

    /** Name of the Flux-format auth Secret the controller writes for a configuration's source. */
    public static String authSecretName(String configName) {
        return configName + "-auth";
    }

    /** The applier ServiceAccount of a configuration, in its namespace (multi-tenancy). */
    public static String applierServiceAccountName(String configName) {
        return APPLIER_PREFIX + "-" + configName;
    }

    /** The RoleBinding of a namespace-scoped configuration's applier, in its namespace. */
    public static String applierRoleBindingName(String configName) {
        return APPLIER_PREFIX + "." + configName;
    }

    /**
     * The ClusterRoleBinding of a cluster-scoped configuration's applier; cluster-wide, so it names the namespace too ('.'
     * appears in neither name, so two configurations never share one).
     */
    public static String applierClusterBindingName(String configNamespace, String configName) {
        return APPLIER_PREFIX + "." + configNamespace + "." + configName;
    }

    /** Name of the Secret that keeps a generated SSH key pair for the life of a configuration. */
    public static String generatedKeySecretName(String configName) {
        return configName + "-ssh-keypair";
    }
}
