package nn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nn.spec.DataSpec;
import nn.spec.Default;
import nn.spec.ExperimentSpec;
import nn.spec.LayerSpec;
import nn.spec.OptimizerSpec;
import nn.spec.TrainingSpec;
import org.junit.jupiter.api.Test;

/** The generated JSON Schema accepts every shipped config, rejects bad ones, and the docs match it. */
class ConfigSchemaTest {
    private final YAMLMapper yaml = new YAMLMapper();

    private JsonSchema schema() {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(ConfigSchema.generate());
    }

    @Test
    void everyShippedConfigIsValid() throws IOException {
        JsonSchema schema = schema();
        List<Path> configs = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("configs"), "*.yaml")) {
            dir.forEach(configs::add);
        }
        assertFalse(configs.isEmpty());
        for (Path config : configs) {
            Set<ValidationMessage> errors = schema.validate(yaml.readTree(config.toFile()));
            assertTrue(errors.isEmpty(), config + ": " + errors);
        }
    }

    @Test
    void badConfigsAreRejected() throws IOException {
        JsonSchema schema = schema();
        JsonNode good = yaml.readTree(Path.of("configs/xor.yaml").toFile());
        String text = yaml.writeValueAsString(good);
        for (String bad : List.of(text.replace("units: 3", "units: -3"), text.replace("activation: \"relu\"", "activation: \"rleu\""),
                text.replace("epochs: 2000", "epochz: 2000"), text.replace("units: 3", "units: 3.5"),
                text.replace("loss: \"binary_crossentropy\"", "loss: \"hinge\""),
                // batch_norm takes no dense keys, and a dense layer needs units.
                text.replace("- units: 3\n", "- type: \"batch_norm\"\n    units: 3\n"),
                text.replace("- units: 3\n", "- momentum: 0.9\n    units: 3\n"),
                text.replace("units: 3\n", "bias: true\n"))) {
            assertFalse(bad.equals(text), "the replacement must change the config");
            assertFalse(schema.validate(yaml.readTree(bad)).isEmpty(), "accepted:\n" + bad);
        }
    }

    @Test
    void committedSchemaAndReferenceAreUpToDate() throws IOException {
        // The committed files list the built-in activations only (tests register a custom one).
        var generated = ConfigSchema.generate(java.util.Arrays.stream(nn.compute.Activation.values())
                .map(nn.compute.Activation::yamlName).toList());
        assertEquals(generated.toPrettyString() + "\n", Files.readString(Path.of("docs/nn.schema.json")),
                "run: java -jar nn.jar schema > docs/nn.schema.json");
        assertEquals(ConfigSchema.markdownReference(generated), Files.readString(Path.of("docs/config-reference.md")),
                "run: java -jar nn.jar schema --markdown > docs/config-reference.md");
    }

    @Test
    void documentedDefaultsAreTheDefaultsApplied() {
        ExperimentSpec spec = new ExperimentSpec("x", null, null, null, null, null, null, null, null);
        assertDefaults(spec);
        assertDefaults(new LayerSpec(1, "relu", null));
        assertDefaults(new OptimizerSpec(null, 0.1));
        assertDefaults(new TrainingSpec(1, 1, null));
        assertDefaults(new DataSpec(null, null, null));
    }

    private static void assertDefaults(Record record) {
        int checked = 0;
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            Default d = c.getAnnotation(Default.class);
            if (d == null) {
                continue;
            }
            try {
                Object value = c.getAccessor().invoke(record);
                String shown = value instanceof Enum<?> e ? e.name().toLowerCase(java.util.Locale.ROOT) : String.valueOf(value);
                assertEquals(d.value(), shown, record.getClass().getSimpleName() + "." + c.getName());
                checked++;
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        assertTrue(checked > 0, "no @Default on " + record.getClass());
    }
}
