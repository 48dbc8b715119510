package dev.fluxconfig.it.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.fluxconfig.testing.RealKubeServer;

/**
 * The Dockerfiles checked by reading (the node tier, {@code node/}, builds and runs the JVM image): the paths they copy
 * are the Quarkus build outputs of the module the MODULE build argument names (and exist when that module has been
 * packaged in this build), the base image is a build argument, the app files belong to root, the process runs as UID
 * 1001, and the OCI labels are set.
 */
class DockerfileTest {

    private static final Path ROOT = RealKubeServer.repoRoot();
    private static final List<String> MODULES = List.of("controller", "agent");

    /** One Dockerfile instruction: keyword and its arguments, continuation lines joined. */
    record Instruction(String keyword, String args) {
    }

    static List<Instruction> parse(Path dockerfile) throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String trimmed = line.strip();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String text = current.toString();
            int space = text.indexOf(' ');
            instructions.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
            current.setLength(0);
        }
        return instructions;
    }

    private static List<Instruction> jvm() throws IOException {
        return parse(ROOT.resolve("src/main/docker/Dockerfile.jvm"));
    }

    private static List<Instruction> nativeMicro() throws IOException {
        return parse(ROOT.resolve("src/main/docker/Dockerfile.native-micro"));
    }

    private static List<String> all(List<Instruction> instructions, String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::args).toList();
    }

    /** COPY sources → destinations with the build argument substituted, flags (--chown, --chmod) dropped. */
    private static Map<String, String> copies(List<Instruction> instructions, String module) {
        Map<String, String> copies = new java.util.LinkedHashMap<>();
        for (String args : all(instructions, "COPY")) {
            List<String> words = Stream.of(args.split("\\s+")).filter(w -> !w.startsWith("--")).toList();
            copies.put(words.get(0).replace("${MODULE}", module), words.get(1));
        }
        return copies;
    }

    @Test
    void jvmImageCopiesTheQuarkusFastJarLayoutOfTheChosenModule() throws IOException {
        List<Instruction> jvm = jvm();

        assertThat(all(jvm, "ARG")).contains("MODULE=controller");
        for (String module : MODULES) {
            assertThat(copies(jvm, module)).containsExactly(
                    Map.entry(module + "/target/quarkus-app/lib/", "/deployments/lib/"),
                    Map.entry(module + "/target/quarkus-app/*.jar", "/deployments/"),
                    Map.entry(module + "/target/quarkus-app/app/", "/deployments/app/"),
                    Map.entry(module + "/target/quarkus-app/quarkus/", "/deployments/quarkus/"));
        }
        assertThat(all(jvm, "ENV")).contains("JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"");
    }

    @Test
    void jvmImageBuildsOnAnyJavaBaseAndStartsJavaItself() throws IOException {
        List<Instruction> jvm = jvm();

        assertThat(all(jvm, "ARG")).anyMatch(a -> a.startsWith("BASE_IMAGE="));
        assertThat(all(jvm, "FROM")).singleElement().isEqualTo("${BASE_IMAGE}");
        assertThat(all(jvm, "ENTRYPOINT")).singleElement().asString()
                .as("no launcher script of one vendor's base image").doesNotContain("/opt/jboss", "run-java")
                .contains("exec java $JAVA_OPTS_APPEND -jar", "$JAVA_APP_JAR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native-micro"})
    void appFilesAreNotOwnedByTheRuntimeUser(String file) throws IOException {
        List<Instruction> instructions = parse(ROOT.resolve("src/main/docker").resolve(file));

        assertThat(all(instructions, "COPY")).isNotEmpty()
                .allSatisfy(copy -> assertThat(copy).as("root owns what the image copies").doesNotContain("--chown"));
    }

    @Test
    void nativeImageCopiesTheRunnerOfTheChosenModule() throws IOException {
        List<Instruction> nativeMicro = nativeMicro();

        // a base assembled from Debian packages in a first stage, copied onto an empty image
        assertThat(all(nativeMicro, "FROM")).containsExactly("${DEBIAN_IMAGE} AS base", "scratch");
        assertThat(all(nativeMicro, "ARG")).contains("MODULE=controller", "DEBIAN_IMAGE=debian:bookworm-slim");
        assertThat(all(nativeMicro, "RUN")).singleElement().asString().contains("apt-get download libc6 zlib1g libgcc-s1")
                .contains("dpkg-deb -x");
        for (String module : MODULES) {
            assertThat(copies(nativeMicro, module)).containsExactly(Map.entry("/rootfs/", "/"),
                    Map.entry(module + "/target/*-runner", "/work/application"));
        }
        assertThat(all(nativeMicro, "ENTRYPOINT")).singleElement().asString().contains("\"./application\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native-micro"})
    void runsAsUid1001WithOciLabels(String file) throws IOException {
        List<Instruction> instructions = parse(ROOT.resolve("src/main/docker").resolve(file));

        assertThat(all(instructions, "USER")).last().isEqualTo("1001");
        assertThat(instructions.get(instructions.size() - 1).keyword()).isEqualTo("ENTRYPOINT");
        int user = instructions.lastIndexOf(instructions.stream().filter(i -> i.keyword().equals("USER"))
                .reduce((a, b) -> b).orElseThrow());
        assertThat(instructions.subList(user, instructions.size())).extracting(Instruction::keyword)
                .as("nothing runs as root after USER 1001").doesNotContain("RUN", "COPY", "ADD");
        String labels = String.join(" ", all(instructions, "LABEL"));
        for (String label : List.of("org.opencontainers.image.title", "org.opencontainers.image.version",
                "org.opencontainers.image.revision", "org.opencontainers.image.description",
                "org.opencontainers.image.licenses")) {
            assertThat(labels).contains(label + "=");
        }
        assertThat(labels).contains("fluxconfig-${MODULE}");
    }

    @Test
    void imageDefaultJavaOptionsStartWithTheChartDefault() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> agent = (Map<String, Object>) FluxConfigChart.values().get("fluxconfig-agent");
        String env = all(jvm(), "ENV").stream().filter(e -> e.startsWith("JAVA_OPTS_APPEND=")).findFirst().orElseThrow();

        assertThat(env).startsWith("JAVA_OPTS_APPEND=\"" + agent.get("javaOpts"));
    }

    @Test
    void buildContextLetsThroughWhatTheImagesCopy() throws IOException {
        List<String> ignore = Files.readAllLines(ROOT.resolve(".dockerignore"));

        assertThat(ignore).contains("*");
        for (String module : MODULES) {
            assertThat(ignore).contains("!" + module + "/target/quarkus-app/", "!" + module + "/target/*-runner");
        }
    }

    @Test
    void nativeProfileSwitchesTheQuarkusBuildToNative() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        String profile = pom.substring(pom.indexOf("<id>native</id>"),
                pom.indexOf("</profile>", pom.indexOf("<id>native</id>")));

        assertThat(profile).contains("<quarkus.native.enabled>true</quarkus.native.enabled>",
                "<quarkus.package.jar.enabled>false</quarkus.package.jar.enabled>");
    }

    /**
     * In a full build the apps are packaged before this module runs; then every COPY source must match real files. In
     * a build of this module alone there is nothing to compare with, and the check is skipped, not passed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"controller", "agent"})
    void jvmCopySourcesExistInAPackagedModule(String module) throws IOException {
        Path app = ROOT.resolve(module).resolve("target/quarkus-app");
        assumeTrue(Files.isDirectory(app), module + " has not been packaged in this build");

        for (String source : copies(jvm(), module).keySet()) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + ROOT.resolve(source.replaceAll("/$", "")));
            try (Stream<Path> files = Files.list(ROOT.resolve(source).getParent())) {
                assertThat(files.filter(matcher::matches)).as(source).isNotEmpty();
            }
        }
        assertThat(app.resolve("quarkus-run.jar")).isRegularFile();
    }
}
