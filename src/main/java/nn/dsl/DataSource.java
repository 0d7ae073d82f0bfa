package nn.dsl;

import nn.spec.DataSourceSpec;

/** Samples for the DSL: a CSV file or rows written in code. */
public sealed interface DataSource permits CsvSource, InlineSource {
    /** As the config would declare it. */
    DataSourceSpec spec();
}
