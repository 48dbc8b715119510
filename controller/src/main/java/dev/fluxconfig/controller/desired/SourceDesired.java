package dev.fluxconfig.controller.desired;

import java.net.URI;
import java.util.Locale;

import io.fabric8.kubernetes.api.model.HasMetadata;

import dev.fluxconfig.model.Durations;
import dev.fluxconfig.model.FluxConfigConstants;
import dev.fluxconfig.model.flux.common.LocalObjectReference;
import dev.fluxconfig.model.flux.source.Bucket;
import dev.fluxconfig.model.flux.source.BucketSpec;
import dev.fluxconfig.model.flux.source.GitRepository;
import dev.fluxconfig.model.flux.source.GitRepositoryRef;
import dev.fluxconfig.model.flux.source.GitRepositorySpec;
import dev.fluxconfig.model.flux.source.OCILayerSelector;
import dev.fluxconfig.model.flux.source.OCIRepository;
import dev.fluxconfig.model.flux.source.OCIRepositoryRef;
import dev.fluxconfig.model.flux.source.OCIRepositorySpec;
import dev.fluxconfig.model.v1alpha1.FluxConfig;
import dev.fluxconfig.model.v1alpha1.FluxConfigSpec;
import dev.fluxconfig.model.v1alpha1.spec.AzureBlobDefinition;
import dev.fluxconfig.model.v1alpha1.spec.BucketDefinition;
import dev.fluxconfig.model.v1alpha1.spec.GitRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.OciRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.SourceKind;

/** The Flux source object of a configuration: GitRepository, Bucket (also for AzureBlob) or OCIRepository. */
public final class SourceDesired {

    private SourceDesired() {
    }

    /** The Flux kind generated for a source kind. */
    public static String fluxKind(SourceKind kind) {
        return switch (kind) {
            case GIT_REPOSITORY -> "GitRepository";
            case BUCKET, AZURE_BLOB -> "Bucket";
            case OCI_REPOSITORY -> "OCIRepository";
        };
    }

    /** The Java class generated for a source kind. */
    public static Class<? extends HasMetadata> fluxClass(SourceKind kind) {
        return switch (kind) {
            case GIT_REPOSITORY -> GitRepository.class;
            case BUCKET, AZURE_BLOB -> Bucket.class;
            case OCI_REPOSITORY -> OCIRepository.class;
        };
    }

    /** URL of the source whatever its kind, for the printer column. */
    public static String url(FluxConfigSpec spec) {
        if (spec == null || spec.getSourceKind() == null) {
            return null;
        }
        return switch (spec.getSourceKind()) {
            case GIT_REPOSITORY -> spec.getGitRepository() == null ? null : spec.getGitRepository().getUrl();
            case BUCKET -> spec.getBucket() == null ? null : spec.getBucket().getUrl();
            case AZURE_BLOB -> spec.getAzureBlob() == null ? null : spec.getAzureBlob().getUrl();
            case OCI_REPOSITORY -> spec.getOciRepository() == null ? null : spec.getOciRepository().getUrl();
        };
    }

    /**
     * The source object.
     *
     * @param secretName the Secret with credentials (generated or localAuthRef), or null
     * @param certSecretName the Secret with TLS certificates (OCI), or null
     */
    public static HasMetadata desired(FluxConfig config, String secretName, String certSecretName) {
        FluxConfigSpec spec = config.getSpec();
        boolean suspend = Boolean.TRUE.equals(spec.getSuspend());
        String name = FluxConfigConstants.sourceName(config.getMetadata().getName());
        return switch (spec.getSourceKind()) {
            case GIT_REPOSITORY -> git(config, name, spec.getGitRepository(), secretName, suspend);
            case BUCKET -> bucket(config, name, spec.getBucket(), secretName, suspend);
            case AZURE_BLOB -> azureBlob(config, name, spec.getAzureBlob(), secretName, suspend);
            case OCI_REPOSITORY -> oci(config, name, spec.getOciRepository(), secretName, certSecretName, suspend);
        };
    }

    /** Flux accepts only URL forms; {@code git@host:org/repo} becomes {@code ssh://git@host/org/repo}. */
    public static String fluxGitUrl(String url) {
        if (url != null && url.startsWith("git@") && !url.contains("://")) {
            int colon = url.indexOf(':');
            String path = url.substring(colon + 1);
            return "ssh://" + url.substring(0, colon) + (path.startsWith("/") ? "" : "/") + path;
        }
        return url;
    }

    static GitRepository git(FluxConfig config, String name, GitRepositoryDefinition def, String secretName,
            boolean suspend) {
        GitRepository repo = new GitRepository();
        repo.setMetadata(ChildLabels.metadata(config, name));
        GitRepositorySpec s = new GitRepositorySpec();
        s.setUrl(fluxGitUrl(def.getUrl()));
        s.setInterval(Durations.toFlux(orDefault(def.getSyncIntervalInSeconds())));
        s.setTimeout(Durations.toFluxMinutes(orDefault(def.getTimeoutInSeconds())));
        GitRepositoryRef ref = new GitRepositoryRef();
        if (def.getRepositoryRef() != null) {
            ref.setBranch(blankToNull(def.getRepositoryRef().getBranch()));
            ref.setTag(blankToNull(def.getRepositoryRef().getTag()));
            ref.setSemver(blankToNull(def.getRepositoryRef().getSemver()));
            ref.setCommit(blankToNull(def.getRepositoryRef().getCommit()));
        }
        s.setRef(ref);
        if (secretName != null) {
            s.setSecretRef(new LocalObjectReference(secretName));
        }
        if (def.getProvider() != null && !"Generic".equals(def.getProvider())) {
            s.setProvider(def.getProvider().toLowerCase(Locale.ROOT));
        }
        s.setSuspend(suspend);
        repo.setSpec(s);
        return repo;
    }

    static Bucket bucket(FluxConfig config, String name, BucketDefinition def, String secretName, boolean suspend) {
        URI uri = URI.create(def.getUrl());
        Bucket bucket = bucketSource(config, name, "generic", def.getBucketName(),
                uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost(), def.getSyncIntervalInSeconds(),
                def.getTimeoutInSeconds(), secretName, suspend);
        // Flux's insecure means plain HTTP; the URL's scheme says which one the user meant.
        bucket.getSpec().setInsecure("http".equalsIgnoreCase(uri.getScheme()));
        return bucket;
    }

    static Bucket azureBlob(FluxConfig config, String name, AzureBlobDefinition def, String secretName, boolean suspend) {
        return bucketSource(config, name, "azure", def.getContainerName(), def.getUrl(), def.getSyncIntervalInSeconds(),
                def.getTimeoutInSeconds(), secretName, suspend);
    }

    /** A Flux Bucket: what generic buckets and Azure Blob containers have in common. */
    private static Bucket bucketSource(FluxConfig config, String name, String provider, String bucketName,
            String endpoint, Long intervalSeconds, Long timeoutSeconds, String secretName, boolean suspend) {
        Bucket bucket = new Bucket();
        bucket.setMetadata(ChildLabels.metadata(config, name));
        BucketSpec s = new BucketSpec();
        s.setProvider(provider);
        s.setBucketName(bucketName);
        s.setEndpoint(endpoint);
        s.setInterval(Durations.toFlux(orDefault(intervalSeconds)));
        s.setTimeout(Durations.toFluxMinutes(orDefault(timeoutSeconds)));
        if (secretName != null) {
            s.setSecretRef(new LocalObjectReference(secretName));
        }
        s.setSuspend(suspend);
        bucket.setSpec(s);
        return bucket;
    }

    static OCIRepository oci(FluxConfig config, String name, OciRepositoryDefinition def, String secretName,
            String certSecretName, boolean suspend) {
        OCIRepository repo = new OCIRepository();
        repo.setMetadata(ChildLabels.metadata(config, name));
        OCIRepositorySpec s = new OCIRepositorySpec();
        s.setUrl(def.getUrl());
        OCIRepositoryRef ref = new OCIRepositoryRef();
        if (def.getRepositoryRef() != null) {
            ref.setTag(blankToNull(def.getRepositoryRef().getTag()));
            ref.setSemver(blankToNull(def.getRepositoryRef().getSemver()));
            ref.setDigest(blankToNull(def.getRepositoryRef().getDigest()));
        }
        if (ref.getTag() == null && ref.getSemver() == null && ref.getDigest() == null) {
            ref.setTag("latest");
        }
        s.setRef(ref);
        if (def.getLayerSelector() != null) {
            OCILayerSelector layer = new OCILayerSelector();
            layer.setMediaType(def.getLayerSelector().getMediaType());
            layer.setOperation(def.getLayerSelector().getOperation());
            s.setLayerSelector(layer);
        }
        s.setInsecure(Boolean.TRUE.equals(def.getInsecure()));
        s.setProvider(Boolean.TRUE.equals(def.getUseWorkloadIdentity()) ? "azure" : "generic");
        s.setServiceAccountName(def.getServiceAccountName());
        if (secretName != null) {
            s.setSecretRef(new LocalObjectReference(secretName));
        }
        if (certSecretName != null) {
            s.setCertSecretRef(new LocalObjectReference(certSecretName));
        }
        s.setInterval(Durations.toFlux(orDefault(def.getSyncIntervalInSeconds())));
        s.setTimeout(Durations.toFluxMinutes(orDefault(def.getTimeoutInSeconds())));
        s.setSuspend(suspend);
        repo.setSpec(s);
        return repo;
    }

    static long orDefault(Long seconds) {
        return seconds == null ? 600L : seconds;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
