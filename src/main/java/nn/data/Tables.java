package nn.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads tables from CSV files (header row first) and from inline rows of numbers. */
public final class Tables {
    static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES).build();

    private Tables() {
    }

    /**
     * Reads a CSV file whose first row names the columns. {@code displayName} is how errors name
     * the file. Blank lines are skipped; a row with a different number of cells is an error.
     */
    public static RawTable csv(Path file, String displayName) {
        return csv(file, displayName, TableDialect.DEFAULT);
    }

    /** As {@link #csv(Path, String)}, in {@code dialect} (separator, header row or given names). */
    public static RawTable csv(Path file, String displayName, TableDialect dialect) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return csv(reader, displayName, dialect);
        } catch (NoSuchFileException e) {
            throw new DataException(displayName + ": file not found");
        } catch (IOException e) {
            throw new DataException(displayName + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * As {@link #csv(Path, String)}, from a reader (standard input, say); the caller closes it. A
     * leading byte-order mark, as spreadsheet programs write, is skipped.
     */
    public static RawTable csv(Reader reader, String displayName) {
        return csv(reader, displayName, TableDialect.DEFAULT);
    }

    /** As {@link #csv(Reader, String)}, in {@code dialect}. */
    public static RawTable csv(Reader reader, String displayName, TableDialect dialect) {
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<String> header;
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(dialect.delimiter());
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class).with(schema)
                .readValues(withoutByteOrderMark(reader))) {
            if (!it.hasNextValue()) {
                throw new DataException(displayName + ":1:1: the file is empty; expected "
                        + (dialect.header() ? "a header row naming the columns" : "rows of data"));
            }
            if (dialect.header()) {
                header = Arrays.asList(it.nextValue());
            } else {
                header = dialect.names();
            }
            checkHeader(header, displayName);
            while (it.hasNextValue()) {
                int line = it.getCurrentLocation().getLineNr();
                String[] row = it.nextValue();
                if (row.length == 1 && row[0].isEmpty()) {
                    continue;
                }
                if (row.length != header.size()) {
                    throw new DataException(displayName + ":" + line + ":1: row has " + row.length
                            + " cells; expected " + header.size() + " like the header");
                }
                rows.add(row);
                lines.add(line);
            }
        } catch (CharacterCodingException e) {
            throw new DataException(displayName + ": the file is not UTF-8 text");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? displayName : displayName + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new DataException(where + ": cannot read CSV: " + firstLine(e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException de) {
                throw de;
            }
            throw new DataException(displayName + ": cannot read CSV: " + firstLine(e.getMessage()));
        }
        if (rows.isEmpty()) {
            throw new DataException(displayName + (dialect.header() ? ":2:1: no data rows after the header" : ":1:1: no data rows"));
        }
        return new RawTable(displayName, header, rows, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Without this, a BOM becomes part of the first column's name, which then matches nothing. */
    static Reader withoutByteOrderMark(Reader reader) throws IOException {
        PushbackReader in = new PushbackReader(reader, 1);
        int first = in.read();
        if (first != -1 && first != '\uFEFF') {
            in.unread(first);
        }
        return in;
    }

    static void checkHeader(List<String> header, String displayName) {
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            if (name.isEmpty()) {
                throw new DataException(displayName + ":1:" + (c + 1) + ": column " + (c + 1) + " has no name in the header row");
            }
            if (!seen.add(name)) {
                throw new DataException(displayName + ":1:" + (c + 1) + ": column name '" + name + "' appears twice in the header"
                        + (header.stream().allMatch(Cells::isNumber) ? " (no header row? the first row is all numbers; "
                        + "a file without one needs header: false and names)" : ""));
            }
        }
    }

    /**
     * Rows of numbers written in the config, the label last; every row must have the same length
     * (the config layer checks that, so it can point at the row). Columns are named x1..xn and
     * {@code label}; errors name a cell as {@code source:row:column}.
     */
    public static RawTable inline(List<List<Double>> values, String source) {
        List<String[]> rows = new ArrayList<>();
        int[] lines = new int[values.size()];
        for (int r = 0; r < values.size(); r++) {
            rows.add(values.get(r).stream().map(Tables::format).toArray(String[]::new));
            lines[r] = r + 1;
        }
        int width = values.isEmpty() ? 0 : values.get(0).size();
        List<String> columns = new ArrayList<>();
        for (int c = 1; c < width; c++) {
            columns.add("x" + c);
        }
        columns.add("label");
        return new RawTable(source, columns, rows, lines);
    }

    private static String format(Double value) {
        if (value == null) {
            return "";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString(value.longValue()) : value.toString();
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
