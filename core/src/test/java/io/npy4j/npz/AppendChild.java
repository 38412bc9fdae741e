package io.npy4j.npz;

import io.npy4j.Npy;
import java.nio.file.Path;

/**
 * The process {@link NpzAppendCrashTest} kills: appends a stored member of {@code args[1]} MiB and a deflated one
 * to the archive {@code args[0]}, printing {@code ready} before, {@code big} after the first and {@code done} after the second.
 */
public final class AppendChild {
    private AppendChild() {
    }

    public static void main(String[] args) throws Exception {
        Path f = Path.of(args[0]);
        int mib = Integer.parseInt(args[1]);
        double[] big = new double[mib << 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = i;
        }
        double[] small = new double[1 << 16];
        java.util.Arrays.fill(small, 0.25);
        System.out.println("ready");
        System.out.flush();
        try (NpzWriter w = NpzWriter.append(f, false)) {
            w.add("big", Npy.array(big));
        }
        System.out.println("big");
        System.out.flush();
        try (NpzWriter w = NpzWriter.append(f, true)) {
            w.add("small", Npy.array(small));
        }
        System.out.println("done");
        System.out.flush();
    }
}
