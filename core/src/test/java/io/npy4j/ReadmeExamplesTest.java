package io.npy4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's Java examples compile as written, with only the imports they show, and run against the bundled examples
 * (in a separate JVM whose working directory holds a copy of {@code examples/}).
 */
class ReadmeExamplesTest {
    private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    static Path root() {
        return Path.of(System.getProperty("npy4j.fixtures.dir")).getParent().getParent();
    }

    @Test
    void javaExamplesCompileWithTheirImportsAndRun() throws Exception {
        String readme = Files.readString(root().resolve("README.md"));
        Matcher m = BLOCK.matcher(readme);
        Path src = Files.createDirectories(dir.resolve("src"));
        List<String> files = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        while (m.find()) {
            StringBuilder imports = new StringBuilder();
            StringBuilder body = new StringBuilder();
            for (String line : m.group(1).split("\n")) {
                (line.startsWith("import ") ? imports : body).append(line).append('\n');
            }
            String name = "Readme" + classes.size();
            String code = imports + "public class " + name + " {\n  public static void main(String[] readmeArgs) throws"
                    + " Exception {\n" + body + "  }\n}\n";
            Path f = src.resolve(name + ".java");
            Files.writeString(f, code);
            files.add(f.toString());
            classes.add(name);
        }
        assertTrue(classes.size() >= 4, "README should show its Java examples, found " + classes.size());
        Path out = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("-proc:none", "-cp", System.getProperty("java.class.path"),
                "-d", out.toString()));
        args.addAll(files);
        int rc = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertEquals(0, rc, "README examples do not compile:\n" + diagnostics.toString(StandardCharsets.UTF_8));

        Path work = Files.createDirectories(dir.resolve("work/examples"));
        try (Stream<Path> s = Files.list(root().resolve("examples"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, work.resolve(p.getFileName()));
            }
        }
        for (String c : classes) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    out + java.io.File.pathSeparator + System.getProperty("java.class.path"), c)
                    .directory(work.getParent().toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), c + " did not finish");
            assertEquals(0, p.exitValue(), c + " failed:\n" + output);
            assertFalse(output.contains("Exception"), output);
        }
    }
}
