#!/usr/bin/env python3
"""NumPy side of ReadSaveBench: np.load / np.save of the 1 GiB float64 file of numpy_baseline.py.

    python3 bench/numpy_readsave.py WORKDIR [--reps 7] [--warmup 2] [--only load,save,save_fsync,save_atomic]
                                    [--json out.json]

WORKDIR holds f64_1g.npy (numpy_baseline.py WORKDIR --create-only).  Page cache warm: the file is read once
(untimed) before timing, and each workload runs --warmup untimed repetitions.  Each sample is one op timed with
time.perf_counter; min / median / max are printed and written as JSON.

Workloads (ids as in bench/compare_readsave.py):
  load.f64_1g         np.load(p)                                     <- ReadSaveBench.readPath / read*Stream
  save.f64_1g         np.save(out, a): page cache only, no fsync    <- ReadSaveBench.saveChannelNoFsync
  save_fsync.f64_1g   open(out,'wb'); np.save(f, a); flush; os.fsync  (what "np.save + fsync" costs)
  save_atomic.f64_1g  the same into a temporary file of the same directory, then os.replace over out:
                      exactly what Npy.save(Path) does              <- ReadSaveBench.savePath
Before every save the previous output is unlinked and os.sync() runs (untimed), as on the Java side.
"""
import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time

import numpy as np

MiB = 1 << 20


def warm(path):
    with open(path, "rb", buffering=0) as f:
        while f.read(64 * MiB):
            pass


def unlink(p):
    try:
        os.unlink(p)
    except FileNotFoundError:
        pass


def time_it(fn, reps, warmup, before=None):
    samples = []
    for i in range(warmup + reps):
        if before is not None:
            before()
        gc.collect()
        t0 = time.perf_counter()
        out = fn()
        t1 = time.perf_counter()
        del out
        if i >= warmup:
            samples.append(t1 - t0)
    return samples


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("workdir")
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--only", default="load,save,save_fsync,save_atomic")
    ap.add_argument("--json")
    a = ap.parse_args()
    groups = a.only.split(",")
    p = os.path.join(a.workdir, "f64_1g.npy")
    out = os.path.join(a.workdir, "out_save_numpy.npy")
    tmp = os.path.join(a.workdir, ".out_save_numpy.npy.tmp")
    doc = dict(started_utc=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
               machine=dict(python=platform.python_version(), numpy=np.__version__, nproc=os.cpu_count(),
                            loadavg_at_start=open("/proc/loadavg").read().strip(),
                            openblas_env={k: v for k, v in os.environ.items() if k.startswith("OPENBLAS")}),
               results=[])
    warm(p)
    nbytes = os.path.getsize(p)

    def add(wid, desc, samples):
        r = dict(id=wid, desc=desc, n=len(samples), samples_s=samples, min_s=min(samples),
                 median_s=statistics.median(samples), max_s=max(samples), bytes=nbytes)
        doc["results"].append(r)
        print(f"{wid:20s} median {r['median_s'] * 1e3:8.1f} ms  min {r['min_s'] * 1e3:8.1f}  "
              f"max {r['max_s'] * 1e3:8.1f}  ({nbytes / r['median_s'] / 1e9:.2f} GB/s)  {desc}", flush=True)

    if "load" in groups:
        add("load.f64_1g", "np.load(p) into memory", time_it(lambda: np.load(p), a.reps, a.warmup))

    if any(g.startswith("save") for g in groups):
        arr = np.load(p)

        def before():
            unlink(out)
            unlink(tmp)
            os.sync()

        def save_fsync(target):
            with open(target, "wb") as f:
                np.save(f, arr)
                f.flush()
                os.fsync(f.fileno())

        def save_atomic():
            save_fsync(tmp)
            os.replace(tmp, out)

        if "save" in groups:
            add("save.f64_1g", "np.save(out, a), no fsync",
                time_it(lambda: np.save(out, arr), a.reps, a.warmup, before))
        if "save_fsync" in groups:
            add("save_fsync.f64_1g", "np.save to an open file + flush + os.fsync",
                time_it(lambda: save_fsync(out), a.reps, a.warmup, before))
        if "save_atomic" in groups:
            add("save_atomic.f64_1g", "np.save to a temp file + fsync + os.replace (what Npy.save does)",
                time_it(save_atomic, a.reps, a.warmup, before))
        before()
    doc["machine"]["loadavg_at_end"] = open("/proc/loadavg").read().strip()
    if a.json:
        with open(a.json, "w") as f:
            json.dump(doc, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
