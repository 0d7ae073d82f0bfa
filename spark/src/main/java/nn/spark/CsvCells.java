package nn.spark;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import nn.data.DataException;

/**
 * One CSV line split into cells as nn's own reader splits them (Jackson CSV, spaces trimmed):
 * a plain split when the line has no quote, Jackson for a quoted one. A quoted cell holding a
 * line break is beyond a line-split reader (Hadoop splits the file at line breaks).
 */
final class CsvCells {
    private final char delimiter;
    private final ObjectReader quoted;

    CsvCells(char delimiter) {
        this.delimiter = delimiter;
        CsvMapper mapper = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .enable(CsvParser.Feature.TRIM_SPACES).build();
        this.quoted = mapper.readerFor(String[].class).with(CsvSchema.emptySchema().withColumnSeparator(delimiter));
    }

    String[] split(String line, String source) {
        if (line.indexOf('"') < 0) {
            String[] cells = line.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1);
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cells[i].strip();
            }
            return cells;
        }
        try {
            return quoted.readValue(line);
        } catch (IOException e) {
            throw new DataException(source + ": cannot read a quoted CSV line (" + e.getMessage() + ")");
        }
    }
}
