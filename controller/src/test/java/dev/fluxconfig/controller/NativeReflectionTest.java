package dev.fluxconfig.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.fluxconfig.model.v1alpha1.FluxConfig;

/** Every class of the model packages the controller serialises is registered for reflection in the native image. */
class NativeReflectionTest {

    static final List<String> PACKAGES = List.of("dev/fluxconfig/model/v1alpha1", "dev/fluxconfig/model/flux");

    @Test
    void everyModelClassIsRegistered() throws Exception {
        Set<String> registered = Arrays.stream(NativeReflection.class.getAnnotation(RegisterForReflection.class).targets())
                .map(Class::getName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> model = new TreeSet<>();
        for (String pkg : PACKAGES) {
            model.addAll(classesUnder(pkg));
        }
        assertThat(model).as("model classes found on the class path").hasSizeGreaterThan(50);
        assertThat(registered).as("NativeReflection's targets").containsAll(model);
    }

    /** Names of the top-level and named nested classes (not anonymous ones) under a package path (a directory or a jar entry), sub-packages too. */
    static Set<String> classesUnder(String pkg) throws IOException, URISyntaxException {
        Set<String> out = new TreeSet<>();
        // the model's own classes only: the shared-model test-jar on this class path has test classes in those packages
        String modelJar = FluxConfig.class.getProtectionDomain().getCodeSource().getLocation().toString();
        Enumeration<URL> roots = NativeReflectionTest.class.getClassLoader().getResources(pkg);
        for (URL url : Collections.list(roots)) {
            if (!url.toString().contains(modelJar)) {
                continue;
            }
            URI uri = url.toURI();
            FileSystem jar = null;
            if ("jar".equals(uri.getScheme())) {
                try {
                    jar = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    jar = FileSystems.getFileSystem(uri);
                }
            }
            Path root = jar != null ? jar.getPath(pkg) : Path.of(uri);
            try (Stream<Path> files = Files.walk(root)) {
                files.map(root::relativize).map(Path::toString).filter(f -> f.endsWith(".class"))
                        .filter(f -> !f.endsWith("package-info.class") && !f.matches(".*\\$[0-9]+\\.class"))
                        .map(f -> (pkg + "/" + f).replace(".class", "").replace('/', '.')).forEach(out::add);
            }
        }
        return out;
    }
}
