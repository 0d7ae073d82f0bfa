package nn.train;

import nn.compute.Loss;

/** How to train: loss, optimizer, epochs, batch size, shuffling and the seed for shuffling. */
public record TrainingOptions(Loss loss, Optimizer optimizer, int epochs, int batchSize, boolean shuffle, long seed) {
    public TrainingOptions {
        if (epochs <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("epochs and batch size must be positive, got " + epochs + " and " + batchSize);
        }
    }
}
