package nn.cli;

import picocli.CommandLine;

/** Reads the version Maven wrote into {@code nn-version.properties}. */
final class VersionProvider implements CommandLine.IVersionProvider {

    static String version() {
        return nn.run.NnVersion.current();
    }

    @Override
    public String[] getVersion() {
        return new String[] {"nn " + version(), "Java " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vm.name") + ")"};
    }
}
