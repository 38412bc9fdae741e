package io.npy4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The packaged jar is the named module io.npy4j and exports only the API packages. */
class ModuleDescriptorIT {
    @Test
    void jarExportsOnlyTheApiPackages() throws Exception {
        Path jar;
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            jar = s.filter(p -> p.getFileName().toString().matches("npy4j-core-.*\\.jar")
                    && !p.getFileName().toString().contains("sources")).findFirst().orElseThrow();
        }
        ModuleReference ref = ModuleFinder.of(jar).find("io.npy4j").orElseThrow(() ->
                new AssertionError(jar + " is not the module io.npy4j"));
        ModuleDescriptor d = ref.descriptor();
        Set<String> exported = d.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("io.npy4j", "io.npy4j.dtype", "io.npy4j.literal", "io.npy4j.npz",
                "io.npy4j.select", "io.npy4j.virtual", "io.npy4j.write")),
                exported);
        assertTrue(d.packages().containsAll(Set.of("io.npy4j.array", "io.npy4j.format", "io.npy4j.mapping")),
                d.packages().toString());
    }
}
