package dev.fluxconfig.sandbox.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;

import picocli.CommandLine.Command;

/** The sandbox: the tutorial in one command, and the {@code flux} command line against it. */
@TopCommand
@Command(name = "sandbox", mixinStandardHelpOptions = true, subcommands = {TutorialCommand.class, FluxCommand.class,
        StandInCommand.class}, description = "A local GitOps (Flux v2) extension: fluxconfig-agent and fluxconfig-controller "
                + "with a data-plane emulator and a Flux stand-in (test equipment).")
public class SandboxCommand {
}
