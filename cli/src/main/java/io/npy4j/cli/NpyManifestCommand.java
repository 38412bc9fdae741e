package io.npy4j.cli;

import io.npy4j.NpyArray;
import io.npy4j.Order;
import io.npy4j.dtype.ScalarType;
import io.npy4j.virtual.Block;
import io.npy4j.virtual.BlockSource;
import io.npy4j.virtual.Manifest;
import io.npy4j.virtual.VirtualArrays;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code npymanifest OUT.json (--concat AXIS GLOB | --stack GLOB | --tsv FILE ...)}: writes a virtual array. */
@Command(name = "npymanifest", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Write a virtual-array manifest (JSON, SPEC.md §14): many .npy files, npz members or raw byte"
            + " ranges as one lazy array that npyinfo and npyslice (and Java) read like a file.",
            "",
            "  npymanifest all.json --concat 0 'parts/part-*.npy'",
            "  npymanifest planes.json --tsv planes.tsv --dtype '>u2' --shape 40,2048,2048",
            "",
            "A TSV line is PATH<TAB>OFFSET<TAB>ORIGIN<TAB>SHAPE[<TAB>DTYPE[<TAB>ORDER]] (ORIGIN and SHAPE comma-"
            + "separated): a raw block of SHAPE elements of DTYPE (default --dtype) at byte OFFSET; OFFSET '-' makes"
            + " PATH an .npy file."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the manifest was written", "1:an input failed (reported on stderr)",
            "2:invalid command line", "3:internal error"})
public final class NpyManifestCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OUT", description = "the manifest to write")
    Path out;

    @Option(names = "--concat", paramLabel = "AXIS", description = "join the files of GLOB along AXIS")
    Integer concat;

    @Option(names = "--stack", description = "stack the files of GLOB along a new first axis")
    boolean stack;

    @Parameters(index = "1", arity = "0..1", paramLabel = "GLOB", description = "quoted glob for --concat/--stack")
    String glob;

    @Option(names = "--tsv", paramLabel = "FILE", description = "blocks from a TSV file")
    Path tsv;

    @Option(names = "--dtype", paramLabel = "DTYPE", description = "dtype of the virtual array and its raw blocks"
            + " (with --tsv), e.g. '<f8'")
    String dtype;

    @Option(names = "--shape", paramLabel = "N,M,...", description = "shape of the virtual array (with --tsv)")
    String shape;

    @Option(names = "--fill", paramLabel = "VALUE", description = "the value holes read as (default 0)")
    Double fill;

    @Option(names = "--holes-error", description = "reading a hole is an error instead")
    boolean holesError;

    @Option(names = "--kerchunk", paramLabel = "REFS.json", description = "also write kerchunk v0 references (a"
            + " regular grid of whole .npy files or raw ranges) for zarr/xarray/fsspec")
    Path kerchunk;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            VirtualArrays.Builder b;
            if (concat != null || stack) {
                if (glob == null) {
                    throw new IllegalArgumentException("--concat and --stack need a GLOB");
                }
                List<Path> files = VirtualArrays.expand(glob);
                b = concat != null ? VirtualArrays.concatBuilder(concat, files) : VirtualArrays.stackBuilder(files);
            } else if (tsv != null) {
                if (dtype == null || shape == null) {
                    throw new IllegalArgumentException("--tsv needs --dtype and --shape");
                }
                b = VirtualArrays.builder(ScalarType.parse(dtype), longs(shape));
                int line = 0;
                for (String l : Files.readAllLines(tsv)) {
                    line++;
                    if (l.isBlank() || l.startsWith("#")) {
                        continue;
                    }
                    String[] c = l.split("\t");
                    if (c.length < 4) {
                        throw new IllegalArgumentException(tsv + ":" + line + ": expected PATH, OFFSET, ORIGIN, SHAPE");
                    }
                    Path p = tsv.toAbsolutePath().getParent().resolve(c[0]);
                    long[] origin = longs(c[2]);
                    long[] s = longs(c[3]);
                    BlockSource src = c[1].equals("-") ? BlockSource.npy(p) : BlockSource.raw(p, Long.parseLong(c[1]),
                            ScalarType.parse(c.length > 4 ? c[4] : dtype), c.length > 5 ? Order.valueOf(c[5])
                            : Order.C, s);
                    b.add(new Block(origin, s, src));
                }
            } else {
                throw new IllegalArgumentException("say what to join: --concat AXIS GLOB, --stack GLOB or --tsv FILE");
            }
            if (holesError) {
                b.holesAreErrors();
            } else if (fill != null) {
                b.fill(fill);
            }
            try (NpyArray check = b.build()) { // overlaps and bounds are refused before anything is written
                Manifest m = b.manifest();
                m.write(out);
                if (kerchunk != null) {
                    m.writeKerchunk(kerchunk);
                }
                spec.commandLine().getOut().println(out + ": " + check.dtype().descr() + " " + check.shape() + ", "
                        + m.blocks().size() + " blocks");
            }
            return 0;
        } catch (Exception | Error e) {
            Problems.report(err, "npymanifest", Problems.describe(out, e));
            return Problems.FAILED;
        }
    }

    private static long[] longs(String text) {
        String t = text.strip();
        if (t.startsWith("(") || t.startsWith("[")) {
            t = t.substring(1, t.length() - 1);
        }
        return t.isBlank() ? new long[0] : Arrays.stream(t.split(",")).map(String::strip).filter(x -> !x.isEmpty())
                .mapToLong(Long::parseLong).toArray();
    }

    public static void main(String[] args) {
        System.exit(Cli.run(new NpyManifestCommand(), args));
    }

}
