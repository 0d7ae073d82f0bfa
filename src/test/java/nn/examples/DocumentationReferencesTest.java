package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and docs travel with the repository alone: every relative link resolves to a file in
 * it, and no text points at a path outside it (a sibling folder, an absolute development path).
 */
class DocumentationReferencesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
    private static final Pattern OUTSIDE = Pattern.compile("(\\.\\./shared/|/work/|(?<![\\w/])shared/(bench|seed)/)");

    @Test
    void everyReferenceStaysInsideTheRepository() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path doc : documents()) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String where = ROOT.relativize(doc) + ":" + (i + 1);
                Matcher outside = OUTSIDE.matcher(line);
                if (outside.find()) {
                    problems.add(where + ": points outside the repository: " + outside.group());
                }
                Matcher link = LINK.matcher(line);
                while (link.find()) {
                    String target = link.group(1);
                    if (target.contains("://") || target.startsWith("mailto:")) {
                        continue;
                    }
                    Path resolved = doc.getParent().resolve(target).normalize();
                    if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                        problems.add(where + ": link to " + target + " does not resolve inside the repository");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("data/README.md")));
        for (String folder : List.of("docs", "configs")) {
            try (Stream<Path> files = Files.list(ROOT.resolve(folder))) {
                files.filter(p -> p.toString().endsWith(".md") || p.toString().endsWith(".yaml")).sorted().forEach(docs::add);
            }
        }
        return docs;
    }
}
