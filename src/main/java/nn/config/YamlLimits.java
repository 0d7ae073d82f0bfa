package nn.config;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The sizes a config may reach, set explicitly rather than left to Jackson's and SnakeYAML's
 * defaults: those are sized for documents in general (3 MB of text, 1,000 levels of nesting, 20 M
 * characters in one string), and with a small heap a hostile file can exhaust memory or the
 * stack long before it meets them. A real config is a few KiB and about six levels deep, so
 * these limits leave room for large inline data sets while failing fast, with a position, on
 * anything else.
 */
final class YamlLimits {
    /** Bytes in a config file; larger data belongs in a CSV file. */
    static final int MAX_FILE_BYTES = 1 << 20;
    /** Levels of mappings and lists, counted by YamlTreeReader so the error can name the key. */
    static final int MAX_NESTING = 32;
    /** Characters in one string: names, paths and enum values are short. */
    static final int MAX_STRING_CHARS = 4096;
    /** Digits in one number: a double needs 17, with an exponent 24. */
    static final int MAX_NUMBER_CHARS = 64;

    private YamlLimits() {
    }

    /** A YAML factory that enforces the limits; YamlTreeReader checks nesting first, to name the key. */
    static YAMLFactory factory() {
        LoaderOptions loader = new LoaderOptions();
        loader.setCodePointLimit(MAX_FILE_BYTES);
        // Jackson reads SnakeYAML's event stream and never expands aliases (YamlTreeReader rejects
        // them), so an alias bomb cannot grow; no aliases at all keeps it so if that ever changes.
        loader.setMaxAliasesForCollections(0);
        loader.setAllowRecursiveKeys(false);
        loader.setNestingDepthLimit(2 * MAX_NESTING);
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(2 * MAX_NESTING)
                .maxNumberLength(MAX_NUMBER_CHARS)
                .maxStringLength(MAX_STRING_CHARS)
                .maxDocumentLength(MAX_FILE_BYTES)
                .build();
        return YAMLFactory.builder().loaderOptions(loader).streamReadConstraints(constraints).build();
    }
}
