/**
 * ONNX export: a trained model, its fitted preprocessing included, as one opset-13 ONNX graph that
 * any ONNX runtime can run with the same interface (one input per raw column, {@code label} and
 * {@code probabilities} or {@code value} out). The file's messages are generated at build time
 * from this repository's own {@code src/main/proto/onnx.proto}.
 */
package nn.io.onnx;
