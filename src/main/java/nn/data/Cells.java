package nn.data;

/** Small helpers for cell text in messages and inference. */
final class Cells {
    private static final int SHOWN = 40;

    private Cells() {
    }

    /** The cell as a message shows it: at most 40 characters, so a huge cell cannot flood the terminal. */
    static String shorten(String cell) {
        return cell.length() <= SHOWN ? cell : cell.substring(0, SHOWN) + "... (" + cell.length() + " characters)";
    }

    /** Whether {@code cell} reads as a number, finite or not (a numeric column's "Infinity" is an error, not a category). */
    static boolean parses(String cell) {
        try {
            Double.parseDouble(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether {@code cell} reads as a finite number. */
    static boolean isNumber(String cell) {
        try {
            return Double.isFinite(Double.parseDouble(cell));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
