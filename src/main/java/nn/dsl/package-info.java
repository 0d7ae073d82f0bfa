/**
 * The fluent Java builder: it produces the same specs YAML does, and its {@code fit} hands them to
 * nn.run, the one run service.
 */
package nn.dsl;
