/**
 * One training run, for {@code nn train} and the DSL's {@code fit} alike: spec → experiment (the
 * cross-checks, data reading, the one mapping of spec enums, the footprint's numbers), the backend
 * with fallback and device faults, training with validation, early stopping, checkpoints and
 * resume, and the model directory.
 */
package nn.run;
