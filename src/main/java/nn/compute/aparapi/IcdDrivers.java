package nn.compute.aparapi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The OpenCL drivers the ICD loader would offer, read from its vendor files (the folder in
 * {@code OCL_ICD_VENDORS}, else {@code /etc/OpenCL/vendors}), without loading OpenCL.
 */
final class IcdDrivers {
    private IcdDrivers() {
    }

    /**
     * True when no driver is installed or every one is PoCL's, which serves CPUs: then {@code auto}
     * cannot find a GPU and need not load OpenCL to learn that. {@code device: opencl} and
     * {@code gpu} always scan.
     */
    static boolean onlyCpuDrivers() {
        String configured = System.getenv("OCL_ICD_VENDORS");
        Path vendors = Path.of(configured != null && !configured.isBlank() ? configured : "/etc/OpenCL/vendors");
        List<Path> icds;
        try {
            if (Files.isDirectory(vendors)) {
                try (Stream<Path> files = Files.list(vendors)) {
                    icds = files.filter(f -> f.toString().endsWith(".icd")).toList();
                }
            } else {
                icds = Files.isRegularFile(vendors) ? List.of(vendors) : List.of();
            }
            for (Path icd : icds) {
                if (!Files.readString(icd).toLowerCase(Locale.ROOT).contains("pocl")) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // cannot tell: let the scan decide
        }
    }
}
