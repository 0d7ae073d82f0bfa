package nn.dsl;

import java.nio.file.Path;
import java.util.List;
import nn.network.Network;
import nn.run.TrainedRun;
import nn.train.EpochMetrics;
import nn.train.Evaluation;

/**
 * What {@link Training#fit} gives back: the trained network, its history and scores
 * ({@link #validation()} and {@link #test()} are null without such data), and {@link #save(Path)},
 * which writes the same model directory {@code nn train} writes, loadable by every command.
 */
public final class TrainingResult {
    private final TrainedRun run;

    TrainingResult(TrainedRun run) {
        this.run = run;
    }

    /** The trained network (the best epoch's when early stopping restored it). */
    public Network network() {
        return run.result().network();
    }

    /** One entry per epoch trained. */
    public List<EpochMetrics> history() {
        return run.result().history();
    }

    /** Scores on the training data with the final weights. */
    public Evaluation train() {
        return run.result().train();
    }

    /** Scores on the validation data, or null without any. */
    public Evaluation validation() {
        return run.result().validation();
    }

    /** Scores on the test data, or null without any. */
    public Evaluation test() {
        return run.result().test();
    }

    /** The epoch whose weights {@link #network()} holds. */
    public int bestEpoch() {
        return run.result().bestEpoch();
    }

    /** Whether early stopping ended the run before its planned epochs. */
    public boolean stoppedEarly() {
        return run.result().stoppedEarly();
    }

    /** Wall-clock seconds of training. */
    public double seconds() {
        return run.result().seconds();
    }

    /** Training throughput. */
    public double samplesPerSecond() {
        return run.result().samplesPerSecond();
    }

    /** The backend that finished the run ({@code java} after a fallback). */
    public String device() {
        return run.backendName();
    }

    /**
     * Writes model.nnm, config.yaml, metrics.csv, report.json and training.png to {@code dir}
     * (created if needed), as {@code nn train} does; returns {@code dir}.
     */
    public Path save(Path dir) {
        return run.save(dir);
    }

    /** The run as nn.run reports it, for callers that want the report JSON or the raw result. */
    public TrainedRun run() {
        return run;
    }
}
