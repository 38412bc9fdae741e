#!/usr/bin/env python3
"""Join numpy_npz_virtual.py JSON(s) and NpzBench / VirtualBench JMH JSON(s) into Markdown tables vs the targets.

    python3 bench/compare_npz_virtual.py --numpy n1.json [--numpy n2.json ...] --jmh j1.json [--jmh j2.json ...]
                                         [--machine machine.txt]

Samples of all files of a side are pooled (run_npz_virtual.sh runs the sides alternately, N J N J ...); the
"per round" columns show each file's own median so drift between rounds is visible.  A NumPy sample is one op; a
JMH sample is one op (SingleShotTime: the writes) or the mean of a 1-s iteration (AverageTime: everything else).

npz rows:     ratio = NumPy time / npy4j time (> 1: npy4j faster).
virtual rows: ratio = npy4j time (4 files) / npy4j time (1 file) (target <= 1.1), and
              per-read time at 100,000 (1,000) blocks / at 10 blocks (O(1) per read: ~1; O(blocks) would be ~10^4).
"""
import argparse
import json
import statistics
import sys

UNIT = {"ns/op": 1e-9, "us/op": 1e-6, "ms/op": 1e-3, "s/op": 1.0}

# (label, npy4j benchmark, other: ("numpy", id) or ("jmh", benchmark), target text, test)
NPZ_ROWS = [
    ("deflated write 16 x 8 MiB, level 6: Npy.savezCompressed [atomic, fsync] vs np.savez_compressed [no fsync]",
     "writeDeflated", ("numpy", "savez_compressed.w16"), ">= 1.8", lambda r: r >= 1.8),
    ("  the same vs np.savez_compressed to temp + fsync + os.replace (same work)",
     "writeDeflated", ("numpy", "savez_compressed_atomic.w16"), ">= 1.8 (same work)", lambda r: r >= 1.8),
    ("stored write 16 x 8 MiB: Npy.savez [atomic, fsync] vs np.savez [no fsync]",
     "writeStored", ("numpy", "savez.w16"), ">= 1.2", lambda r: r >= 1.2),
    ("  the same vs np.savez to temp + fsync + os.replace (same work)",
     "writeStored", ("numpy", "savez_atomic.w16"), ">= 1.2 (same work)", lambda r: r >= 1.2),
    ("stored write, NpzWriter.withoutForce() [atomic, no fsync] vs np.savez [no fsync] (same work)",
     "writeStoredUnforced", ("numpy", "savez.w16"), ">= 1.2", lambda r: r >= 1.2),
    ("deflated write, NpzWriter.withoutForce() [atomic, no fsync] vs np.savez_compressed [no fsync]",
     "writeDeflatedUnforced", ("numpy", "savez_compressed.w16"), ">= 1.8", lambda r: r >= 1.8),
    ("full read of a stored 8 MiB member (open + read + close) vs np.load(p)[k]",
     "readMemberStored", ("numpy", "load_member.w16_stored"), ">= 1.2", lambda r: r >= 1.2),
    ("  the same, deflated member", "readMemberDeflated", ("numpy", "load_member.w16_deflated"), "(info)", None),
    ("4096-row window (2 MiB) of a 256 MiB stored member vs np.load(p)[k][a:b]",
     "windowStored", ("numpy", "window.big_stored"), ">= 10", lambda r: r >= 10),
    ("headers of a 1,000-member archive (open + every header) vs np.load(p).files + read_magic/_read_array_header",
     "headers", ("numpy", "headers.h1000"), ">= 10", lambda r: r >= 10),
]

VIRTUAL_ROWS = [
    ("32 MiB window over 4 files: concat(4 files) / Npy.map(1 file), open + read + close per op",
     "concat4OpenReadClose", "oneFileOpenReadClose", "<= 1.1", lambda r: r <= 1.1),
    ("  the same from arrays opened once (read only)", "concat4Read", "oneFileRead", "<= 1.1", lambda r: r <= 1.1),
    ("  concat of the 1 file / Npy.map(1 file), open + read + close", "concat1OpenReadClose",
     "oneFileOpenReadClose", "(info)", None),
]

BLOCK_BENCHES = [
    ("oneBlockRead", "read of one whole block (64 doubles), 16 open blocks in turn"),
    ("oneBlockSelectRead", "the same through select(hyperslab) + read"),
    ("oneBlockReadCold", "a new block each read (> 256 blocks: open + map + evict per read)"),
]
BLOCK_COUNTS = ["10", "1000", "100000"]


def fmt(s):
    if s is None:
        return "-"
    if s < 1e-3:
        return f"{s * 1e6:.2f} µs"
    if s < 10:
        return f"{s * 1e3:.2f} ms" if s < 0.1 else f"{s * 1e3:.0f} ms"
    return f"{s:.1f} s"


def load_jmh(paths):
    runs, meta = [], {}
    for p in paths:
        with open(p) as f:
            data = json.load(f)
        d = {}
        for b in data:
            key = b["benchmark"].rsplit(".", 1)[-1]
            if b.get("params"):
                key += "[" + ",".join(f"{k}={v}" for k, v in sorted(b["params"].items())) + "]"
            pm = b["primaryMetric"]
            d[key] = [x * UNIT[pm["scoreUnit"]] for fork in pm["rawData"] for x in fork]
            meta = dict(jdk=b.get("jdkVersion"), vm=b.get("vmName"), jvm_args=" ".join(b.get("jvmArgs", [])))
        runs.append(d)
    return runs, meta


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--numpy", action="append", default=[])
    ap.add_argument("--jmh", action="append", required=True)
    ap.add_argument("--machine")
    a = ap.parse_args()
    ndocs = [json.load(open(p)) for p in a.numpy]
    nruns = [{r["id"]: r["samples_s"] for r in d["results"]} for d in ndocs]
    jruns, meta = load_jmh(a.jmh)
    if ndocs:
        m = ndocs[0]["machine"]
        print(f"NumPy {m['numpy']} / Python {m['python']} (zlib {m.get('zlib')}) vs npy4j on {meta.get('vm')} "
              f"{meta.get('jdk')} (JMH fork args `{meta.get('jvm_args')}`); {m['nproc']} CPUs; page cache warm")
        for i, d in enumerate(ndocs):
            print(f"NumPy round {i + 1}: {d['started_utc']}, loadavg {d['machine']['loadavg_at_start']} -> "
                  f"{d['machine']['loadavg_at_end']}")
    if a.machine:
        print()
        print("Load average at each step (machine.txt):")
        print()
        for line in open(a.machine):
            if "loadavg" in line:
                print(f"    {line.rstrip()}")
    print()

    def side(kind, name):
        src = nruns if kind == "numpy" else jruns
        per = [statistics.median(r[name]) for r in src if name in r]
        pool = [x for r in src if name in r for x in r[name]]
        return pool, per

    print("### npz (issue 13): ratio = NumPy time / npy4j time, > 1 means npy4j is faster")
    print()
    print("| comparison | npy4j median | npy4j per round | NumPy median | NumPy per round | ratio (median) "
          "| ratio (min) | target | met? |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, jname, (kind, oname), target, test in NPZ_ROWS:
        jp, jper = side("jmh", jname)
        op, oper = side(kind, oname)
        if not jp or not op:
            continue
        jm, om = statistics.median(jp), statistics.median(op)
        ratio, rmin = om / jm, min(op) / min(jp)
        met = "-" if test is None else ("yes" if test(ratio) else "**no**")
        print(f"| {label} | {fmt(jm)} | {' / '.join(fmt(x) for x in jper)} | {fmt(om)} "
              f"| {' / '.join(fmt(x) for x in oper)} | **{ratio:.2f}** | {rmin:.2f} | {target} | {met} |")
    print()
    print("### virtual arrays (issue 14), npy4j only: ratio = time / time of the reference")
    print()
    print("| comparison | time median | per round | reference median | per round | ratio (median) | ratio (min) "
          "| target | met? |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, jname, oname, target, test in VIRTUAL_ROWS:
        jp, jper = side("jmh", jname)
        op, oper = side("jmh", oname)
        if not jp or not op:
            continue
        jm, om = statistics.median(jp), statistics.median(op)
        ratio, rmin = jm / om, min(jp) / min(op)
        met = "-" if test is None else ("yes" if test(ratio) else "**no**")
        print(f"| {label} | {fmt(jm)} | {' / '.join(fmt(x) for x in jper)} | {fmt(om)} "
              f"| {' / '.join(fmt(x) for x in oper)} | **{ratio:.2f}** | {rmin:.2f} | {target} | {met} |")
    print()
    print("Per-read cost vs the number of blocks (1-D array of raw blocks of 64 `<f8` in one file; medians, "
          "per-round medians in brackets). Target: O(1 block) per read, i.e. t(100,000) / t(10) near 1 "
          "(O(blocks) would be 10,000x):")
    print()
    print("| read | " + " | ".join(f"{int(b):,} blocks" for b in BLOCK_COUNTS) + " | t(1,000)/t(10) "
          "| t(100,000)/t(10) | t(100,000)/t(1,000) | O(1)? |")
    print("|---|" + "---|" * (len(BLOCK_COUNTS) + 4))
    for name, desc in BLOCK_BENCHES:
        cells, med = [], {}
        for b in BLOCK_COUNTS:
            jp, jper = side("jmh", f"{name}[blocks={b}]")
            if jp:
                med[b] = statistics.median(jp)
                cells.append(f"{fmt(med[b])} [{' / '.join(fmt(x) for x in jper)}]")
            else:
                cells.append("-")
        if not med:
            continue
        r1 = med["1000"] / med["10"] if "1000" in med and "10" in med else None
        r2 = med["100000"] / med["10"] if "100000" in med and "10" in med else None
        r3 = med["100000"] / med["1000"] if "100000" in med and "1000" in med else None
        # the cold read opens a block per read once there are more blocks than stay open (256): compare 1,000
        # with 100,000 there; with 10 blocks it never opens one
        key = r3 if name.endswith("Cold") else r2
        ok = "-" if key is None else ("yes" if key <= 3 else "**no**")
        f2 = lambda r, bold: "-" if r is None else (f"**{r:.2f}**" if bold else f"{r:.2f}")
        print(f"| `{name}`: {desc} | " + " | ".join(cells) + f" | {f2(r1, False)} | "
              f"{f2(r2, not name.endswith('Cold'))} | {f2(r3, name.endswith('Cold'))} | {ok} |")


if __name__ == "__main__":
    sys.exit(main())
