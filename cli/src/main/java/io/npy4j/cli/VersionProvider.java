package io.npy4j.cli;

import io.npy4j.mapping.WindowFactory;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * {@code --version}: the build's version, from a resource Maven filters, the JVM, and the mapping implementation
 * ({@code segment} on Java 22+ with the multi-release overlay, else {@code buffer}).
 */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws Exception {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return new String[] {"${COMMAND-NAME} (npy4j) " + p.getProperty("version", "unknown"),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + "), mapping "
                + WindowFactory.implementation()};
    }
}
