package nn.train;

/**
 * Counts of (true class, predicted class) pairs: {@code counts[t][p]}. Macro averages weigh every
 * class equally; a class never predicted (or never present) has precision (or recall) 0, as
 * scikit-learn reports with zero_division=0.
 */
public record ConfusionMatrix(int[][] counts) {

    public ConfusionMatrix {
        counts = counts.clone();
        for (int i = 0; i < counts.length; i++) {
            counts[i] = counts[i].clone();
        }
    }

    @Override
    public int[][] counts() {
        int[][] copy = counts.clone();
        for (int i = 0; i < copy.length; i++) {
            copy[i] = copy[i].clone();
        }
        return copy;
    }

    public int classes() {
        return counts.length;
    }

    public double precision(int c) {
        int predicted = 0;
        for (int[] row : counts) {
            predicted += row[c];
        }
        return predicted == 0 ? 0 : (double) counts[c][c] / predicted;
    }

    public double recall(int c) {
        int actual = 0;
        for (int v : counts[c]) {
            actual += v;
        }
        return actual == 0 ? 0 : (double) counts[c][c] / actual;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double macroPrecision() {
        double sum = 0;
        for (int c = 0; c < classes(); c++) {
            sum += precision(c);
        }
        return sum / classes();
    }

    public double macroRecall() {
        double sum = 0;
        for (int c = 0; c < classes(); c++) {
            sum += recall(c);
        }
        return sum / classes();
    }

    /** The mean of the per-class F1 scores (scikit-learn's f1_score(average='macro')). */
    public double macroF1() {
        double sum = 0;
        for (int c = 0; c < classes(); c++) {
            sum += f1(c);
        }
        return sum / classes();
    }
}
