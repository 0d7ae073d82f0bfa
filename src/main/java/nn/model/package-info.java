/**
 * A trained model for use: load it from its folder or file, and predict from raw feature rows
 * with the saved normaliser and class names applied.
 */
package nn.model;
