/**
 * Data sets: reading CSV files and inline rows, encoding labels, and feature normalisation.
 */
package nn.data;
