package nn.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The model file ({@code model.nnm}): a JSON header and the weights as little-endian float32,
 * sealed with SHA-256 (layout in README.md, "Model file format"). {@link #save} writes format 4
 * for a model with fitted preprocessing (its header adds "preprocessing") and format 3 otherwise;
 * formats 2 and 3 (the same container) and format 1 ({@code model.json}, weights as JSON arrays)
 * still load. Never Java serialization, so loading a model can never run code.
 * {@code formatVersion} changes whenever a reader of the old version could misread the new one.
 */
public final class ModelFile {
    /** The format this code writes; it reads this one and every older one. */
    public static final int FORMAT_VERSION = 4;
    /** What a model without fitted preprocessing is written as, so that older nn versions still read it. */
    static final int PLAIN_VERSION = 3;
    /** The file name of a model in a model directory (format 2). */
    public static final String NAME = "model.nnm";
    /** The file name format 1 used; still read. */
    public static final String V1_NAME = "model.json";
    static final String FORMAT = "nn-model";
    /** PNG-style: a non-ASCII first byte, and CR LF / ^Z / LF that text-mode transfers would mangle. */
    static final byte[] MAGIC = {(byte) 0x89, 'N', 'N', 'M', '\r', '\n', 0x1a, '\n'};
    private static final int PREFIX = MAGIC.length + 4;
    private static final int TRAILER = 32;

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ModelFile() {
    }

    /**
     * Writes {@code model} to {@code file} atomically: in format 4 when it has fitted preprocessing
     * (categories, imputation, target scaling), else in format 3.
     */
    public static void save(SavedModel model, Path file) {
        byte[] body = WeightsBody.encode(model.network());
        int version = model.preprocessing().plainNumeric() ? PLAIN_VERSION : FORMAT_VERSION;
        ObjectNode header = ModelHeader.encode(JSON, model, version);
        header.putObject("weights").put("encoding", "float32-le").put("bytes", body.length)
                .put("sha256", Sha256.hex(body));
        try {
            AtomicFiles.write(file, seal(JSON.writeValueAsBytes(header), body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the model header as JSON", e);
        }
    }

    /** Magic, header length, header, body, then the SHA-256 of all of that. */
    static byte[] seal(byte[] header, byte[] body) {
        int length = PREFIX + header.length + body.length;
        ByteBuffer out = ByteBuffer.allocate(length + TRAILER).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putInt(header.length).put(header).put(body);
        out.put(Sha256.digest(out.array(), 0, length));
        return out.array();
    }

    /** Reads a model file of either format, checking its format, version and checksums. */
    public static SavedModel load(Path file) {
        byte[] bytes;
        try {
            bytes = BoundedRead.modelBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file + ": file not found");
        } catch (IOException e) {
            throw new ModelFormatException(file + ": not a readable model file: " + e.getMessage());
        }
        try {
            return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                    ? loadV2(file, bytes) : loadV1(file, bytes);
        } catch (ModelFormatException e) {
            throw e;
        } catch (JsonProcessingException e) {
            // getOriginalMessage: one line, without Jackson's "at [Source: ...]" location suffix.
            throw new ModelFormatException(file + ": damaged model file: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            throw new ModelFormatException(file + ": damaged model file: " + e.getMessage());
        }
    }

    private static SavedModel loadV1(Path file, byte[] bytes) throws JsonProcessingException {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new ModelFormatException(file + ": not a readable model file (neither format 2 nor JSON): " + why);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new ModelFormatException(file + ": not an nn model file (no \"format\": \"" + FORMAT + "\")");
        }
        int version = root.path("formatVersion").asInt(-1);
        if (version != 1) {
            throw new ModelFormatException(file + ": model format version " + version + (version > FORMAT_VERSION
                    ? "; this nn reads versions 1 to " + FORMAT_VERSION + " (the model is newer: upgrade nn)"
                    : " in JSON; only version 1 is stored as plain JSON (is the file damaged?)"));
        }
        return ModelHeader.decode(JSON, root, file, (layer, l, name, count) ->
                JSON.treeToValue(ModelHeader.required(l, "layers[" + layer + "].", name), float[].class));
    }

    private static SavedModel loadV2(Path file, byte[] bytes) throws JsonProcessingException {
        if (bytes.length < PREFIX + TRAILER) {
            throw new ModelFormatException(file + ": damaged model file: truncated (" + bytes.length + " bytes)");
        }
        long headerLength = Integer.toUnsignedLong(ByteBuffer.wrap(bytes, MAGIC.length, 4)
                .order(ByteOrder.LITTLE_ENDIAN).getInt());
        int sealed = bytes.length - TRAILER;
        JsonNode header = headerLength > sealed - PREFIX ? null : parseOrNull(bytes, PREFIX, (int) headerLength);
        // The version first: a newer format may seal its files differently, and deserves "upgrade", not "damaged".
        int version = header == null ? -1 : header.path("formatVersion").asInt(-1);
        if (version > FORMAT_VERSION) {
            throw new ModelFormatException(file + ": model format version " + version + "; this nn reads versions 1 to "
                    + FORMAT_VERSION + " (the model is newer: upgrade nn)");
        }
        if (!MessageDigest.isEqual(Sha256.digest(bytes, 0, sealed), Arrays.copyOfRange(bytes, sealed, bytes.length))) {
            throw new ModelFormatException(file + ": damaged model file: checksum mismatch (the SHA-256 at its end "
                    + "does not match its contents; the file was truncated or changed)");
        }
        if (header == null || !FORMAT.equals(header.path("format").asText()) || version < 2) {
            throw new ModelFormatException(file + ": damaged model file: the header is not a format 2 to "
                    + FORMAT_VERSION + " nn model header");
        }
        int bodyStart = PREFIX + (int) headerLength;
        byte[] body = Arrays.copyOfRange(bytes, bodyStart, sealed);
        JsonNode w = ModelHeader.required(header, "", "weights");
        if (!"float32-le".equals(w.path("encoding").asText()) || w.path("bytes").asLong(-1) != body.length) {
            throw new ModelFormatException(file + ": damaged model file: the header describes "
                    + w.path("bytes").asLong(-1) + " bytes of " + w.path("encoding").asText() + " weights; the file holds "
                    + body.length + " bytes of float32-le");
        }
        if (!HexFormat.of().formatHex(Sha256.digest(body, 0, body.length)).equals(w.path("sha256").asText())) {
            throw new ModelFormatException(file + ": damaged model file: the weights do not match their SHA-256");
        }
        WeightsBody values = WeightsBody.reader(body);
        SavedModel model = ModelHeader.decode(JSON, header, file,
                (layer, l, name, count) -> values.next(count, "layer " + layer + "'s " + name));
        values.requireConsumed();
        return model;
    }

    private static JsonNode parseOrNull(byte[] bytes, int offset, int length) {
        try {
            JsonNode node = JSON.readTree(bytes, offset, length);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Encodes any value (the resolved spec) as a JSON tree for {@link SavedModel#config()}. */
    public static JsonNode toTree(Object value) {
        return JSON.valueToTree(value);
    }
}
