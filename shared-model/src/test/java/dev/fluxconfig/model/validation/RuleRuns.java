package dev.fluxconfig.model.validation;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Runs one rule set alone, for the focused tests of each rule-set class. */
final class RuleRuns {

    private RuleRuns() {
    }

    /** The errors the rules report, given these protected settings ({@code null}: unknown). */
    static List<ValidationError> run(Map<String, String> secrets, Consumer<ValidationRun> rules) {
        ValidationRun run = new ValidationRun(secrets);
        rules.accept(run);
        return run.errors();
    }
}
