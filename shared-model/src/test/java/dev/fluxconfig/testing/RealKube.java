package dev.fluxconfig.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against the real API server ({@link RealKubeServer}) in a fresh namespace of its own; test methods
 * and constructors may take a {@code KubernetesClient} and a {@link TestNamespace}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealKubeExtension.class)
public @interface RealKube {
}
