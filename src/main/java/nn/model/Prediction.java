package nn.model;

/**
 * One row's prediction: the class name (or the predicted value, for regression), the value, and
 * one probability per class (empty for regression).
 */
public record Prediction(String label, double value, double[] probabilities) {
    public Prediction {
        probabilities = probabilities.clone();
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }
}
