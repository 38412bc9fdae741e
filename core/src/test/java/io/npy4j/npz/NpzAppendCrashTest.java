package io.npy4j.npz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.Npy;
import io.npy4j.fixtures.EnabledIfNumPy;
import io.npy4j.fixtures.NumPy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends killed with SIGKILL at random points ({@link AppendChild}: a 64 MiB stored member, then a deflated one, in
 * a separate JVM), then the archive read by Python's zipfile (one python process for all trials) and by npy4j:
 * each must see a whole archive of before or after some append, never a broken one (npy4j after the repair the
 * next append makes). The outcome counts are printed: the measure of what survives.
 */
@EnabledIfNumPy
class NpzAppendCrashTest {
    private static final int TRIALS = 12;

    @TempDir
    Path dir;

    @Test
    void anAppendKilledAnywhereLeavesAWholeArchive() throws Exception {
        Path base = dir.resolve("base.npz");
        Npy.savez(base, Map.of("a", Npy.array(new long[] {1, 2, 3})));
        Path calibrate = dir.resolve("calibrate.npz");
        Files.copy(base, calibrate);
        long[] phases = run(calibrate, -1, false); // ms from ready to the first commit and to the end
        long whole = phases[1];
        assertEquals(List.of("a", "big", "small"), names(calibrate));
        Random r = new Random(13);
        List<Path> trials = new ArrayList<>();
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < TRIALS; i++) {
            Path f = dir.resolve("trial" + i + ".npz");
            Files.copy(base, f);
            // half the kills during the first append (timed from ready), half during the second (from its start)
            boolean second = i % 2 == 1;
            long delay = (long) (r.nextDouble() * (second ? phases[1] - phases[0] : phases[0]) * 1.1);
            run(f, delay, second);
            trials.add(f);
            delays.add(delay);
        }
        // NumPy first, on the files as the kills left them
        String py = NumPy.run("import numpy as np, sys\n"
                + "for p in sys.argv[1:]:\n"
                + "    try:\n"
                + "        d = np.load(p); fs = d.files; ok = d['a'].sum() == 6\n"
                + "        if 'big' in fs: ok = ok and d['big'][-1] == len(d['big']) - 1\n"
                + "        if 'small' in fs: ok = ok and d['small'].sum() == 0.25 * 65536\n"
                + "        print('+'.join(fs) if ok else 'wrong-values')\n"
                + "    except Exception as e:\n"
                + "        print('unreadable')\n",
                trials.stream().map(Path::toString).toArray(String[]::new)).trim();
        List<String> numpy = List.of(py.split("\n"));
        Map<String, Integer> seenByNumPy = new TreeMap<>();
        Map<String, Integer> seenByNpy4j = new TreeMap<>();
        int repaired = 0;
        for (int i = 0; i < TRIALS; i++) {
            Path f = trials.get(i);
            seenByNumPy.merge(numpy.get(i), 1, Integer::sum);
            boolean opens;
            try (NpzArchive z = Npy.openNpz(f)) {
                opens = true;
            } catch (io.npy4j.NpyFormatException e) {
                opens = false;
            }
            if (!opens) {
                InPlaceAppend.repairIfTorn(f, f.toRealPath());
                repaired++;
            }
            String ours = String.join("+", names(f));
            seenByNpy4j.merge(ours, 1, Integer::sum);
            assertTrue(List.of("a", "a+big", "a+big+small").contains(ours), "trial " + i + " (kill after "
                    + delays.get(i) + " ms into append " + (i % 2 + 1) + "): npy4j sees " + ours);
            assertTrue(numpy.get(i).equals("unreadable") || numpy.get(i).equals(ours), "trial " + i + ": NumPy sees "
                    + numpy.get(i) + ", npy4j " + ours);
            try (NpzArchive z = Npy.openNpz(f)) { // and the content is whole
                assertEquals(6, z.read("a").getLong(2) * 2);
                if (ours.contains("big")) {
                    assertEquals(z.read("big").shape().dim(0) - 1, (long) z.read("big").getDouble(-1));
                }
            }
        }
        System.out.println("NpzAppendCrashTest: " + TRIALS + " kills over " + whole + " ms of appends; NumPy saw "
                + seenByNumPy + ", npy4j " + seenByNpy4j + " (" + repaired + " repaired first)");
        assertEquals(0, (int) seenByNumPy.getOrDefault("wrong-values", 0));
    }

    private static List<String> names(Path f) throws Exception {
        try (NpzArchive z = Npy.openNpz(f)) {
            return z.entries().stream().map(NpzEntry::name).collect(Collectors.toList());
        }
    }

    /**
     * Runs the child on {@code f}; kills it {@code killAfter} ms after it is ready, or if negative lets it finish and
     * returns the ms from ready to its first commit and to its end.
     */
    private static long[] run(Path f, long killAfter, boolean afterFirst) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                AppendChild.class.getName(), f.toString(), "64").redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        long ready = System.nanoTime();
        if (!"ready".equals(line)) {
            p.destroyForcibly();
            throw new AssertionError("child said " + line);
        }
        if (killAfter >= 0) {
            if (afterFirst && !"big".equals(out.readLine())) {
                throw new AssertionError("the child's first append did not finish");
            }
            Thread.sleep(killAfter);
            p.destroyForcibly(); // SIGKILL
            p.waitFor(30, TimeUnit.SECONDS);
            return null;
        }
        assertEquals("big", out.readLine());
        long big = (System.nanoTime() - ready) / 1_000_000;
        assertEquals("done", out.readLine());
        long done = (System.nanoTime() - ready) / 1_000_000;
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new long[] {big, done};
    }
}
