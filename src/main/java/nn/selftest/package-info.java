/**
 * {@code nn selftest}: whether nn computes correctly on a device (the backend parity suite and a
 * short training run against the Java backend) and how fast (short W1/W2/W3 timings).
 */
package nn.selftest;
