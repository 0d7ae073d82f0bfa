/**
 * What a run leaves on disk: the model file (format version, resolved config, names, normaliser,
 * weights), the per-epoch metrics and the report, each written atomically.
 */
package nn.io;
