package nn.train;

import java.util.ArrayList;
import java.util.List;
import nn.compute.Backend;
import nn.compute.Tensor;
import nn.network.DeviceNetwork;

/** Moves a run's resumable state between the device and a host {@link TrainingState}. */
final class CheckpointStates {
    private CheckpointStates() {
    }

    /** Downloads the weights and the optimizer's tensors into a state. */
    static TrainingState capture(int epoch, int batch, double lossSum, double quality, DeviceNetwork net,
                                 Optimizer.Step step, long dropoutDraws, List<EpochMetrics> history, BestEpoch best,
                                 Backend backend) {
        List<float[]> tensors = new ArrayList<>();
        for (Tensor t : step.state()) {
            float[] values = new float[t.size()];
            backend.read(t, values);
            tensors.add(values);
        }
        return new TrainingState(epoch, batch, lossSum, quality, net.download(), step.count(), tensors,
                dropoutDraws, history, best.best, best.epoch, best.network);
    }

    /** Uploads a checkpoint's optimizer tensors and count into {@code step}, checking their shapes. */
    static void restore(Optimizer.Step step, TrainingState state, Backend backend) {
        List<Tensor> tensors = step.state();
        if (tensors.size() != state.optimizerState().size()) {
            throw new IllegalArgumentException("the checkpoint holds " + state.optimizerState().size()
                    + " optimizer tensors; this optimizer keeps " + tensors.size());
        }
        for (int i = 0; i < tensors.size(); i++) {
            if (tensors.get(i).size() != state.optimizerState().get(i).length) {
                throw new IllegalArgumentException("optimizer tensor " + i + " of the checkpoint has "
                        + state.optimizerState().get(i).length + " values; expected " + tensors.get(i).size());
            }
            backend.write(tensors.get(i), state.optimizerState().get(i));
        }
        step.restoreCount(state.optimizerCount());
    }
}
