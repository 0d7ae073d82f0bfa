package nn.cli;

import nn.data.TableDialect;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The {@code --delimiter} of predict and evaluate: a header row, the default missing values. */
final class CsvDialects {
    private CsvDialects() {
    }

    static TableDialect of(String delimiter, CommandSpec command) {
        char c = switch (delimiter) {
            case ",", ";", "|", "\t" -> delimiter.charAt(0);
            case "tab", "\\t" -> '\t';
            default -> throw new ParameterException(command.commandLine(), "--delimiter: expected ',', ';', '|' or "
                    + "tab, got '" + delimiter + "'");
        };
        return new TableDialect(c, true, null, TableDialect.DEFAULT_NA);
    }
}
