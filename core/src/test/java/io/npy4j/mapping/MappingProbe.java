package io.npy4j.mapping;

import io.npy4j.MapMode;
import io.npy4j.NpyArray;
import io.npy4j.Npy;
import io.npy4j.NpyHeader;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import io.npy4j.select.Selection;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A small main for {@link NewJdkIT}, run in a fresh JVM: creates, writes, closes (unmaps), maps again and reads
 * {@code ARG/probe.npy}, then prints {@link WindowFactory#implementation()} on stdout. Anything on stderr is a
 * failure there (such as the JDK 24+ {@code sun.misc.Unsafe} warnings).
 */
public final class MappingProbe {
    private MappingProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]).resolve("probe.npy");
        double[] values = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        try (NpyArray a = Npy.create(file, NpyHeader.of(ScalarType.FLOAT64, Shape.of(10), false))) {
            a.write(0, values, 0, values.length);
            a.force();
        }
        double[] middle = new double[3];
        try (NpyArray a = Npy.map(file, Selection.parse("[2:5]"), MapMode.READ_ONLY)) {
            a.read(0, middle, 0, middle.length);
        }
        if (!Arrays.equals(middle, new double[] {2, 3, 4})) {
            throw new AssertionError("read back " + Arrays.toString(middle));
        }
        System.out.println(WindowFactory.implementation());
    }
}
