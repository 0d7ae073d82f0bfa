package nn.network;

/**
 * One line of a layer's equations for {@code explain}, as plain data: the formula and the shapes
 * involved, in Unicode notation (Z₁, δ₂, ·, ᵀ, ∗, ×); the CLI pads them into columns and spells
 * them in ASCII for terminals that cannot show Unicode.
 */
public record Equation(String formula, String shapes) {
}
