/**
 * The network: immutable structure and parameters, and its forward and backward passes on a
 * compute backend. Knows nothing of YAML, files or training loops.
 */
package nn.network;
