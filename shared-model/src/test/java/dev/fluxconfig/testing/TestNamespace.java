package dev.fluxconfig.testing;

/** The namespace a test class owns on the real API server. */
public record TestNamespace(String name) {

    @Override
    public String toString() {
        return name;
    }
}
