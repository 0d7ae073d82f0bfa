package nn.train;

/** The loss became NaN or infinite: the run cannot continue. */
public final class TrainingDivergedException extends RuntimeException {
    private final int epoch;
    private final int batch;

    public TrainingDivergedException(int epoch, int batch, double loss) {
        super("training diverged: the loss became " + loss + " in epoch " + epoch + ", batch " + batch
                + "; try a smaller learning rate or normalize the features");
        this.epoch = epoch;
        this.batch = batch;
    }

    public int epoch() {
        return epoch;
    }

    public int batch() {
        return batch;
    }
}
