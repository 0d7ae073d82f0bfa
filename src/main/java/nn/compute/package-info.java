/**
 * The compute contract: device-resident float matrices and the few operations a dense network
 * needs to train; it knows nothing of YAML, layers or data sets.
 */
package nn.compute;
