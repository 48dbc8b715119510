package dev.fluxconfig.sandbox.cli;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import dev.fluxconfig.sandbox.cli.FluxCli.Run;
import dev.fluxconfig.sandbox.emulator.DataPlaneEmulator;

/** What the CLI's test classes share: one {@link FluxCli} (an in-process emulator and a work directory) per class. */
abstract class WithFluxCli {

    static final String CLUSTER = FluxCli.CLUSTER;
    static FluxCli cli;
    static DataPlaneEmulator emulator;
    static Path work;

    @BeforeAll
    static void startCli(@TempDir Path dir) throws Exception {
        cli = FluxCli.start(dir);
        emulator = cli.emulator;
        work = cli.work;
    }

    @AfterAll
    static void stopCli() {
        if (cli != null) {
            cli.close();
        }
    }

    static Run flux(String... args) {
        return cli.run(args);
    }
}
