package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CheckAndSchemaCommandTest {
    @Test
    void checkPrintsTheChainAndTrainsNothing() {
        CliRun run = CliRun.of("check", "configs/iris.yaml");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("layer 1 4 -> 16 relu + bias, 80 parameters"), run.out());
        assertTrue(run.out().contains("layer 2 16 -> 3 softmax + bias, 51 parameters"), run.out());
        assertTrue(run.out().contains("parameters 131;"), run.out());
    }

    @Test
    void checkReportsConfigErrorsLikeTrain() {
        CliRun run = CliRun.of("check", "configs/iris.yaml", "--set", "network.input=5");
        assertEquals(2, run.exitCode());
        assertEquals("--set network.input=5: network.input: the training data has 4 feature columns (sepal_length, "
                + "sepal_width, petal_length, petal_width); expected 4, got 5", run.err().strip());
    }

    @Test
    void schemaIsJsonAndMarkdownListsKeys() throws Exception {
        CliRun json = CliRun.of("schema");
        assertEquals(0, json.exitCode());
        assertEquals("https://json-schema.org/draft/2020-12/schema", new ObjectMapper().readTree(json.out()).get("$schema").asText());
        CliRun md = CliRun.of("schema", "--markdown");
        assertTrue(md.out().contains("| `training.epochs` | integer | yes |"), md.out());
    }
}
