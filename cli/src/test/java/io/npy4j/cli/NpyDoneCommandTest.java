package io.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.NpyHeader;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import io.npy4j.write.CompletionLog;
import io.npy4j.write.Partition;
import io.npy4j.write.PreallocatedFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code npydone}: the windows a completion log still misses, as text and JSON, with its exit status. */
class NpyDoneCommandTest {
    @TempDir
    Path dir;

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Cli.run(new NpyDoneCommand(), new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {Integer.toString(rc), out.toString(), err.toString()};
    }

    @Test
    void listsMissingWindowsAndExitsFourUntilAllAreDone() throws Exception {
        Path f = dir.resolve("result.npy");
        NpyHeader h = NpyHeader.of(ScalarType.FLOAT64, Shape.of(2048, 2), false);
        PreallocatedFile.createIfAbsent(f, h);
        Partition p = Partition.aligned(h, 4, 0);
        try (CompletionLog log = CompletionLog.createIfAbsent(f, p)) {
            log.markDone(0);
            log.markDone(2);
            String[] r = run(f.toString());
            assertEquals("4", r[0], r[2]);
            assertEquals(f + ": 2 of 4 windows done, 2 missing:\n  window 1  rows [" + p.window(1).first() + ", "
                    + p.window(1).end() + ")\n  window 3  rows [" + p.window(3).first() + ", 2048)\n", r[1]);
            String[] j = run("--json", CompletionLog.sidecarOf(f).toString());
            assertEquals("4", j[0]);
            assertTrue(j[1].startsWith("{\"path\":\"" + f + "\",\"log\":\"" + f + ".done\",\"windows\":4,\"done\":2,"
                    + "\"missing\":[{\"window\":1,"), j[1]);
            log.markDone(1);
            log.markDone(3);
            String[] done = run(f.toString());
            assertEquals("0", done[0]);
            assertEquals(f + ": 4 of 4 windows done\n", done[1]);
        }
        String[] none = run(dir.resolve("nope.npy").toString());
        assertEquals("1", none[0]);
        assertEquals("npydone: " + dir.resolve("nope.npy.done") + ": no such file\n", none[2]);
    }
}
