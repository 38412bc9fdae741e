#!/usr/bin/env python3
"""Join numpy_readsave.py JSON(s) and ReadSaveBench JMH JSON(s) into one Markdown table with ratios vs targets.

    python3 bench/compare_readsave.py --numpy n1.json [--numpy n2.json ...] --jmh j1.json [--jmh j2.json ...]

Samples of all files of a side are pooled (run_readsave.sh runs the two sides alternately, N J N J ...); the
"per round" column shows each file's own median so drift between rounds is visible.  Each sample is one op on
both sides (JMH SingleShotTime; NumPy one perf_counter interval).

ratio = other time / npy4j time for the NumPy rows (> 1: npy4j faster; target >= 1.2), and
        stream time / Path time for the stream rows (target <= 1.5: the stream read is within 1.5x).
"""
import argparse
import json
import statistics
import sys

UNIT = {"ns/op": 1e-9, "us/op": 1e-6, "ms/op": 1e-3, "s/op": 1.0}
GB = 1073741824 / 1e9  # data bytes per op, in GB

# (label, npy4j benchmark, other side: ("numpy", id) or ("jmh", benchmark), target text, target test)
ROWS = [
    ("Npy.read(Path) vs np.load(p)", "readPath", ("numpy", "load.f64_1g"), ">= 1.2", lambda r: r >= 1.2),
    ("Npy.save(Path) [atomic, fsync] vs np.save(p) [no fsync]", "savePath", ("numpy", "save.f64_1g"), ">= 1.2",
     lambda r: r >= 1.2),
    ("Npy.save(Path) vs np.save + os.fsync", "savePath", ("numpy", "save_fsync.f64_1g"), ">= 1.2 (fair)",
     lambda r: r >= 1.2),
    ("Npy.save(Path) vs np.save to temp + fsync + os.replace", "savePath", ("numpy", "save_atomic.f64_1g"),
     ">= 1.2 (same work)", lambda r: r >= 1.2),
    ("Npy.save(Path, withDurable(false)) [atomic, no fsync] vs np.save(p) [no fsync]", "savePathNoFsync",
     ("numpy", "save.f64_1g"), "(opt-out; info)", None),
    ("Npy.save(channel) [no fsync] vs np.save(p) [no fsync]", "saveChannelNoFsync", ("numpy", "save.f64_1g"),
     "(info: same work)", None),
    ("Npy.read(FileInputStream) / Npy.read(Path)", "readFileInputStream", ("jmh", "readPath"), "<= 1.5",
     lambda r: r <= 1.5),
    ("Npy.read(BufferedInputStream) / Npy.read(Path)", "readBufferedInputStream", ("jmh", "readPath"), "<= 1.5",
     lambda r: r <= 1.5),
    ("Npy.read(FileChannel) / Npy.read(Path)", "readChannel", ("jmh", "readPath"), "(info)", None),
]


def fmt(s):
    return "-" if s is None else (f"{s * 1e3:.0f} ms" if s < 10 else f"{s:.1f} s")


def load_jmh(paths):
    runs = []
    for p in paths:
        with open(p) as f:
            data = json.load(f)
        d, meta = {}, {}
        for b in data:
            key = b["benchmark"].rsplit(".", 1)[-1]
            pm = b["primaryMetric"]
            d[key] = [x * UNIT[pm["scoreUnit"]] for fork in pm["rawData"] for x in fork]
            meta = dict(jdk=b.get("jdkVersion"), vm=b.get("vmName"), jvm_args=" ".join(b.get("jvmArgs", [])))
        runs.append(d)
    return runs, meta


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--numpy", action="append", required=True)
    ap.add_argument("--jmh", action="append", required=True)
    a = ap.parse_args()
    ndocs = [json.load(open(p)) for p in a.numpy]
    nruns = [{r["id"]: r["samples_s"] for r in d["results"]} for d in ndocs]
    jruns, meta = load_jmh(a.jmh)
    m = ndocs[0]["machine"]
    print(f"NumPy {m['numpy']} / Python {m['python']} vs npy4j on {meta.get('vm')} {meta.get('jdk')} "
          f"(JMH args `{meta.get('jvm_args')}`); {m['nproc']} CPUs; 1 GiB of <f8 per op; page cache warm; "
          f"OPENBLAS_* in NumPy's environment: {m.get('openblas_env') or 'none'}")
    for i, d in enumerate(ndocs):
        print(f"NumPy round {i + 1}: {d['started_utc']}, loadavg {d['machine']['loadavg_at_start']} -> "
              f"{d['machine']['loadavg_at_end']}")
    print()
    print("| comparison | npy4j median | npy4j per round | other median | other per round | ratio (median) "
          "| ratio (min) | target | met? |")
    print("|---|---|---|---|---|---|---|---|---|")

    def side(kind, name):
        src = nruns if kind == "numpy" else jruns
        per = [statistics.median(r[name]) for r in src if name in r]
        pool = [x for r in src if name in r for x in r[name]]
        return pool, per

    for label, jname, (kind, oname), target, test in ROWS:
        jp, jper = side("jmh", jname)
        op, oper = side(kind, oname)
        if not jp or not op:
            continue
        jm, om = statistics.median(jp), statistics.median(op)
        ratio = om / jm if kind == "numpy" else jm / om
        rmin = min(op) / min(jp) if kind == "numpy" else min(jp) / min(op)
        met = "-" if test is None else ("yes" if test(ratio) else "**no**")
        print(f"| {label} | {fmt(jm)} ({GB / jm:.2f} GB/s) | {' / '.join(fmt(x) for x in jper)} | {fmt(om)} "
              f"| {' / '.join(fmt(x) for x in oper)} | **{ratio:.2f}** | {rmin:.2f} | {target} | {met} |")


if __name__ == "__main__":
    sys.exit(main())
