package nn.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import nn.network.Layer;
import nn.network.Network;

/**
 * The binary body of a format-2 or -3 model file: for each layer in order its tensors in the
 * order of its entry (a dense layer's weights, inputs × units row-major, then its biases; format
 * 2 knew no other), all float32 little-endian with no padding. Shapes live in the JSON header, so
 * the body is values only.
 */
final class WeightsBody {
    private final FloatBuffer values;

    private WeightsBody(FloatBuffer values) {
        this.values = values;
    }

    static byte[] encode(Network network) {
        long floats = 0;
        for (Layer layer : network.layers()) {
            for (float[] t : layer.entry().tensors().values()) {
                floats += t.length;
            }
        }
        if (floats > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("the network has " + floats + " parameters; a model file holds at most "
                    + Integer.MAX_VALUE / 4);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) floats * 4).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer out = buffer.asFloatBuffer();
        for (Layer layer : network.layers()) {
            for (float[] t : layer.entry().tensors().values()) {
                out.put(t);
            }
        }
        return buffer.array();
    }

    /** A reader over {@code body}, which must be a whole number of float32 values. */
    static WeightsBody reader(byte[] body) {
        if (body.length % 4 != 0) {
            throw new IllegalArgumentException("the weights take " + body.length + " bytes, not a multiple of 4");
        }
        return new WeightsBody(ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
    }

    /** The next {@code count} values; {@code what} names them in the message when the body is too short. */
    float[] next(long count, String what) {
        if (count < 0 || count > values.remaining()) {
            throw new IllegalArgumentException("the weights end before " + what + " (" + count + " values, "
                    + values.remaining() + " left)");
        }
        float[] out = new float[(int) count];
        values.get(out);
        return out;
    }

    /** Refuses a body with values no layer claimed: the header and the body disagree. */
    void requireConsumed() {
        if (values.hasRemaining()) {
            throw new IllegalArgumentException("the weights hold " + values.remaining() + " values more than the layers need");
        }
    }
}
