package nn.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Backends are found through ServiceLoader, say what they support, and are named nowhere else. */
class BackendProvidersTest {

    @Test
    void theServiceFileListsTheHostAndTheOpenClProvider() {
        BackendProviders found = BackendProviders.found();
        assertEquals("java", found.host().name());
        assertTrue(found.host().isHost());
        assertFalse(found.host().mayFailMidRun(), "the host backend never fails mid-run");
        assertEquals(List.of("opencl"), found.devices().stream().map(BackendProvider::name).toList());
        assertTrue(found.device().mayFailMidRun(), "a device can be lost mid-run");
    }

    @Test
    void capabilitiesAreTyped() {
        CustomActivation custom = new CustomActivation() {
            @Override
            public String yamlName() {
                return "cube";
            }

            @Override
            public float apply(float z) {
                return z * z * z;
            }

            @Override
            public float derivative(float z, float a) {
                return 3 * z * z;
            }
        };
        BackendProviders found = BackendProviders.found();
        for (Activation a : Activation.values()) {
            assertTrue(found.host().supports(a) && found.device().supports(a), a.yamlName());
        }
        assertTrue(found.host().supports(custom));
        assertFalse(found.device().supports(custom), "OpenCL has no kernel for a Java activation");

        DeviceRequest request = new DeviceRequest(DeviceKind.OPENCL, 1, null, List.of(Activation.RELU, custom));
        DeviceUnavailableException refused = assertThrows(DeviceUnavailableException.class, () -> Devices.open(request));
        assertEquals("device 'opencl' cannot run this network: layer 2 uses the custom activation 'cube', which runs "
                + "on the Java backend only; use device: java or auto", refused.getMessage());
        BackendChoice auto = Devices.open(new DeviceRequest(DeviceKind.AUTO, 1, null, List.of(Activation.RELU, custom)));
        try (Backend backend = auto.backend()) {
            assertEquals("java", backend.name());
            assertFalse(auto.mayFailMidRun());
            assertTrue(auto.notice().endsWith(" — layer 2 uses the custom activation 'cube', which runs on the Java "
                    + "backend only"), auto.notice());
        }
    }

    @Test
    void theHostBackendIsAskedForNotBuilt() {
        try (Backend host = Devices.host(3)) {
            assertEquals("java", host.name());
        }
        BackendChoice java = Devices.open(DeviceRequest.of(DeviceKind.JAVA, 2));
        try (Backend backend = java.backend()) {
            assertTrue(java.notice().matches("device: java \\(2 threads, (vector-(128|256|512)|scalar) kernel\\)"), java.notice());
        }
    }

    /** The architecture's rule: no concrete backend is imported outside its own package. */
    @Test
    void noMainSourceOutsideABackendNamesOne() throws IOException {
        Pattern concrete = Pattern.compile("nn\\.compute\\.(java|aparapi)\\.[A-Z]");
        Path main = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(main)) {
            List<String> offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.startsWith(main.resolve("nn/compute/java")) && !f.startsWith(main.resolve("nn/compute/aparapi")))
                    .filter(f -> concrete.matcher(read(f)).find())
                    .map(Path::toString).toList();
            assertEquals(List.of(), offenders);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
