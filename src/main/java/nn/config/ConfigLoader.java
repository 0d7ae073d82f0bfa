package nn.config;

import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path.Node;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import nn.spec.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import nn.dsl.NetworkBuilder;
import nn.spec.ExperimentSpec;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Loads a YAML config into a validated {@link ExperimentSpec}. Every problem comes back as a
 * {@link ConfigException} whose lines read {@code FILE:LINE:COL: key.path: problem; expected ...}.
 */
public final class ConfigLoader implements AutoCloseable {
    // Duplicate keys are caught by YamlTreeReader, which can say where the first one was.
    private final YAMLFactory yaml = YamlLimits.factory();
    private final ObjectMapper binder;
    // Bootstrapping Hibernate Validator takes about half a second; it runs on another core while
    // the YAML is read and bound, which keeps the whole command under two seconds.
    private final CompletableFuture<ValidatorFactory> validatorFactory = CompletableFuture.supplyAsync(() ->
            Validation.byDefaultProvider().configure()
                    .ignoreXmlConfiguration()
                    .messageInterpolator(new ParameterMessageInterpolator())
                    .buildValidatorFactory());

    public ConfigLoader() {
        binder = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
        // "3" must not quietly become 3, nor "yes" true.
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            binder.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
            binder.coercionConfigFor(type).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        binder.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    }

    /** Reads and validates {@code file}, then applies {@code overrides} ({@code key.path=value}). */
    public LoadedConfig load(Path file, List<String> overrides) {
        String displayName = file.toString();
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(displayName + ": is a directory; expected a YAML config file");
            }
            // A strict decoder: a Latin-1 file must be an error, not mojibake in a name or path.
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(readAtMost(file, displayName))).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(displayName + ": file not found");
        } catch (CharacterCodingException e) {
            throw new ConfigException(displayName + ":1:1: the file is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(displayName + ": cannot read: " + e.getMessage());
        }
        Path parent = file.toAbsolutePath().getParent();
        return parse(displayName, text, parent, overrides);
    }

    /**
     * The file's bytes, refusing it past {@link YamlLimits#MAX_FILE_BYTES} without reading further:
     * a gigabyte file, or {@code /dev/zero}, must not fill the heap before the parser's limits apply.
     */
    private static byte[] readAtMost(Path file, String displayName) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(YamlLimits.MAX_FILE_BYTES + 1);
            if (bytes.length > YamlLimits.MAX_FILE_BYTES) {
                throw new ConfigException(displayName + ": the file is larger than " + (YamlLimits.MAX_FILE_BYTES >> 20)
                        + " MiB; expected a config of a few KiB (large data belongs in a CSV file: data.train.csv)");
            }
            return bytes;
        }
    }

    /** As {@link #load}, from text already in memory; relative data paths resolve against {@code baseDir}. */
    public LoadedConfig parse(String displayName, String text, Path baseDir, List<String> overrides) {
        YamlTreeReader.Result tree = YamlTreeReader.read(yaml, displayName, text);
        Overrides.apply(yaml, tree.root(), tree.sources(), overrides);
        ShortForms.apply(tree.root());
        List<ConfigProblem> problems = SchemaWalker.check(tree.root(), ExperimentSpec.class, tree.sources(),
                Map.of("activation", NetworkBuilder.activationNames()));
        if (!problems.isEmpty()) {
            throw ConfigProblem.sorted(problems);
        }
        ExperimentSpec spec = bind(tree.root(), tree.sources());
        validate(spec, tree.root(), tree.sources());
        return new LoadedConfig(spec, baseDir, tree.sources());
    }

    private ExperimentSpec bind(JsonNode root, SourceMap sources) {
        try {
            return binder.treeToValue(root, ExperimentSpec.class);
        } catch (UnrecognizedPropertyException e) {
            String path = pathOf(e);
            String parent = KeyPaths.parent(path);
            String where = parent.isEmpty() ? "" : parent + ": ";
            String at = parent.isEmpty() ? " at the top level" : "";
            List<String> known = e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            String hint = Suggestions.closest(e.getPropertyName(), known)
                    .map(s -> "; did you mean '" + s + "'?")
                    .orElse("; expected one of " + String.join(", ", known));
            throw new ConfigException(sources.keyOrigin(path) + ": " + where + "unknown key '" + e.getPropertyName()
                    + "'" + at + hint);
        } catch (MismatchedInputException e) {
            String path = pathOf(e);
            JsonNode actual = path.isEmpty() ? root : nodeAt(root, e);
            throw new ConfigException(sources.valueOrigin(path) + ": " + (path.isEmpty() ? "" : path + ": ")
                    + mismatch(e, actual));
        } catch (DatabindException e) {
            String path = e instanceof JsonMappingException m ? pathOf(m) : "";
            throw new ConfigException(sources.valueOrigin(path) + ": " + path + ": " + e.getOriginalMessage());
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException(sources.valueOrigin("") + ": " + e.getMessage());
        }
    }

    private static String mismatch(MismatchedInputException e, JsonNode actual) {
        Class<?> target = e.getTargetType();
        String got = SchemaWalker.describe(actual);
        if (target != null && target.isEnum()) {
            List<String> allowed = SchemaWalker.enumNames(target);
            String typed = actual != null && actual.isTextual() ? actual.asText() : got;
            String hint = Suggestions.closest(typed, allowed).map(s -> "; did you mean '" + s + "'?").orElse("");
            return "unknown value " + got + "; expected one of " + String.join(", ", allowed) + hint;
        }
        return "expected " + expected(target) + ", got " + got;
    }

    private static String expected(Class<?> target) {
        if (target == null) {
            return "another kind of value";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "an integer";
        }
        if (target == Double.class || target == double.class || target == Float.class || target == float.class) {
            return "a number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (target == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(target)) {
            return "a list";
        }
        return "a mapping of keys";
    }

    private static String pathOf(JsonMappingException e) {
        String path = "";
        for (JsonMappingException.Reference ref : e.getPath()) {
            path = ref.getFieldName() != null ? KeyPaths.child(path, ref.getFieldName()) : KeyPaths.element(path, ref.getIndex());
        }
        return path;
    }

    private static JsonNode nodeAt(JsonNode root, JsonMappingException e) {
        JsonNode node = root;
        for (JsonMappingException.Reference ref : e.getPath()) {
            node = node == null ? null : ref.getFieldName() != null ? node.get(ref.getFieldName()) : node.get(ref.getIndex());
        }
        return node;
    }

    private void validate(ExperimentSpec spec, JsonNode root, SourceMap sources) {
        Validator validator = validatorFactory.join().getValidator();
        var violations = validator.validate(spec);
        if (violations.isEmpty()) {
            return;
        }
        List<ConfigProblem> problems = new ArrayList<>();
        for (ConstraintViolation<ExperimentSpec> v : violations) {
            String path = pathOf(v);
            JsonNode node = nodeAt(root, path);
            String kind = v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
            if (kind.equals("NotNull") && node == null) {
                String parent = KeyPaths.parent(path);
                String where = parent.isEmpty() ? "" : parent + ": ";
                String at = parent.isEmpty() ? " at the top level" : "";
                problems.add(new ConfigProblem(sources.valueOrigin(parent),
                        where + "missing required key '" + KeyPaths.lastKey(path) + "'" + at));
            } else if (kind.equals("NotNull")) {
                problems.add(new ConfigProblem(sources.valueOrigin(path), path + ": a value is required, got nothing"));
            } else {
                String got = v.getInvalidValue() instanceof Collection<?> c && c.isEmpty() ? "an empty list"
                        : SchemaWalker.describe(node);
                problems.add(new ConfigProblem(sources.valueOrigin(path), path + ": " + v.getMessage() + ", got " + got));
            }
        }
        throw ConfigProblem.sorted(problems);
    }

    private static String pathOf(ConstraintViolation<?> v) {
        var naming = new PropertyNamingStrategies.SnakeCaseStrategy();
        StringBuilder path = new StringBuilder();
        for (Node node : v.getPropertyPath()) {
            if (node.isInIterable() && node.getIndex() != null) {
                path.append('[').append(node.getIndex()).append(']');
            }
            String name = node.getName();
            if (name == null || name.startsWith("<")) {
                continue;
            }
            if (path.length() > 0) {
                path.append('.');
            }
            path.append(naming.translate(name));
        }
        return path.toString();
    }

    private static JsonNode nodeAt(JsonNode root, String path) {
        JsonNode node = root;
        for (KeyPaths.Step step : path.isEmpty() ? List.<KeyPaths.Step>of() : KeyPaths.parse(path)) {
            if (node == null) {
                return null;
            }
            node = step.isIndex() ? node.get(step.index()) : node.get(step.key());
        }
        return node;
    }

    @Override
    public void close() {
        validatorFactory.join().close();
    }
}
