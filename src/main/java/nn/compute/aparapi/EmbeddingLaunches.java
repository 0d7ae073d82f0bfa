package nn.compute.aparapi;

/**
 * The embedding ops' launches for {@link AparapiBackend} (kept apart so the backend class stays
 * short): they check the operands and set {@link ArenaKernel}'s fields, column offsets folded
 * into the operand offsets and row strides passed in strideAi and strideBj.
 */
final class EmbeddingLaunches {
    private final Arena arena;
    private final ArenaKernel kernel;

    EmbeddingLaunches(Arena arena, ArenaKernel kernel) {
        this.arena = arena;
        this.kernel = kernel;
    }

    void copyColumns(ArenaTensor s, int srcColumn, int count, ArenaTensor d, int dstColumn) {
        checkColumns(s, srcColumn, count, d, dstColumn);
        arena.set(ArenaKernel.OP_COPY_COLUMNS, d.rows(), count);
        kernel.offA = s.offset() + srcColumn;
        kernel.strideAi = s.cols();
        kernel.offD = d.offset() + dstColumn;
        kernel.strideBj = d.cols();
        arena.launch1d(d.rows() * count, "copyColumns");
    }

    void forward(ArenaTensor tx, int idColumn, ArenaTensor tt, ArenaTensor to, int outColumn) {
        checkColumns(tx, idColumn, 1, to, outColumn + tt.cols() - 1);
        arena.set(ArenaKernel.OP_EMBED_FORWARD, to.rows(), tt.cols());
        kernel.inner = tt.rows();
        kernel.offA = tx.offset() + idColumn;
        kernel.strideAi = tx.cols();
        kernel.offB = tt.offset();
        kernel.offD = to.offset() + outColumn;
        kernel.strideBj = to.cols();
        arena.launch1d(to.rows() * tt.cols(), "embeddingForward");
    }

    void backward(ArenaTensor tx, int idColumn, ArenaTensor td, int deltaColumn, ArenaTensor tg) {
        checkColumns(tx, idColumn, 1, td, deltaColumn + tg.cols() - 1);
        arena.set(ArenaKernel.OP_EMBED_BACKWARD, td.rows(), tg.cols());
        kernel.inner = tg.rows();
        kernel.offA = tx.offset() + idColumn;
        kernel.strideAi = tx.cols();
        kernel.offC = td.offset() + deltaColumn;
        kernel.strideBj = td.cols();
        kernel.offD = tg.offset();
        arena.launch1d(tg.size(), "embeddingBackward");
    }

    private static void checkColumns(ArenaTensor src, int srcColumn, int count, ArenaTensor dst, int dstColumn) {
        if (srcColumn < 0 || srcColumn + count > src.cols() || dstColumn < 0 || dstColumn + count > dst.cols()
                || src.rows() < dst.rows()) {
            throw new IllegalArgumentException("columns " + srcColumn + "+" + count + " of " + src.rows() + "x"
                    + src.cols() + " do not fit column " + dstColumn + " of " + dst.rows() + "x" + dst.cols());
        }
    }
}
