package nn.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML into a JSON tree in one streaming pass, recording where each key and value sits.
 * It rejects what Jackson would otherwise let through quietly: duplicate keys (the last would
 * win), aliases and anchors (not expanded), merge keys, several documents, non-finite numbers,
 * and anything past {@link YamlLimits}.
 */
final class YamlTreeReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final YAMLFactory factory;
    private final String displayName;
    private final SourceMap sources = new SourceMap();
    private final List<String> problems = new ArrayList<>();
    // An alias bomb holds hundreds of anchors and aliases: naming the first of each says it all.
    private boolean anchorReported;
    private boolean aliasReported;

    /** The tree and where its parts came from. */
    record Result(ObjectNode root, SourceMap sources) {
    }

    private YamlTreeReader(YAMLFactory factory, String displayName) {
        this.factory = factory;
        this.displayName = displayName;
    }

    /** Parses {@code text}; {@code displayName} prefixes positions in errors. */
    static Result read(YAMLFactory factory, String displayName, String text) {
        return new YamlTreeReader(factory, displayName).read(text);
    }

    /** Parses one YAML value (an override's right-hand side) with no position bookkeeping. */
    static JsonNode readScalarOrFlow(YAMLFactory factory, String origin, String text) {
        YamlTreeReader reader = new YamlTreeReader(factory, origin);
        try (JsonParser p = factory.createParser(text)) {
            JsonToken token = p.nextToken();
            if (token == null) {
                return NODES.nullNode();
            }
            JsonNode node = reader.readValue(p, token, "", 0);
            reader.throwIfProblems();
            return node;
        } catch (StreamConstraintsException e) {
            throw new ConfigException(origin + ": " + limitProblem(e));
        } catch (StreamReadException e) {
            throw new ConfigException(origin + ": not a YAML value: " + problemOf(e));
        } catch (IOException e) {
            throw new ConfigException(origin + ": " + e.getMessage());
        }
    }

    private Result read(String text) {
        try (JsonParser p = factory.createParser(text)) {
            try {
                return read(p);
            } catch (StreamConstraintsException e) {
                throw new ConfigException(at(p.currentLocation()) + ": " + limitProblem(e));
            }
        } catch (StreamReadException e) {
            JsonLocation location = e.getLocation();
            String where = location == null ? displayName : at(location);
            throw new ConfigException(where + ": YAML syntax error: " + problemOf(e));
        } catch (IOException e) {
            throw new ConfigException(displayName + ": cannot read: " + e.getMessage());
        }
    }

    private Result read(JsonParser p) throws IOException {
        JsonToken token = p.nextToken();
        if (token == null) {
            throw new ConfigException(displayName + ":1:1: the file is empty; expected a mapping with the keys "
                    + "name, network, loss, optimizer, training and data");
        }
        if (token != JsonToken.START_OBJECT) {
            throw new ConfigException(at(p.currentTokenLocation()) + ": expected a mapping of keys at the top level, got "
                    + describe(token));
        }
        ObjectNode root = (ObjectNode) readValue(p, token, "", 0);
        JsonToken after = p.nextToken();
        if (after != null) {
            problems.add(at(p.currentTokenLocation()) + ": a second YAML document starts here; expected one document");
        }
        throwIfProblems();
        return new Result(root, sources);
    }

    private void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private JsonNode readValue(JsonParser p, JsonToken token, String path, int depth) throws IOException {
        String here = at(p.currentTokenLocation());
        sources.putValue(path, here);
        checkAnchors(p, here, path);
        if (depth >= YamlLimits.MAX_NESTING && (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)) {
            // Stop here, before the recursion below can run out of stack on 10,000 nested lists.
            problems.add(here + ": " + label(shorten(path)) + "nested more than " + YamlLimits.MAX_NESTING
                    + " levels deep; expected a config a few levels deep");
            throw new ConfigException(problems);
        }
        switch (token) {
            case START_OBJECT -> {
                return readObject(p, path, depth);
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                JsonToken element;
                while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                    array.add(readValue(p, element, KeyPaths.element(path, array.size()), depth + 1));
                }
                return array;
            }
            default -> {
                return readScalar(p, token, path, here);
            }
        }
    }

    /** Anchors and aliases are reported once per file: Jackson does not expand them. */
    private void checkAnchors(JsonParser p, String here, String path) {
        if (p instanceof YAMLParser yaml) {
            boolean alias = yaml.isCurrentAlias();
            boolean anchor = yaml.getCurrentAnchor() != null;
            if ((alias && !aliasReported) || (anchor && !anchorReported)) {
                problems.add(here + ": " + label(path) + "YAML anchors and aliases are not supported; write the value out");
            }
            aliasReported |= alias;
            anchorReported |= anchor;
        }
    }

    private ObjectNode readObject(JsonParser p, String path, int depth) throws IOException {
        ObjectNode object = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            String keyAt = at(p.currentTokenLocation());
            String childPath = KeyPaths.child(path, key);
            if ("<<".equals(key)) {
                problems.add(keyAt + ": " + label(path) + "YAML merge keys ('<<') are not supported; write the keys out");
            } else if (object.has(key)) {
                problems.add(keyAt + ": " + childPath + ": duplicate key '" + key + "'; first given at "
                        + sources.keyOrigin(childPath).replace(displayName + ":", "line "));
            }
            JsonToken valueToken = p.nextToken();
            if (!object.has(key)) {
                sources.putKey(childPath, keyAt);
            }
            object.set(key, readValue(p, valueToken, childPath, depth + 1));
        }
        return object;
    }

    private JsonNode readScalar(JsonParser p, JsonToken token, String path, String here) throws IOException {
        switch (token) {
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                double value = p.getDoubleValue();
                if (!Double.isFinite(value)) {
                    problems.add(here + ": " + label(path) + "expected a finite number, got " + p.getText());
                }
                return NODES.numberNode(value);
            }
            case VALUE_STRING -> {
                String text = p.getText();
                if (text.length() > YamlLimits.MAX_STRING_CHARS) {
                    problems.add(here + ": " + label(path) + "a value of " + text.length() + " characters; expected at most "
                            + YamlLimits.MAX_STRING_CHARS);
                }
                return NODES.textNode(text);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new IllegalStateException("unexpected YAML token " + token + " at " + here);
        }
    }

    /** A key path cut to its first and last parts, for paths 32 levels deep. */
    private static String shorten(String path) {
        return path.length() <= 80 ? path : path.substring(0, 40) + "…" + path.substring(path.length() - 39);
    }

    /** Jackson's message for a limit, without the name of its own setting. */
    private static String limitProblem(StreamConstraintsException e) {
        String message = e.getOriginalMessage();
        int from = message.indexOf(", from `");
        String problem = from < 0 ? message : message.substring(0, from) + message.substring(message.indexOf(')', from));
        return problem + "; nn configs are kept within fixed limits";
    }

    private static String label(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }

    private String at(JsonLocation location) {
        return displayName + ":" + location.getLineNr() + ":" + location.getColumnNr();
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            default -> "a scalar";
        };
    }

    private static String problemOf(StreamReadException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            return marked.getProblem();
        }
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
