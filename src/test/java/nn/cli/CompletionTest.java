package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Shell completion comes from picocli's generate-completion subcommand. */
class CompletionTest {
    @Test
    void generatesABashCompletionScriptThatKnowsTheCommands() {
        CliRun run = CliRun.of("generate-completion");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("complete -F _complete_nn -o default nn"), run.out().lines().limit(5).toList().toString());
        assertTrue(run.out().contains("evaluate") && run.out().contains("--resume"), "subcommands and their options");
    }
}
