package nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryExplainCommandTest {
    @TempDir
    Path out;

    @Test
    void summaryOfAConfigAndOfTheModelItTrained() {
        CliRun config = CliRun.of("summary", "configs/iris.yaml");
        assertEquals(0, config.exitCode(), config.err());
        assertTrue(config.out().contains("dense_1   relu        (batch, 16)              80            128        320 B"), config.out());
        assertTrue(config.out().contains("total: 131 parameters (524 B), 224 FLOPs per sample forward"), config.out());
        assertEquals(0, CliRun.of("configs/iris.yaml", "--output-dir", out.toString(), "-q", "--set", "training.epochs=1").exitCode());
        CliRun model = CliRun.of("summary", out.resolve("iris").toString());
        assertEquals(0, model.exitCode(), model.err());
        // The same table and training memory; only the footprint line differs: a model carries no data.
        assertEquals(config.out().lines().skip(1).filter(l -> !l.startsWith("footprint:")).toList(),
                model.out().lines().skip(1).filter(l -> !l.startsWith("footprint:")).toList());
        assertTrue(config.out().contains("footprint: ") && config.out().contains("with the data"), config.out());
    }

    @Test
    void explainWritesTheSeedEquationsWithShapes() {
        CliRun run = CliRun.of("explain", "configs/seed-xor.yaml", "--unicode");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Z₁ = X₁·W₁                         : (n×2)·(2×3) -> (n×3)"), run.out());
        assertTrue(run.out().contains("δ₂ = (Ŷ − Y) / n"), run.out());
        assertTrue(run.out().contains("δ₁ = δ₂·W₂ᵀ ∗ ReLU'(Z₁)            : (n×1)·(1×3) ∗ (n×3) -> (n×3)"), run.out());
        assertTrue(run.out().contains("dW₁ = X₁ᵀ·δ₁                       : (2×n)·(n×3) -> (2×3)"), run.out());
        assertFalse(run.out().contains("b₁"), "the seed network has no biases");
    }

    @Test
    void explainFallsBackToAscii() {
        CliRun run = CliRun.of("explain", "configs/iris.yaml", "--ascii");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("delta1 = delta2.W2^T * ReLU'(Z1)"), run.out());
        assertTrue(run.out().chars().allMatch(c -> c < 128), "ASCII only");
    }
}
