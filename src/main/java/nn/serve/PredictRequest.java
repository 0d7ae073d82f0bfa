package nn.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a predict body, row form {@code {"instances": [{col: value}]}} or column form
 * {@code {"inputs": {col: [values]}}}, into rows by column name; anything else is a 400.
 */
final class PredictRequest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PredictRequest() {
    }

    static List<Map<String, Object>> rows(byte[] body, Set<String> columns, int maxRows) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new HttpError(400, "malformed JSON: " + firstLine(e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new HttpError(400, "the body must be a JSON object with \"instances\" or \"inputs\"");
        }
        if (root.has("instances") == root.has("inputs")) {
            throw new HttpError(400, "the body must hold exactly one of \"instances\" and \"inputs\"");
        }
        List<Map<String, Object>> rows = root.has("instances") ? instances(root.get("instances"), columns, maxRows)
                : inputs(root.get("inputs"), columns, maxRows);
        if (rows.isEmpty()) {
            throw new HttpError(400, "no rows to predict");
        }
        return rows;
    }

    private static List<Map<String, Object>> instances(JsonNode instances, Set<String> columns, int maxRows) {
        if (!instances.isArray()) {
            throw new HttpError(400, "\"instances\" must be an array of objects");
        }
        checkRows(instances.size(), maxRows);
        List<Map<String, Object>> rows = new ArrayList<>(instances.size());
        for (int r = 0; r < instances.size(); r++) {
            JsonNode row = instances.get(r);
            if (!row.isObject()) {
                throw new HttpError(400, "instances[" + r + "] must be an object of column: value");
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                values.put(column(e.getKey(), columns), cell(e.getValue(), "instances[" + r + "]." + e.getKey()));
            }
            rows.add(values);
        }
        return rows;
    }

    private static List<Map<String, Object>> inputs(JsonNode inputs, Set<String> columns, int maxRows) {
        if (!inputs.isObject()) {
            throw new HttpError(400, "\"inputs\" must be an object of column: [values]");
        }
        int n = -1;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = inputs.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = column(e.getKey(), columns);
            JsonNode values = e.getValue();
            if (!values.isArray()) {
                throw new HttpError(400, "inputs." + name + " must be an array");
            }
            if (n < 0) {
                n = values.size();
                checkRows(n, maxRows);
                for (int r = 0; r < n; r++) {
                    rows.add(new LinkedHashMap<>());
                }
            } else if (values.size() != n) {
                throw new HttpError(400, "inputs." + name + " has " + values.size() + " values; the first column has " + n);
            }
            for (int r = 0; r < n; r++) {
                rows.get(r).put(name, cell(values.get(r), "inputs." + name + "[" + r + "]"));
            }
        }
        return rows;
    }

    private static void checkRows(int n, int maxRows) {
        if (n > maxRows) {
            throw new HttpError(413, n + " rows in one request; the server takes at most " + maxRows);
        }
    }

    private static String column(String name, Set<String> columns) {
        if (!columns.contains(name)) {
            throw new HttpError(400, "unknown column '" + name + "'; the model takes " + String.join(", ", columns));
        }
        return name;
    }

    private static Object cell(JsonNode v, String where) {
        if (v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        throw new HttpError(400, where + " must be a number, a string, a boolean or null");
    }

    private static String firstLine(String s) {
        String line = s == null ? "" : s.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
