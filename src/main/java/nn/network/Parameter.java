package nn.network;

import nn.compute.Tensor;

/** A trainable tensor and the tensor its gradient lands in, for optimizers. */
public record Parameter(String name, Tensor value, Tensor gradient) {
}
