package nn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import nn.network.DenseLayer;
import nn.network.Footprint;
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
        for (DenseLayer layer : network.layers()) {
            layers.addObject().put("name", "dense_" + index++).put("inputs", layer.inputs())
                    .put("units", layer.units()).put("activation", layer.activation().yamlName())
                    .put("bias", layer.hasBias()).put("parameters", layer.parameterCount())
                    .put("forwardFlops", 2L * layer.inputs() * layer.units());
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
