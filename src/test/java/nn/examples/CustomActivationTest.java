package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import nn.cli.Main;
import nn.compute.Activations;
import nn.compute.Loss;
import nn.compute.java.JavaBackend;
import nn.io.ModelFile;
import nn.network.GradientCheck;
import nn.network.LayerShape;
import nn.network.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's activation, found through ServiceLoader and used by its YAML name. */
class CustomActivationTest {
    @TempDir
    Path out;

    private record Run(int code, String out, String err) {
    }

    private Run cli(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Test
    void isFoundByName() {
        assertTrue(Activations.names().contains("swish"), Activations.names().toString());
        assertEquals(Swish.class, Activations.byName("swish").orElseThrow().getClass());
    }

    @Test
    void backpropThroughItMatchesFiniteDifferences() {
        Network net = Network.initialize(3, List.of(new LayerShape(5, new Swish(), true),
                new LayerShape(1, nn.compute.Activation.SIGMOID, true)), 3);
        float[] x = {0.5f, -1f, 0.25f, -0.3f, 0.8f, 1.2f, 0.1f, -0.7f, 0.9f};
        float[] y = {1, 0, 1};
        try (JavaBackend backend = new JavaBackend(1)) {
            for (GradientCheck.TensorResult r : GradientCheck.run(backend, net, Loss.BINARY_CROSSENTROPY, x, y, 3)) {
                // swish is evaluated in float on both sides, so the finite differences are noisier than for built-ins.
                assertTrue(r.worstRelativeError() < 5e-3, r.toString());
            }
        }
    }

    @Test
    void trainsFromYamlOnJavaAndIsRefusedByOpenCl() {
        Run run = cli("configs/xor.yaml", "--output-dir", out.toString(), "-q", "--set", "network.layers[0].activation=swish",
                "--set", "network.layers[0].units=8");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("layer 1 uses the custom activation 'swish', which runs on the Java backend only"),
                run.out());
        var model = ModelFile.load(out.resolve("xor/model.nnm"));
        assertEquals("swish", model.network().dense(0).activation().yamlName());

        Run refused = cli("configs/xor.yaml", "--output-dir", out.toString(), "-q", "--overwrite", "--set", "device=opencl",
                "--set", "network.layers[0].activation=swish");
        assertEquals(2, refused.code());
        assertEquals("nn: device 'opencl' cannot run this network: layer 1 uses the custom activation 'swish', which "
                + "runs on the Java backend only; use device: java or auto", refused.err().strip());
    }
}
