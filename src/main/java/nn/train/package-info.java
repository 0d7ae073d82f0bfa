/**
 * The training loop: epochs, seeded shuffling, mini-batches, optimizers and metrics. Training
 * state lives here, never on the network.
 */
package nn.train;
