/**
 * YAML in: reads a config file into the spec records with errors that name file, line, column
 * and key, applies {@code --set} overrides, and runs Bean Validation.
 */
package nn.config;
