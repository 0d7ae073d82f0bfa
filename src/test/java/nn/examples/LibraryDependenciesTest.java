package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * nn as a library: the CLI's dependencies (picocli, the SLF4J binding, the chart library, protobuf for
 * {@code nn export}) are
 * optional (the progress line is nn's own), so they reach nn.jar (shaded) but never an application's class path; and
 * the CLI still trains and saves when the chart library is absent. CI also builds
 * examples/library-user against the installed artifact and runs it.
 */
class LibraryDependenciesTest {
    private static final List<String> CLI_ONLY = List.of("info.picocli:picocli", "org.slf4j:slf4j-simple",
            "org.knowm.xchart:xchart", "com.google.protobuf:protobuf-java");

    @TempDir
    Path out;

    /** groupId:artifactId → scope, with "optional" for an optional compile dependency. */
    private static Map<String, String> dependencies() throws Exception {
        var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File("pom.xml"));
        Element project = pom.getDocumentElement();
        Element deps = (Element) project.getElementsByTagName("dependencies").item(0);
        // The first <dependencies> under <project> may be dependencyManagement's: take the direct child.
        NodeList children = project.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e && e.getTagName().equals("dependencies")) {
                deps = e;
            }
        }
        Map<String, String> result = new TreeMap<>();
        NodeList list = deps.getElementsByTagName("dependency");
        for (int i = 0; i < list.getLength(); i++) {
            Element d = (Element) list.item(i);
            String key = text(d, "groupId") + ":" + text(d, "artifactId");
            String scope = text(d, "scope").isEmpty() ? "compile" : text(d, "scope");
            result.put(key, "true".equals(text(d, "optional")) ? "optional" : scope);
        }
        return result;
    }

    private static String text(Element e, String tag) {
        NodeList n = e.getElementsByTagName(tag);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent().strip();
    }

    @Test
    void theCliDependenciesAreOptionalAndNoLoggingBindingIsExported() throws Exception {
        Map<String, String> deps = dependencies();
        for (String cli : CLI_ONLY) {
            assertEquals("optional", deps.get(cli), cli + " reaches a library user's class path: " + deps);
        }
        deps.forEach((artifact, scope) -> assertFalse(scope.equals("compile") && (artifact.startsWith("org.slf4j:slf4j-")
                && !artifact.equals("org.slf4j:slf4j-api") || artifact.contains("junit") || artifact.contains("logback")),
                artifact + " would take over a user's logging or tests"));
    }

    @Test
    void withoutTheChartLibraryTrainingSavesEverythingButThePng() throws Exception {
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.contains("xchart")) {
                classPath.add(entry);
            }
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classPath), "nn.cli.Main", "configs/xor.yaml", "-q",
                "--set", "training.epochs=5", "--output-dir", out.toString());
        builder.environment().put("NN_NO_RELAUNCH", "1");
        Process p = builder.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), stdout + stderr);
        assertEquals("nn: the chart library (XChart) is not on the class path; training.png is skipped", stderr.strip());
        assertTrue(Files.isRegularFile(out.resolve("xor/model.nnm")) && Files.isRegularFile(out.resolve("xor/report.json")));
        assertFalse(Files.exists(out.resolve("xor/training.png")));
    }
}
