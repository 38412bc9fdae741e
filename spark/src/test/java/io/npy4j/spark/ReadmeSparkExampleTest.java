package io.npy4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's Spark example ({@code ```java spark} blocks, which core's ReadmeExamplesTest leaves alone since core has no
 * Spark) compiles against Spark and this module, given a {@code SparkSession spark}.
 */
class ReadmeSparkExampleTest {
    private static final Pattern BLOCK = Pattern.compile("```java spark\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void sparkExamplesCompile() throws Exception {
        Path root = Path.of(System.getProperty("npy4j.fixtures.dir")).getParent().getParent();
        Matcher m = BLOCK.matcher(Files.readString(root.resolve("README.md")));
        List<String> files = new ArrayList<>();
        while (m.find()) {
            String name = "ReadmeSpark" + files.size();
            Path f = dir.resolve(name + ".java");
            Files.writeString(f, "import org.apache.spark.sql.*;\npublic class " + name + " {\n  static void run("
                    + "SparkSession spark) throws Exception {\n" + m.group(1) + "  }\n}\n");
            files.add(f.toString());
        }
        assertTrue(files.size() >= 1, "README should show a Spark example in a ```java spark block");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("-proc:none", "-cp", System.getProperty("java.class.path"), "-d",
                dir.toString()));
        args.addAll(files);
        int rc = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertEquals(0, rc, "README's Spark example does not compile:\n" + diagnostics.toString(StandardCharsets.UTF_8));
    }
}
