#!/usr/bin/env python3
"""Join NumPy baseline JSON(s) and a JMH JSON into one Markdown table.

    python3 bench/compare.py --numpy before.json [--numpy after.json] --jmh jmh.json

Ratio = NumPy time / npy4j time, so > 1 means npy4j is faster.  Times are per operation.

Statistics
  * NumPy: the baseline's samples (one op per sample; header rows: mean of 10,000 calls per sample) of every
    --numpy file are pooled; "NumPy median" is the median of the pool.  With two files (run before and after
    JMH, as run_side_by_side.sh does) each file's own median is shown too, so drift during the run is visible.
  * npy4j: JMH average-time mode; "npy4j median" is the median of the measurement iterations' means
    (each iteration is ~1 s of back-to-back ops), "min" the fastest iteration.
  * Rates use the bytes each op delivers (GB = 1e9 bytes), as the baseline does.

Mapping (npy4j benchmark -> NumPy workload id of shared/bench/numpy_baseline.py).  Both sides use the same files,
windows and slices (the baseline's contract: WINDOW_ROWS, STRIDED, STRUCT_FIELD).

| npy4j (io.npy4j.bench.*)              | NumPy id                    | what differs                                    |
|---------------------------------------|-----------------------------|-------------------------------------------------|
| HeaderBench.headerRead                | header.f64_1g.open          | npy4j also fstat()s to check the data length    |
| HeaderBench.headerReadOpenChannel     | header.f64_1g.seek          | -                                               |
| MmapBench.windowOpenMapCopyCloseAlloc | mmap_window.f64_1g          | none: header+map+fresh array+copy+unmap per op  |
| MmapBench.windowMapCopyClose          | mmap_window.f64_1g          | npy4j: header read once, dst preallocated       |
| MmapBench.windowCopy                  | mmap_window_copyonly.f64_1g | NumPy allocates a fresh 32 MiB array per op     |
| MmapBench.stridedMapCopyClose         | mmap_strided.f64_1g         | npy4j: header read once, dst preallocated       |
| MmapBench.stridedCopy                 | (none)                      | copy only from an open mapping                  |
| MmapBench.mmapSum                     | mmap_sum.f64_1g             | npy4j: header read once; 8 MiB bulk copies then |
|                                       |                             | an 8-accumulator loop; NumPy sums in place      |
| StructBench.structFieldAll            | struct_field.mmap           | npy4j: header read once, dst preallocated       |
| StructBench.structFieldAllViaRaw      | struct_field.mmap           | workaround via readRaw blocks, not field()      |
| StructBench.structFieldWindow         | (none)                      | 1M records; per-record cost comparable to above |
"""
import argparse
import json
import statistics
import sys

MAPPING = [
    # (jmh method, numpy id, bytes delivered per op or None, note)
    ("HeaderBench.headerRead", "header.f64_1g.open", None, "npy4j also checks the file length (fstat)"),
    ("HeaderBench.headerReadOpenChannel", "header.f64_1g.seek", None, ""),
    ("MmapBench.windowOpenMapCopyCloseAlloc", "mmap_window.f64_1g", 4096 * 1024 * 8,
     "same work as NumPy: header + map + fresh array + copy + unmap"),
    ("MmapBench.windowMapCopyClose", "mmap_window.f64_1g", 4096 * 1024 * 8,
     "npy4j: header pre-read, dst preallocated"),
    ("MmapBench.windowCopy", "mmap_window_copyonly.f64_1g", 4096 * 1024 * 8,
     "NumPy allocates a fresh result per op"),
    ("MmapBench.stridedMapCopyClose", "mmap_strided.f64_1g", 8192 * 100 * 8,
     "npy4j: header pre-read, dst preallocated"),
    ("MmapBench.stridedCopy", None, 8192 * 100 * 8, "copy only, open mapping"),
    ("MmapBench.mmapSum", "mmap_sum.f64_1g", 131072 * 1024 * 8, "npy4j: 8 MiB bulk copies + 8-way sum"),
    ("StructBench.structFieldAll", "struct_field.mmap", 9586980 * 12,
     "all 9,586,980 records; npy4j dst preallocated"),
    ("StructBench.structFieldAllViaRaw", "struct_field.mmap", 9586980 * 12,
     "not a library path: readRaw of 65,536-record blocks + plain gather loop"),
    ("StructBench.structFieldWindow", None, 1000000 * 12, "1M records"),
]

UNIT = {"ns/op": 1e-9, "us/op": 1e-6, "ms/op": 1e-3, "s/op": 1.0}


def fmt_time(s):
    if s is None:
        return "-"
    if s < 1e-3:
        return f"{s * 1e6:.2f} µs"
    if s < 1:
        return f"{s * 1e3:.2f} ms"
    return f"{s:.3f} s"


def fmt_rate(nbytes, s):
    if not nbytes or not s:
        return "-"
    r = nbytes / s
    return f"{r / 1e9:.2f} GB/s" if r >= 1e9 else f"{r / 1e6:.0f} MB/s"


def load_numpy(paths):
    runs = []
    for p in paths:
        with open(p) as f:
            doc = json.load(f)
        runs.append(doc)
    return runs


def load_jmh(path):
    with open(path) as f:
        data = json.load(f)
    out = {}
    meta = {}
    for b in data:
        name = b["benchmark"].rsplit(".", 2)
        key = name[-2] + "." + name[-1]
        pm = b["primaryMetric"]
        scale = UNIT[pm["scoreUnit"]]
        raw = [x * scale for fork in pm["rawData"] for x in fork]
        out[key] = dict(median=statistics.median(raw), min=min(raw), max=max(raw), n=len(raw),
                        mean=pm["score"] * scale)
        meta = dict(jdk=b.get("jdkVersion"), vm=b.get("vmName"), vm_version=b.get("vmVersion"),
                    jvm=b.get("jvm"), jvm_args=" ".join(b.get("jvmArgs", [])))
    return out, meta


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--numpy", action="append", required=True, help="numpy_baseline.py --json output (repeatable)")
    ap.add_argument("--jmh", required=True, help="JMH -rf json output")
    args = ap.parse_args()

    runs = load_numpy(args.numpy)
    jmh, jmeta = load_jmh(args.jmh)
    by_run = [{r["id"]: r for r in doc["results"]} for doc in runs]

    m = runs[0]["machine"]
    print(f"NumPy {m.get('numpy')} / Python {m.get('python')} vs npy4j on {jmeta.get('vm')} {jmeta.get('jdk')} "
          f"({jmeta.get('jvm')}, args `{jmeta.get('jvm_args')}`)")
    print(f"{m.get('nproc')} CPUs ({m.get('cpu_model')}), page cache warm; ratio = NumPy time / npy4j time "
          f"(> 1: npy4j faster)")
    for i, doc in enumerate(runs):
        mm = doc["machine"]
        probes = ", ".join(f"{p['before']} {p['median_ms']}" for p in mm.get("cpu_probe", []))
        print(f"NumPy run {i + 1}: started {doc.get('started_utc')}, loadavg {mm.get('loadavg_at_start')} -> "
              f"{mm.get('loadavg_at_end')}, cpu probe ms [{probes}]")
    print()
    multi = len(runs) > 1
    head = ["workload", "NumPy id", "NumPy median"]
    if multi:
        head.append("NumPy per run")
    head += ["npy4j median", "npy4j min", "ratio (median)", "ratio (min)", "NumPy rate", "npy4j rate", "note"]
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    for jname, nid, nbytes, note in MAPPING:
        j = jmh.get(jname)
        if j is None:
            continue
        pooled, per_run = [], []
        for r in by_run:
            if nid and nid in r:
                pooled += r[nid]["samples_s"]
                per_run.append(r[nid]["median_s"])
        nmed = statistics.median(pooled) if pooled else None
        nmin = min(pooled) if pooled else None
        row = [jname, nid or "-", fmt_time(nmed)]
        if multi:
            row.append(" / ".join(fmt_time(x) for x in per_run) or "-")
        row += [fmt_time(j["median"]), fmt_time(j["min"]),
                f"{nmed / j['median']:.2f}" if nmed else "-",
                f"{nmin / j['min']:.2f}" if nmin else "-",
                fmt_rate(nbytes, nmed), fmt_rate(nbytes, j["median"]), note]
        print("| " + " | ".join(row) + " |")
    missing = [n for n, *_ in MAPPING if n not in jmh]
    if missing:
        print(f"\n(not in this JMH run: {', '.join(missing)})")
    extra = sorted(set(jmh) - {n for n, *_ in MAPPING})
    for e in extra:
        print(f"\n(unmapped JMH benchmark {e}: median {fmt_time(jmh[e]['median'])})")


if __name__ == "__main__":
    sys.exit(main())
