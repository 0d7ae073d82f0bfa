package nn.compute;

import java.util.List;

/**
 * Every trainable tensor of a network with its gradient and optimizer state, in one fixed order,
 * for the one-launch {@link Backend#update}. A backend may cache what it derives from a set (the
 * OpenCL backend its table of offsets), so a set is built once per run and its lists never change.
 *
 * @param values    the parameters
 * @param gradients their gradients, same shapes
 * @param first     the first state tensor per parameter (velocity, Adam's m), or empty
 * @param second    the second state tensor per parameter (Adam's v), or empty
 */
public record ParameterSet(List<Tensor> values, List<Tensor> gradients, List<Tensor> first, List<Tensor> second) {

    public ParameterSet {
        values = List.copyOf(values);
        gradients = List.copyOf(gradients);
        first = List.copyOf(first);
        second = List.copyOf(second);
        if (gradients.size() != values.size() || !first.isEmpty() && first.size() != values.size()
                || !second.isEmpty() && second.size() != values.size()) {
            throw new IllegalArgumentException("parameter set: " + values.size() + " values, " + gradients.size()
                    + " gradients, " + first.size() + " and " + second.size() + " state tensors");
        }
        for (int i = 0; i < values.size(); i++) {
            sameSize(values.get(i), gradients.get(i));
            if (!first.isEmpty()) {
                sameSize(values.get(i), first.get(i));
            }
            if (!second.isEmpty()) {
                sameSize(values.get(i), second.get(i));
            }
        }
    }

    private static void sameSize(Tensor a, Tensor b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("parameter set: " + a + " and " + b + " differ in size");
        }
    }
}
