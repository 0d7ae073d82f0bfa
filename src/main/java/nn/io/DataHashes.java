package nn.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import nn.spec.DataSourceSpec;
import nn.spec.DataSpec;

/**
 * The SHA-256 of every data source a run reads, for {@link SavedModel.Provenance}: months later
 * it tells whether the files on disk are still the ones the model was trained on.
 */
public final class DataHashes {
    private DataHashes() {
    }

    /** One entry per file (or inline block) of train, validation and test; paths as the spec gives them. */
    public static List<SavedModel.DataFile> of(DataSpec data) {
        List<SavedModel.DataFile> files = new ArrayList<>();
        add(files, "train", data.train());
        add(files, "validation", data.validation());
        add(files, "test", data.test());
        return files;
    }

    private static void add(List<SavedModel.DataFile> files, String role, DataSourceSpec source) {
        if (source == null) {
            return;
        }
        if (source.csv() != null) {
            files.add(file(role, source.csv()));
        }
        if (source.idx() != null) {
            files.add(file(role + ".images", source.idx().images()));
            files.add(file(role + ".labels", source.idx().labels()));
        }
        if (source.inline() != null) {
            files.add(new SavedModel.DataFile(role, "inline", Sha256.hex(canonical(source.inline())
                    .getBytes(StandardCharsets.UTF_8))));
        }
    }

    private static SavedModel.DataFile file(String role, String path) {
        return new SavedModel.DataFile(role, path, Sha256.hex(Path.of(path)));
    }

    /**
     * Inline rows as text that does not depend on how the YAML spelled them: numbers by
     * {@link Double#toString}, comma-separated, one row per line, each line ending in a newline.
     */
    static String canonical(List<List<Double>> rows) {
        StringBuilder text = new StringBuilder();
        for (List<Double> row : rows) {
            text.append(row.stream().map(String::valueOf).collect(Collectors.joining(","))).append('\n');
        }
        return text.toString();
    }
}
