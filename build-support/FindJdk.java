import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build helper (run by the build as a single-file program on the JDK that runs Maven, Java 17+): finds a JDK whose
 * feature version is at least MIN, so that core's Java 22+ overlay ({@code src/main/java22}) can be compiled even
 * when Maven runs on JDK 17. Only that one compiler execution uses the JDK found; everything else (the base
 * {@code --release 17} compile, the tests) keeps using the JVM Maven runs on.
 *
 * <pre>java FindJdk.java MIN OUT.properties EXPLICIT_HOME REQUIRED ROLE</pre>
 *
 * <p>Looks, in this order, at: EXPLICIT_HOME ({@code -Dnpy4j.jdk22.home}; an error if it is not a JDK MIN+), the JDK
 * running Maven, {@code JAVA_HOME} and the other {@code JAVA*_HOME}/{@code JDK*_HOME} environment variables,
 * {@code ~/.m2/toolchains.xml}, then the usual install directories (Linux packages, SDKMAN!, IntelliJ, Gradle,
 * asdf, macOS, Windows). Within the first of those that has one, the newest JDK wins. A JDK is a directory with
 * {@code bin/javac} and a {@code release} file saying {@code JAVA_VERSION}.
 *
 * <p>Writes {@code npy4j.jdk22.found} (the JDK's home, or empty), {@code npy4j.jdk22.javac} (its javac),
 * {@code npy4j.jdk22.fork} (false when it is the JDK running Maven) and {@code npy4j.jdk22.skip} (true when none was
 * found). None found: {@code npy4j.jdk22.warning}, which the build echoes, or {@code npy4j.jdk22.error}, which fails
 * the build, if REQUIRED is {@code true} (or EXPLICIT_HOME is no JDK MIN+). ROLE {@code overlay} (core) words
 * the warning for the overlay; any other ROLE names what else is skipped (a module's tests on a JDK 22+) and only
 * notes it.
 */
public class FindJdk {
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    public static void main(String[] args) throws IOException {
        int min = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        String explicit = args.length > 2 ? unset(args[2]) : "";
        String role = args.length > 4 && !unset(args[4]).isEmpty() ? unset(args[4]) : "overlay";
        boolean required = "overlay".equals(role) && args.length > 3 && Boolean.parseBoolean(unset(args[3]));

        Path running = Path.of(System.getProperty("java.home"));
        Jdk found = null;
        String where = null;
        if (!explicit.isEmpty()) {
            Jdk named = Jdk.at(Path.of(explicit));
            if (named == null || named.feature < min) {
                write(out, failure("-Dnpy4j.jdk22.home=" + explicit + " is not a JDK " + min + " or newer"
                        + (named == null ? " (no bin/javac and release file there)" : " (it is JDK " + named.feature
                        + ")")));
                return;
            }
            found = named;
            where = "-Dnpy4j.jdk22.home";
        }
        Map<String, List<Path>> groups = new LinkedHashMap<>();
        groups.put("the JDK running Maven", List.of(running));
        groups.put("environment variables", fromEnvironment());
        groups.put("~/.m2/toolchains.xml", fromToolchains());
        groups.put("install directories", fromInstallDirs());
        for (Map.Entry<String, List<Path>> g : groups.entrySet()) {
            if (found != null) {
                break;
            }
            found = g.getValue().stream().map(Jdk::at).filter(j -> j != null && j.feature >= min)
                    .max(Comparator.comparingInt((Jdk j) -> j.feature).thenComparing(j -> j.home.toString()))
                    .orElse(null);
            where = g.getKey();
        }

        Properties p = new Properties();
        if (found != null) {
            boolean fork = !sameFile(found.home, running);
            p.setProperty("npy4j.jdk22.found", found.home.toString());
            p.setProperty("npy4j.jdk22.javac", found.javac().toString());
            p.setProperty("npy4j.jdk22.fork", Boolean.toString(fork));
            p.setProperty("npy4j.jdk22.skip", "false");
            System.out.println("JDK " + min + "+ for " + purpose(role) + ": JDK " + found.feature + " at " + found.home
                    + " (from " + where + (fork ? "" : "; in-process") + ")");
        } else {
            p.setProperty("npy4j.jdk22.found", "");
            p.setProperty("npy4j.jdk22.javac", "javac");
            p.setProperty("npy4j.jdk22.fork", "false");
            p.setProperty("npy4j.jdk22.skip", "true");
            if ("overlay".equals(role)) {
                String warning = "No JDK " + min + " or newer found, so the Java " + min + "+ overlay"
                        + " (META-INF/versions/" + min + ", MemorySegment mapping) is NOT in this npy4j-core jar."
                        + " Without it, Java 22+ maps through MappedByteBuffer chunks of at most 1 GiB, and Java 24+"
                        + " leaves unmapping to the garbage collector (no sun.misc.Unsafe). Install a JDK " + min
                        + "+ (any vendor) where the build looks (JAVA_HOME, JAVA" + min + "_HOME, ~/.m2/toolchains.xml,"
                        + " /usr/lib/jvm, SDKMAN!, ...) or pass -Dnpy4j.jdk22.home=/path/to/jdk; Maven itself may stay"
                        + " on JDK 17." + (required ? "" : " -Dnpy4j.jdk22.required=true makes this an error.");
                // the build echoes the warning as a Maven [WARNING], or fails with the error
                p.setProperty(required ? "npy4j.jdk22.error" : "npy4j.jdk22.warning", warning);
            } else {
                System.out.println("No JDK " + min + "+ found: " + purpose(role) + " will be skipped"
                        + " (-Dnpy4j.jdk22.home=/path/to/jdk names one).");
            }
        }
        write(out, p);
    }

    private static Properties failure(String message) {
        Properties p = new Properties();
        p.setProperty("npy4j.jdk22.error", message);
        p.setProperty("npy4j.jdk22.skip", "true");
        return p;
    }

    private static void write(Path out, Properties p) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream o = Files.newOutputStream(out)) {
            p.store(o, "written by build-support/FindJdk.java");
        }
    }

    private static String purpose(String role) {
        return "overlay".equals(role) ? "the Java 22+ overlay" : role;
    }

    /** A Maven property that was not set arrives as its own {@code ${...}} expression. */
    private static String unset(String value) {
        return value == null || value.startsWith("${") ? "" : value.trim();
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> fromEnvironment() {
        List<Path> homes = new ArrayList<>();
        Pattern name = Pattern.compile("(JAVA|JDK)[_0-9A-Z]*_HOME[_0-9A-Z]*|JAVA_HOME");
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            if (name.matcher(e.getKey().toUpperCase()).matches() && !e.getValue().isBlank()) {
                homes.add(Path.of(e.getValue().trim()));
            }
        }
        return homes;
    }

    private static List<Path> fromToolchains() {
        List<Path> homes = new ArrayList<>();
        Path xml = Path.of(System.getProperty("user.home"), ".m2", "toolchains.xml");
        try {
            Matcher m = Pattern.compile("<jdkHome>\\s*([^<$]+?)\\s*</jdkHome>").matcher(Files.readString(xml));
            while (m.find()) {
                homes.add(Path.of(m.group(1)));
            }
        } catch (IOException | RuntimeException e) {
            // no toolchains.xml (or unreadable): nothing from here
        }
        return homes;
    }

    private static List<Path> fromInstallDirs() {
        String home = System.getProperty("user.home");
        List<Path> parents = new ArrayList<>();
        for (String d : new String[] {"/usr/lib/jvm", "/usr/lib64/jvm", "/usr/java", "/usr/local/java", "/opt/java",
            "/opt/jdk", "/opt", "/Library/Java/JavaVirtualMachines"}) {
            parents.add(Path.of(d));
        }
        for (String d : new String[] {".sdkman/candidates/java", ".jdks", ".m2/jdks", ".gradle/jdks",
            ".asdf/installs/java", "Library/Java/JavaVirtualMachines"}) {
            parents.add(Path.of(home, d));
        }
        if (WINDOWS) {
            for (String env : new String[] {"ProgramFiles", "ProgramW6432", "LOCALAPPDATA"}) {
                String base = System.getenv(env);
                if (base != null) {
                    for (String vendor : new String[] {"Java", "Eclipse Adoptium", "Microsoft", "Zulu", "BellSoft",
                        "Amazon Corretto", "Programs\\Eclipse Adoptium"}) {
                        parents.add(Path.of(base, vendor));
                    }
                }
            }
        }
        List<Path> homes = new ArrayList<>();
        for (Path parent : parents) {
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (DirectoryStream<Path> children = Files.newDirectoryStream(parent)) {
                for (Path c : children) {
                    homes.add(c);
                    homes.add(c.resolve("Contents").resolve("Home")); // macOS bundles
                }
            } catch (IOException e) {
                // unreadable directory: skip it
            }
        }
        return homes;
    }

    /** A JDK home and its feature version. */
    private static final class Jdk {
        final Path home;
        final int feature;

        private Jdk(Path home, int feature) {
            this.home = home;
            this.feature = feature;
        }

        Path javac() {
            return home.resolve("bin").resolve(WINDOWS ? "javac.exe" : "javac");
        }

        /** The JDK at {@code dir}, or null if it is none (a JRE, or no release file). */
        static Jdk at(Path dir) {
            try {
                Path home = dir.toRealPath();
                Path release = home.resolve("release");
                if (!Files.isRegularFile(release) || !Files.isExecutable(new Jdk(home, 0).javac())) {
                    return null;
                }
                Properties r = new Properties();
                try (InputStream in = Files.newInputStream(release)) {
                    r.load(in);
                }
                Matcher m = Pattern.compile("\"?(1\\.)?(\\d+).*").matcher(r.getProperty("JAVA_VERSION", ""));
                return m.matches() ? new Jdk(home, Integer.parseInt(m.group(2))) : null;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }
}
