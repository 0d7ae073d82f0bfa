package nn.train;

/**
 * Where an epoch stands after a batch, for progress bars.
 *
 * @param epoch   the epoch running, from 1
 * @param epochs  the epochs planned
 * @param batch   batches done in this epoch
 * @param batches batches per epoch
 * @param samples samples done in this epoch
 * @param loss    mean loss over this epoch's samples so far
 * @param metric  accuracy (classification) or RMSE (regression) over them
 */
public record BatchProgress(int epoch, int epochs, int batch, int batches, int samples, double loss, double metric) {
}
