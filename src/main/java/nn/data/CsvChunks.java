package nn.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A CSV file read a bounded number of rows at a time, for commands that score files larger than
 * the heap ({@code predict}): each chunk is a {@link RawTable} with the file's header and the
 * rows' own line numbers, so errors name {@code file:line:column} exactly as {@link Tables#csv}
 * does for a whole file. The header is read and checked when the reader opens.
 */
public final class CsvChunks implements AutoCloseable {
    private final Reader reader;
    private final MappingIterator<String[]> rows;
    private final List<String> header;
    private final String source;
    private boolean anyRow;

    private CsvChunks(Reader reader, MappingIterator<String[]> rows, List<String> header, String source) {
        this.reader = reader;
        this.rows = rows;
        this.header = header;
        this.source = source;
    }

    /** Opens {@code file}; {@code displayName} is how errors name it. */
    public static CsvChunks open(Path file, String displayName) {
        return open(file, displayName, TableDialect.DEFAULT);
    }

    /** As {@link #open(Path, String)}, in {@code dialect} (separator, header row or given names). */
    public static CsvChunks open(Path file, String displayName, TableDialect dialect) {
        try {
            return open(Files.newBufferedReader(file, StandardCharsets.UTF_8), displayName, dialect);
        } catch (NoSuchFileException e) {
            throw new DataException(displayName + ": file not found");
        } catch (IOException e) {
            throw new DataException(displayName + ": cannot read: " + e.getMessage());
        }
    }

    /** Reads the header from {@code reader} (closed with this); a leading byte-order mark is skipped. */
    public static CsvChunks open(Reader reader, String displayName) {
        return open(reader, displayName, TableDialect.DEFAULT);
    }

    /** As {@link #open(Reader, String)}, in {@code dialect}. */
    public static CsvChunks open(Reader reader, String displayName, TableDialect dialect) {
        try {
            MappingIterator<String[]> it = Tables.CSV.readerFor(String[].class)
                    .with(CsvSchema.emptySchema().withColumnSeparator(dialect.delimiter()))
                    .readValues(Tables.withoutByteOrderMark(reader));
            if (!it.hasNextValue()) {
                throw new DataException(displayName + ":1:1: the file is empty; expected "
                        + (dialect.header() ? "a header row naming the columns" : "rows of data"));
            }
            List<String> header = dialect.header() ? Arrays.asList(it.nextValue()) : dialect.names();
            Tables.checkHeader(header, displayName);
            return new CsvChunks(reader, it, header, displayName);
        } catch (IOException | RuntimeException e) {
            throw failure(e, displayName);
        }
    }

    /** How errors name the input. */
    public String source() {
        return source;
    }

    /** The header's column names. */
    public List<String> columns() {
        return header;
    }

    /**
     * The next at most {@code max} rows, or null after the last; a file without any data row is
     * an error, as for {@link Tables#csv}.
     */
    public RawTable next(int max) {
        List<String[]> chunk = new ArrayList<>();
        int[] lines = new int[Math.min(max, 1 << 16)];
        try {
            while (chunk.size() < max && rows.hasNextValue()) {
                int line = rows.getCurrentLocation().getLineNr();
                String[] row = rows.nextValue();
                if (row.length == 1 && row[0].isEmpty()) {
                    continue;
                }
                if (row.length != header.size()) {
                    throw new DataException(source + ":" + line + ":1: row has " + row.length
                            + " cells; expected " + header.size() + " like the header");
                }
                if (chunk.size() == lines.length) {
                    lines = Arrays.copyOf(lines, lines.length * 2);
                }
                lines[chunk.size()] = line;
                chunk.add(row);
            }
        } catch (IOException | RuntimeException e) {
            throw failure(e, source);
        }
        if (chunk.isEmpty()) {
            if (!anyRow) {
                throw new DataException(source + ":2:1: no data rows after the header");
            }
            return null;
        }
        anyRow = true;
        return new RawTable(source, header, chunk, Arrays.copyOf(lines, chunk.size()));
    }

    @Override
    public void close() {
        try {
            rows.close();
            reader.close();
        } catch (IOException ignored) {
            // Only read from: nothing was lost.
        }
    }

    private static DataException failure(Exception e, String source) {
        if (e instanceof DataException de) {
            return de;
        }
        if (e instanceof CharacterCodingException) {
            return new DataException(source + ": the file is not UTF-8 text");
        }
        if (e instanceof JsonProcessingException j) {
            JsonLocation at = j.getLocation();
            String where = at == null ? source : source + ":" + at.getLineNr() + ":" + at.getColumnNr();
            return new DataException(where + ": cannot read CSV: " + Tables.firstLine(j.getOriginalMessage()));
        }
        return new DataException(source + ": cannot read CSV: " + Tables.firstLine(e.getMessage()));
    }
}
