package dev.fluxconfig.sandbox.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.fluxconfig.sandbox.emulator.DataPlaneEmulator;

import picocli.CommandLine;

/**
 * The {@code flux} command line of the CLI's tests: an in-process data-plane emulator, a work directory pointing at it,
 * and runs whose exit code, standard output and standard error are captured.
 */
final class FluxCli implements AutoCloseable {

    static final String CLUSTER = DataPlaneEmulator.clusterPath("sub-1", "rg-1", "Microsoft.Kubernetes", "connectedClusters",
            "sandbox");

    record Run(int exit, String out, String err) {
    }

    final DataPlaneEmulator emulator;
    final Path work;

    private FluxCli(DataPlaneEmulator emulator, Path work) {
        this.emulator = emulator;
        this.work = work;
    }

    static FluxCli start(Path dir) throws Exception {
        DataPlaneEmulator emulator = new DataPlaneEmulator(
                DataPlaneEmulator.Options.defaults().withStateDir(dir.resolve("emulator"))).start();
        Path work = dir.resolve("work");
        new SandboxState(emulator.dataPlaneUrl() + "/admin", CLUSTER, "unused").write(work);
        return new FluxCli(emulator, work);
    }

    /** Runs one command; System.out and System.err are process-wide, so runs of every test class take turns. */
    Run run(String... args) {
        synchronized (FluxCli.class) {
            PrintStream out = System.out;
            PrintStream err = System.err;
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--work-dir", work.toString()));
            try {
                System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
                int exit = new CommandLine(new FluxCommand()).execute(all.toArray(String[]::new));
                return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
        }
    }

    @Override
    public void close() {
        emulator.close();
    }
}
