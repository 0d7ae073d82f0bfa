package nn.compute.java;

/**
 * Block sizes of the packed GEMM for one micro-kernel tile (MR × NR) and one core's caches, close
 * to how BLIS sizes them: a KC × NR strip of op(b) fills two thirds of L1 (it is reused by every
 * MR-row strip of a), an MC × KC block of op(a) half of L2, and a KC × NC block of op(b) a quarter
 * of L3. Two thirds rather than BLIS's half: each KC block reads and writes all of c once more,
 * and W3's c are 4 and 64 MiB. A 256-deep block instead of 192 made its 4096 × 4096 × 256 xᵀ·δ 16%
 * faster (one block instead of two) and its 4096-deep products 3–6%, and left W2's products as
 * they were (paired rounds, one thread, Zen 5, 48 KiB L1); a strip filling all of L1 was no
 * better on W2's and only 1–4% on W3's.
 *
 * <p>When op(b) = bᵀ, the strips are gathered from rows of b, {@code depth} floats of each: there
 * the block goes deeper, up to a strip of an eighth of L2 ({@code kcTransposedB}, at most 4 KC),
 * and the strip is read from L2. W3's δ·Wᵀ, whose 4096-wide W comes from memory in 1 KiB pieces
 * per row at KC = 256, ran 13–20% faster 1024 deep on one thread and within noise on two
 * (GemmProfile in alternating JVMs, Zen 5).
 * Sizes are rounded to the tile and clamped, so odd or tiny reported caches still give a kernel
 * that works (only slower).
 */
record Blocking(int kc, int mc, int nc, int kcTransposedB) {

    private static final int FLOAT = Float.BYTES;

    Blocking {
        if (kc < 1 || mc < 1 || nc < 1 || kcTransposedB < kc) {
            throw new IllegalArgumentException("block sizes must be positive, the transposed depth at least kc: " + kc
                    + ", " + mc + ", " + nc + ", " + kcTransposedB);
        }
    }

    static Blocking of(CacheSizes caches, int mr, int nr) {
        int kc = clamp(caches.l1d() * 2 / 3 / (nr * FLOAT) / 8 * 8, 16, 1024);
        int mc = clamp(caches.l2() / 2 / (kc * FLOAT) / mr * mr, mr, 64 * mr);
        int nc = clamp(caches.l3() / 4 / (kc * FLOAT) / nr * nr, nr, 256 * nr);
        int kcTransposedB = clamp(caches.l2() / 8 / (nr * FLOAT) / 8 * 8, kc, 4 * kc);
        return new Blocking(kc, mc, nc, kcTransposedB);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
