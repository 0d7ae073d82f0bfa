package nn.dsl;

import java.nio.file.Path;
import nn.spec.DataSourceSpec;

/** A CSV file for the DSL: {@code DataSources.csv(Path.of("data/iris-train.csv")).label("species")}. */
public record CsvSource(Path path, String label) implements DataSource {

    /** The same file with its label column named. */
    public CsvSource label(String column) {
        return new CsvSource(path, column);
    }

    @Override
    public DataSourceSpec spec() {
        return new DataSourceSpec(null, path.toString(), label);
    }
}
