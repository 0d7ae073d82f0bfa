package nn.dsl;

import java.util.Arrays;
import java.util.List;
import nn.spec.DataSourceSpec;

/** Rows of numbers written in code, the label last, as {@code inline:} in YAML. */
public record InlineSource(List<List<Double>> rows) implements DataSource {
    public InlineSource {
        rows = List.copyOf(rows);
    }

    @Override
    public DataSourceSpec spec() {
        return new DataSourceSpec(rows, null, null);
    }

    static InlineSource of(double[][] rows) {
        return new InlineSource(Arrays.stream(rows).map(r -> Arrays.stream(r).boxed().toList()).toList());
    }
}
