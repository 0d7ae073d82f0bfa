/**
 * The command line: picocli commands, shared options, and the one table of exit codes. Nothing
 * imports this package.
 */
package nn.cli;
