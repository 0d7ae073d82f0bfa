package nn.compute.java;

/**
 * Row-range kernels of c = op(a)·op(b) for row-major arrays. Each computes rows [from, to) of c
 * completely, summing over the inner dimension in a fixed order.
 */
final class Gemm {
    private Gemm() {
    }

    /** c (m×n) = a (m×k) · b (k×n). */
    static void nn(float[] a, float[] b, float[] c, int from, int to, int n, int k) {
        for (int i = from; i < to; i++) {
            int ci = i * n;
            java.util.Arrays.fill(c, ci, ci + n, 0f);
            for (int p = 0; p < k; p++) {
                float av = a[i * k + p];
                if (av == 0f) {
                    continue; // ReLU activations are often half zeros
                }
                int bp = p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += av * b[bp + j];
                }
            }
        }
    }

    /** c (m×n) = a (m×k) · bᵀ where b is (n×k). */
    static void nt(float[] a, float[] b, float[] c, int from, int to, int n, int k) {
        for (int i = from; i < to; i++) {
            int ai = i * k;
            for (int j = 0; j < n; j++) {
                int bj = j * k;
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum += a[ai + p] * b[bj + p];
                }
                c[i * n + j] = sum;
            }
        }
    }

    /** c (m×n) = aᵀ · b where a is (k×m) and b is (k×n). */
    static void tn(float[] a, float[] b, float[] c, int from, int to, int m, int n, int k) {
        for (int i = from; i < to; i++) {
            int ci = i * n;
            java.util.Arrays.fill(c, ci, ci + n, 0f);
            for (int p = 0; p < k; p++) {
                float av = a[p * m + i];
                if (av == 0f) {
                    continue;
                }
                int bp = p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += av * b[bp + j];
                }
            }
        }
    }

    /** c (m×n) = aᵀ · bᵀ where a is (k×m) and b is (n×k). */
    static void tt(float[] a, float[] b, float[] c, int from, int to, int m, int n, int k) {
        for (int i = from; i < to; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum += a[p * m + i] * b[j * k + p];
                }
                c[i * n + j] = sum;
            }
        }
    }
}
