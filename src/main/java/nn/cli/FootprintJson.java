package nn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import nn.network.DenseLayer;
import nn.network.Footprint;
import nn.network.Layer;
import nn.network.Network;

/** The JSON document {@code check --json} and {@code summary --json} print: the network and its footprint. */
final class FootprintJson {
    private FootprintJson() {
    }

    /** One object: the source, the layers, the cost and the top-level integer {@code footprintBytes}. */
    static ObjectNode of(String source, Network network, int batch, Footprint cost) {
        // A mapper per call, not a static one: picocli builds every command for any invocation.
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("source", source);
        root.put("inputs", network.inputs());
        ArrayNode layers = root.putArray("layers");
        int index = 1;
        for (Layer layer : network.layers()) {
            ObjectNode entry = layers.addObject().put("name", layer.typeName() + "_" + index++)
                    .put("type", layer.typeName()).put("inputs", layer.inputs()).put("units", layer.outputs());
            if (layer instanceof DenseLayer dense) {
                entry.put("activation", dense.activation().yamlName()).put("bias", dense.hasBias());
            }
            entry.put("parameters", layer.parameterCount()).put("forwardFlops", layer.forwardFlops());
        }
        root.put("parameters", cost.parameters());
        root.put("forwardFlops", cost.forwardFlops());
        root.put("trainingFlopsPerSample", cost.trainingFlopsPerSample());
        root.put("batchSize", batch);
        root.put("parameterBytes", cost.parameterBytes());
        root.put("optimizerBytes", cost.optimizerBytes());
        root.put("bufferBytes", cost.bufferBytes());
        root.put("trainingBytes", cost.trainingBytes());
        root.put("dataBytes", cost.dataBytes());
        root.put("footprintBytes", cost.totalBytes());
        return root;
    }
}
