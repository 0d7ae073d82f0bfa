package nn.spark;

import java.io.Serializable;

/**
 * What a task needs to rebuild its partition once per executor: the resolved config (YAML with
 * absolute data paths), how many partitions there are, the threads for nn's Java backend and,
 * for tests, a round whose first attempt on partition 0 fails.
 *
 * @param runKey         distinguishes runs sharing an executor JVM (their cached workers)
 * @param configYaml     the resolved config
 * @param partitions     the partition count
 * @param parametersSync whether partitions take local optimizer steps (sync: parameters)
 * @param failRound      a round whose first task attempt on partition 0 throws, or -1
 * @param table          what the executors read (a CSV file, IDX images); null when the driver read the data
 */
public record WorkerSetup(String runKey, String configYaml, int partitions, boolean parametersSync, int failRound,
                          ExecutorSource table)
        implements Serializable {
    private static final long serialVersionUID = 1L;
}
