package nn.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import nn.data.DataException;

/**
 * Standard input for {@code predict}, bounded: a NUL byte means binary data ({@code /dev/zero},
 * a model file piped by mistake) and a stream longer than the heap could hold as rows never ends
 * well; both are one line at once instead of a hang or an OutOfMemoryError.
 */
final class BoundedInput extends FilterInputStream {
    private final String name;
    private final long limit;
    private long read;

    BoundedInput(InputStream in, String name, long limit) {
        super(in);
        this.name = name;
        this.limit = limit;
    }

    /**
     * The bound for this JVM: 1/64 of the heap, as parsed rows take up to ~40 times their bytes
     * (a row "0,1" is 4 bytes of text and ~150 bytes of strings).
     */
    static long defaultLimit() {
        return Runtime.getRuntime().maxMemory() / 64;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        for (int i = 0; i < n; i++) {
            if (b[off + i] == 0) {
                throw new DataException(name + ": byte " + (read + i + 1) + " is NUL: binary data, not CSV text");
            }
        }
        read += Math.max(0, n);
        if (read > limit) {
            throw new DataException(name + ": more than " + limit / (1 << 20) + " MB, more than this JVM can hold as rows "
                    + "(-Xmx " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB); split the input or raise -Xmx");
        }
        return n;
    }
}
