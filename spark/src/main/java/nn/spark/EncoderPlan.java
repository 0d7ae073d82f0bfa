package nn.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import nn.data.ColumnEncoder;
import nn.data.ColumnKind;
import nn.data.Imputation;

/** A {@link ColumnEncoder} as plain serialisable data, shipped to the executors with every task. */
record EncoderPlan(String name, ColumnKind kind, int missingCount, Imputation imputation, double fill, boolean indicator,
                   ArrayList<String> categories, boolean missingCategory, int embedDim) implements Serializable {
    private static final long serialVersionUID = 1L;

    static EncoderPlan of(ColumnEncoder e) {
        return new EncoderPlan(e.name(), e.kind(), e.missingCount(), e.imputation(), e.fill(), e.indicator(),
                new ArrayList<>(e.categories()), e.missingCategory(), e.embedDim());
    }

    static ArrayList<EncoderPlan> of(List<ColumnEncoder> encoders) {
        ArrayList<EncoderPlan> plans = new ArrayList<>();
        encoders.forEach(e -> plans.add(of(e)));
        return plans;
    }

    ColumnEncoder encoder() {
        return new ColumnEncoder(name, kind, missingCount, imputation, fill, indicator, categories, missingCategory, embedDim);
    }
}
