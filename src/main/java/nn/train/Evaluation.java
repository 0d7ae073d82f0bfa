package nn.train;

/** Loss and quality of a network on a whole data set: accuracy for classes, RMSE for values. */
public record Evaluation(int rows, double loss, double metric, boolean classification) {

    /** Name of {@link #metric}: {@code accuracy} or {@code rmse}. */
    public String metricName() {
        return classification ? "accuracy" : "rmse";
    }
}
