package dev.fluxconfig.sandbox.fluxstandin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/** The informers of one kind: one over all namespaces, or one per watched namespace. */
final class KindCache<T extends HasMetadata> {

    final FluxKind kind;
    private final Set<String> namespaces;
    private final List<SharedIndexInformer<T>> informers = new ArrayList<>();

    KindCache(FluxKind kind, Set<String> namespaces) {
        this.kind = kind;
        this.namespaces = namespaces;
    }

    void add(SharedIndexInformer<T> informer) {
        informers.add(informer);
    }

    List<SharedIndexInformer<T>> informers() {
        return informers;
    }

    /** Whether objects in a namespace are watched (and so in this cache when they exist). */
    boolean covers(String namespace) {
        return namespaces.isEmpty() || namespaces.contains(namespace);
    }

    Optional<T> get(String namespace, String name) {
        String key = namespace + "/" + name;
        for (SharedIndexInformer<T> informer : informers) {
            T item = informer.getStore().getByKey(key);
            if (item != null) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    List<T> byIndex(String index, String key) {
        List<T> out = new ArrayList<>();
        for (SharedIndexInformer<T> informer : informers) {
            out.addAll(informer.getIndexer().byIndex(index, key));
        }
        return out;
    }

    List<T> list() {
        List<T> out = new ArrayList<>();
        for (SharedIndexInformer<T> informer : informers) {
            out.addAll(informer.getStore().list());
        }
        return out;
    }

    void stop() {
        for (SharedIndexInformer<T> informer : informers) {
            informer.stop();
        }
    }
}
