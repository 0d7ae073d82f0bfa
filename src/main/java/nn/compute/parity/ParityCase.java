package nn.compute.parity;

import java.util.function.Consumer;

/**
 * One case of the parity suite: a name (op and shape) and what it runs on a {@link ParityBench}.
 *
 * @param name what the case covers, such as {@code gemm 17x3x129 NT}
 * @param body the case, recording its checks in the bench's log
 */
public record ParityCase(String name, Consumer<ParityBench> body) {
}
