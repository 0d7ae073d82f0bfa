/**
 * The one construction path for YAML and Java users alike: a fluent network builder, and the
 * step that turns a spec into a network, data sets and training options with cross-checks.
 */
package nn.dsl;
