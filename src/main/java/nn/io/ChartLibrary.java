package nn.io;

/**
 * Whether XChart, which draws {@code training.png}, is on the class path. It is an optional
 * dependency of the library (nn.jar always has it): an application without it trains and saves all
 * the same, without the chart. A class of its own, because merely linking {@link TrainingChart}
 * needs XChart's classes.
 */
public final class ChartLibrary {
    private ChartLibrary() {
    }

    /** True when {@link TrainingChart} can be used. */
    public static boolean present() {
        try {
            Class.forName("org.knowm.xchart.XYChart", false, ChartLibrary.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
