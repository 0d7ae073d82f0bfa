/**
 * Data-parallel training on Apache Spark: the driver ({@link nn.spark.SparkTraining}) keeps the
 * weights and the optimizer; each round, every partition's task ({@link nn.spark.RoundFunction})
 * runs nn's own {@link nn.train.TrainingStep} over k mini-batches of its rows and returns float
 * partial sums with row counts, which the driver adds up in partition order.
 */
package nn.spark;
