/** The yardstick workloads W1/W2/W3 of PERFORMANCE.md, run on a backend with synthetic data and fixed seeds. */
package nn.bench;
