/**
 * The backend parity suite: every op of the backend contract against a double reference, with
 * the tolerances in one place; run by the contract tests and by {@code nn selftest}.
 */
package nn.compute.parity;
