package nn.compute;

/**
 * What guards one step's {@link Backend#update}: clipping by global norm ({@code clipNorm} 0: none)
 * and the finiteness check, whose failure is recorded in {@code totals} as step
 * {@code (epoch, batch)} and skips the update (and every later one until the totals are reset),
 * so the parameters stay finite.
 */
public record StepGuard(float clipNorm, RunningTotals totals, int epoch, int batch) {
}
