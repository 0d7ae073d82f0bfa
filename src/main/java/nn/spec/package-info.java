/**
 * The configuration schema as annotated records: Jackson names and Bean Validation constraints,
 * defaults, and nothing else. YAML files, the Java DSL and JSON Schema all come from these.
 */
package nn.spec;
