package nn.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version Maven wrote into {@code nn-version.properties}, recorded in every model's provenance. */
public final class NnVersion {
    private NnVersion() {
    }

    /** This build's version, or {@code unknown} outside a Maven build. */
    public static String current() {
        try (InputStream in = NnVersion.class.getResourceAsStream("/nn-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
