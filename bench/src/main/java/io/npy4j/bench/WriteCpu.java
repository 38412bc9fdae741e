package io.npy4j.bench;

import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.npz.NpzArchive;
import io.npy4j.npz.NpzEntry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds (user + system, all threads of the process) and wall time per {@code Npy.savezCompressed} /
 * {@code Npy.savez} of the 16 x 8 MiB members of {@code w16_stored.npz}: a load-independent view of the writes,
 * comparable with the {@code cpu} column of {@code numpy_npz_virtual.py} (NumPy compresses in its one thread).
 *
 * <pre>java -Dnpy4j.bench.dir=DIR -cp bench/target/benchmarks.jar io.npy4j.bench.WriteCpu [reps]</pre>
 */
public final class WriteCpu {
    private WriteCpu() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (NpzArchive z = Npy.openNpz(NpzBench.file("w16_stored.npz"))) {
            for (NpzEntry e : z.entries()) {
                arrays.put(e.name(), z.read(e.name()));
            }
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Path out = NpzBench.dir().resolve("out_java_cpu.npz");
        for (boolean compressed : new boolean[] {true, false}) {
            for (int i = 0; i < reps + 1; i++) {
                Files.deleteIfExists(out);
                new ProcessBuilder("sync").inheritIO().start().waitFor();
                long c0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                if (compressed) {
                    Npy.savezCompressed(out, arrays);
                } else {
                    Npy.savez(out, arrays);
                }
                long t1 = System.nanoTime();
                long c1 = os.getProcessCpuTime();
                System.out.printf("%s %s wall %.1f ms cpu %.1f ms  loadavg %s%n", compressed ? "savezCompressed"
                        : "savez", i == 0 ? "(warm-up)" : "", (t1 - t0) / 1e6, (c1 - c0) / 1e6,
                        Files.readString(Path.of("/proc/loadavg")).trim());
            }
        }
        Files.deleteIfExists(out);
    }
}
