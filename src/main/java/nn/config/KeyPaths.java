package nn.config;

import java.util.ArrayList;
import java.util.List;

/** Key paths as users write them: {@code network.layers[1].units}. */
final class KeyPaths {
    private KeyPaths() {
    }

    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String element(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The path one step up: {@code a.b[2]} → {@code a.b} → {@code a} → {@code ""}. */
    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    /** The last key name in a path, without list indices: {@code a.b[2]} → {@code b}. */
    static String lastKey(String path) {
        String p = path;
        while (p.endsWith("]")) {
            p = p.substring(0, p.lastIndexOf('['));
        }
        return p.substring(p.lastIndexOf('.') + 1);
    }

    static boolean isWithin(String candidate, String ancestor) {
        return candidate.equals(ancestor) || candidate.startsWith(ancestor + ".")
                || candidate.startsWith(ancestor + "[");
    }

    /** One step of a path: a key, or an index into a list. */
    record Step(String key, int index) {
        boolean isIndex() {
            return key == null;
        }
    }

    /** Splits {@code a.b[2].c} into steps, or throws IllegalArgumentException saying what is wrong. */
    static List<Step> parse(String path) {
        if (!path.matches("[A-Za-z_][A-Za-z0-9_]*(\\[[0-9]+])*(\\.[A-Za-z_][A-Za-z0-9_]*(\\[[0-9]+])*)*")) {
            throw new IllegalArgumentException("'" + path + "' is not a key path; expected keys joined by '.', "
                    + "with [index] for list items, as in network.layers[0].units");
        }
        List<Step> steps = new ArrayList<>();
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            steps.add(new Step(bracket < 0 ? part : part.substring(0, bracket), -1));
            while (bracket >= 0) {
                int close = part.indexOf(']', bracket);
                steps.add(new Step(null, Integer.parseInt(part.substring(bracket + 1, close))));
                bracket = part.indexOf('[', close);
            }
        }
        return steps;
    }
}
