package nn.io.onnx;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nn.io.AtomicFiles;
import nn.io.SavedModel;
import nn.io.onnx.proto.OnnxProto.GraphProto;
import nn.io.onnx.proto.OnnxProto.ModelProto;
import nn.io.onnx.proto.OnnxProto.OperatorSetIdProto;
import nn.io.onnx.proto.OnnxProto.StringStringEntryProto;

/**
 * Writes a trained model as an ONNX file that computes what {@code Model.predict} does, the fitted
 * preprocessing included. The interface is fixed: one input per raw feature column, named as the
 * column, shape [N, 1], float32 for numeric columns (NaN = missing) and string for categorical
 * ones ({@code ""} or an NA spelling = missing); outputs {@code label} (string [N]) and
 * {@code probabilities} (float32 [N, classes] in the model's class order) for a classifier,
 * {@code value} (float32 [N, 1]) for regression. Opset 13, plus ai.onnx.ml 2 for the
 * LabelEncoder of categorical columns. Provenance goes into the metadata.
 *
 * <p>Needs {@code com.google.protobuf:protobuf-java} on the class path: nn.jar has it; a library
 * user who exports adds it (it is an optional dependency of the nn artifact).
 */
public final class OnnxExporter {
    /** ONNX IR version 7, the one that goes with opset 13. */
    public static final long IR_VERSION = 7;
    /** The default-domain opset of the exported graph. */
    public static final long OPSET = 13;
    /** The ai.onnx.ml opset, imported only when a categorical column needs its LabelEncoder. */
    public static final long ML_OPSET = 2;

    private OnnxExporter() {
    }

    /**
     * The model as ONNX bytes; {@code exporterVersion} is the nn version that writes it. Throws
     * {@link OnnxExportException} for a model ONNX cannot express (a custom Java activation).
     */
    public static byte[] toBytes(SavedModel model, String exporterVersion) {
        requireProtobuf();
        NetworkGraph.requireExportable(model.network());
        requireDistinctNames(model);
        GraphBuilder g = new GraphBuilder(model.name());
        String x = new PreprocessingGraph(g, model.preprocessing()).encode(model.normalizer());
        String y = new NetworkGraph(g).forward(model.network(), x);
        OutputGraph outputs = new OutputGraph(g);
        if (model.classNames().isEmpty()) {
            outputs.regression(y, model.preprocessing().target());
        } else {
            outputs.classifier(y, model.network().outputs(), model.classNames());
        }
        GraphProto graph = g.build();
        ModelProto.Builder file = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("nn")
                .setProducerVersion(exporterVersion).setDomain("dev.nn").setModelVersion(1)
                .setDocString("nn model '" + model.name() + "'").setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        if (g.usesMl()) {
            file.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(GraphBuilder.ML_DOMAIN).setVersion(ML_OPSET));
        }
        metadata(model, exporterVersion).forEach((k, v) ->
                file.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return file.build().toByteArray();
    }

    /** Writes {@link #toBytes} to {@code target} atomically. */
    public static void write(SavedModel model, String exporterVersion, Path target) {
        AtomicFiles.write(target, toBytes(model, exporterVersion));
    }

    /** The metadata_props: who wrote it, and where the model came from. */
    static Map<String, String> metadata(SavedModel model, String exporterVersion) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("nn.version", exporterVersion);
        m.put("nn.model", model.name());
        var p = model.provenance();
        m.put("provenance.version", String.valueOf(p.version()));
        m.put("provenance.seed", Long.toString(p.seed()));
        m.put("provenance.device", String.valueOf(p.device()));
        m.put("provenance.created", String.valueOf(p.createdAt()));
        m.put("provenance.epochs", Integer.toString(p.epochs()));
        p.data().forEach(d -> {
            m.put("provenance.data." + d.role() + ".path", String.valueOf(d.path()));
            m.put("provenance.data." + d.role() + ".sha256", String.valueOf(d.sha256()));
        });
        p.metrics().forEach((k, v) -> m.put("provenance.metric." + k, Double.toString(v)));
        return m;
    }

    /** A graph's inputs and outputs share one namespace: a column named as an output cannot be an input. */
    private static void requireDistinctNames(SavedModel model) {
        for (String column : model.preprocessing().columnNames()) {
            if (List.of(OutputGraph.LABEL, OutputGraph.PROBABILITIES, OutputGraph.VALUE).contains(column)
                    || column.startsWith("nn.")) {
                throw new OnnxExportException("feature column '" + column + "' has the name of an ONNX output or of "
                        + "the graph's own tensors (label, probabilities, value, nn.*); rename the column and retrain");
            }
        }
    }

    private static void requireProtobuf() {
        try {
            Class.forName("com.google.protobuf.Message", false, OnnxExporter.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("ONNX export needs com.google.protobuf:protobuf-java on the class path "
                    + "(an optional dependency of nn; nn.jar includes it)", e);
        }
    }
}
