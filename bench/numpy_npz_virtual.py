#!/usr/bin/env python3
"""NumPy side of NpzBench (issue 13), and the files NpzBench and VirtualBench (issue 14) read.

    python3 bench/numpy_npz_virtual.py WORKDIR --create-only        # make WORKDIR/npzv/* (~0.9 GB) if missing
    python3 bench/numpy_npz_virtual.py WORKDIR [--reps 3] [--warmup 1] [--only GROUPS] [--json out.json]
    python3 bench/numpy_npz_virtual.py WORKDIR --verify OUT.npz      # np.load of npy4j's output == the inputs

Files (WORKDIR/npzv/, made once, reused; the Java side repeats names, shapes and slices in NpzBench/VirtualBench):
  w16_stored.npz    np.savez of 16 members m00..m15, each (16384, 64) <f8 = 8 MiB; member k is
                    np.round(np.sin((np.arange(n) + k * n) * 1e-3) * 1e4) / 1e4 (deflates to ~35 %)
  w16_deflated.npz  np.savez_compressed of the same 16 members (zlib level 6, Python's zipfile default)
  big_stored.npz    np.savez of one member 'big', (524288, 64) <f8 = 256 MiB (np.arange)
  h1000.npz         np.savez of 1,000 small members a0000..a0999 (shapes and dtypes vary)
  parts/part-0..3.npy  4 x (1536, 1024) <f8 (12 MiB each); parts_one.npy = their concatenation (6144, 1024)
  raw_blocks.bin    100,000 x 64 <f8 raw (np.arange, 51.2 MB), for VirtualBench's raw blocks

Workloads (ids as in bench/compare_npz_virtual.py); every sample is one op timed with time.perf_counter, after
--warmup untimed ops; small workloads run SMALL_FACTOR x --reps ops:
  savez_compressed.w16        np.savez_compressed(out, **arrays): page cache only, no fsync
  savez_compressed_atomic.w16 the same into a temp file + flush + os.fsync + os.replace (what Npy.savezCompressed does)
  savez.w16 / savez_atomic.w16  the same with np.savez (stored)
  load_member.w16_stored      with np.load(p) as z: z['m07']    (open the archive, read one 8 MiB member)
  load_member.w16_deflated    the same from the deflated archive
  window.big_stored           with np.load(p) as z: z['big'][262144:266240]  (NumPy reads the whole 256 MiB member)
  headers.h1000               np.load(p).files + per member zipfile open + read_magic + _read_array_header
Before every write the previous output is unlinked and os.sync() runs (untimed), as on the Java side.
"""
import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time
import zipfile

import numpy as np

try:
    from numpy.lib._format_impl import _read_array_header, read_magic  # NumPy 2.x
except ImportError:  # NumPy 1.x
    from numpy.lib.format import _read_array_header, read_magic

MiB = 1 << 20
W16_N = 16
W16_SHAPE = (16384, 64)
BIG_SHAPE = (524288, 64)
WINDOW = (262144, 262144 + 4096)
H_MEMBERS = 1000
PART_ROWS, PART_COLS, PARTS = 1536, 1024, 4
RAW_BLOCKS, RAW_BLOCK = 100_000, 64
SMALL_FACTOR = 10
DTYPES = ["<f8", "<i4", "<f4", "|u1", "<i8"]


def w16_arrays():
    n = W16_SHAPE[0] * W16_SHAPE[1]
    i = np.arange(n, dtype=np.float64)
    return {f"m{k:02d}": (np.round(np.sin((i + k * n) * 1e-3) * 1e4) / 1e4).reshape(W16_SHAPE) for k in range(W16_N)}


def h_arrays():
    out = {}
    for k in range(H_MEMBERS):
        shape = (k % 7 + 1, k % 5 + 1) if k % 3 else (k % 50 + 1,)
        out[f"a{k:04d}"] = np.arange(int(np.prod(shape))).astype(DTYPES[k % len(DTYPES)]).reshape(shape)
    return out


def paths(workdir):
    d = os.path.join(workdir, "npzv")
    return d, {n: os.path.join(d, n) for n in ["w16_stored.npz", "w16_deflated.npz", "big_stored.npz", "h1000.npz",
                                                "parts_one.npy", "raw_blocks.bin"]}


def create(workdir):
    d, p = paths(workdir)
    os.makedirs(os.path.join(d, "parts"), exist_ok=True)
    made = []
    if not os.path.exists(p["w16_stored.npz"]) or not os.path.exists(p["w16_deflated.npz"]):
        a = w16_arrays()
        np.savez(p["w16_stored.npz"], **a)
        np.savez_compressed(p["w16_deflated.npz"], **a)
        made += ["w16_stored.npz", "w16_deflated.npz"]
    if not os.path.exists(p["big_stored.npz"]):
        np.savez(p["big_stored.npz"], big=np.arange(BIG_SHAPE[0] * BIG_SHAPE[1], dtype=np.float64).reshape(BIG_SHAPE))
        made.append("big_stored.npz")
    if not os.path.exists(p["h1000.npz"]):
        np.savez(p["h1000.npz"], **h_arrays())
        made.append("h1000.npz")
    if not os.path.exists(p["parts_one.npy"]):
        one = np.arange(PARTS * PART_ROWS * PART_COLS, dtype=np.float64).reshape(PARTS * PART_ROWS, PART_COLS)
        for k in range(PARTS):
            np.save(os.path.join(d, "parts", f"part-{k}.npy"), one[k * PART_ROWS:(k + 1) * PART_ROWS])
        np.save(p["parts_one.npy"], one)
        made.append("parts")
    if not os.path.exists(p["raw_blocks.bin"]):
        np.arange(RAW_BLOCKS * RAW_BLOCK, dtype="<f8").tofile(p["raw_blocks.bin"])
        made.append("raw_blocks.bin")
    return made


def warm(path):
    with open(path, "rb", buffering=0) as f:
        while f.read(64 * MiB):
            pass


def unlink(p):
    try:
        os.unlink(p)
    except FileNotFoundError:
        pass


CPU = {}  # workload -> process CPU seconds (user + sys, all threads) per timed op, filled by time_it


def time_it(fn, reps, warmup, before=None):
    samples, cpu = [], []
    for i in range(warmup + reps):
        if before is not None:
            before()
        gc.collect()
        c0 = time.process_time()
        t0 = time.perf_counter()
        out = fn()
        t1 = time.perf_counter()
        c1 = time.process_time()
        del out
        if i >= warmup:
            samples.append(t1 - t0)
            cpu.append(c1 - c0)
    CPU["last"] = cpu
    return samples


def verify(out, workdir):
    """npy4j's archive read back with np.load: same member names, dtypes, shapes and values as w16."""
    want = w16_arrays()
    with np.load(out) as z:
        if sorted(z.files) != sorted(want):
            raise SystemExit(f"verify {out}: members {z.files}, expected {sorted(want)}")
        for k, a in want.items():
            b = z[k]
            if b.dtype != a.dtype or b.shape != a.shape or not np.array_equal(a, b):
                raise SystemExit(f"verify {out}: member {k} differs ({b.dtype} {b.shape})")
    with zipfile.ZipFile(out) as zf:
        methods = sorted({i.compress_type for i in zf.infolist()})
        bad = zf.testzip()
        if bad is not None:
            raise SystemExit(f"verify {out}: CRC error in {bad}")
    print(f"verify {out}: np.load reads all {len(want)} members equal to the inputs; zip methods {methods}; "
          f"zipfile.testzip OK; {os.path.getsize(out)} bytes")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("workdir")
    ap.add_argument("--create-only", action="store_true")
    ap.add_argument("--verify")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--only", default="savez_compressed,savez,load_member,window,headers")
    ap.add_argument("--json")
    a = ap.parse_args()
    if a.verify:
        verify(a.verify, a.workdir)
        return 0
    made = create(a.workdir)
    if a.create_only:
        print(f"created {made or 'nothing (all present)'} in {paths(a.workdir)[0]}")
        return 0
    groups = a.only.split(",")
    d, p = paths(a.workdir)
    doc = dict(started_utc=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
               machine=dict(python=platform.python_version(), numpy=np.__version__, nproc=os.cpu_count(),
                            loadavg_at_start=open("/proc/loadavg").read().strip(),
                            zlib=__import__("zlib").ZLIB_RUNTIME_VERSION),
               results=[])
    for f in p.values():
        warm(f)

    def add(wid, desc, samples):
        r = dict(id=wid, desc=desc, n=len(samples), samples_s=samples, min_s=min(samples),
                 median_s=statistics.median(samples), max_s=max(samples), cpu_s=CPU.get("last"))
        doc["results"].append(r)
        print(f"{wid:28s} median {r['median_s'] * 1e3:9.2f} ms  min {r['min_s'] * 1e3:9.2f}  "
              f"max {r['max_s'] * 1e3:9.2f}  cpu {statistics.median(r['cpu_s']) * 1e3:9.2f}  n={len(samples)}  {desc}",
              flush=True)

    out = os.path.join(d, "out_numpy.npz")
    tmp = os.path.join(d, ".out_numpy.npz.tmp.npz")  # np.savez appends .npz to names without it

    def before():
        unlink(out)
        unlink(tmp)
        os.sync()

    def atomic(save, arrays):
        with open(tmp, "wb") as f:
            save(f, **arrays)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out)

    if "savez_compressed" in groups or "savez" in groups:
        with np.load(p["w16_stored.npz"]) as z:
            arrays = {k: z[k] for k in z.files}
        if "savez_compressed" in groups:
            add("savez_compressed.w16", "np.savez_compressed(out, **16 x 8 MiB), no fsync",
                time_it(lambda: np.savez_compressed(out, **arrays), a.reps, a.warmup, before))
            add("savez_compressed_atomic.w16", "the same to a temp file + fsync + os.replace",
                time_it(lambda: atomic(np.savez_compressed, arrays), a.reps, a.warmup, before))
        if "savez" in groups:
            add("savez.w16", "np.savez(out, **16 x 8 MiB), no fsync",
                time_it(lambda: np.savez(out, **arrays), a.reps, a.warmup, before))
            add("savez_atomic.w16", "the same to a temp file + fsync + os.replace",
                time_it(lambda: atomic(np.savez, arrays), a.reps, a.warmup, before))
        before()
        del arrays
    small = a.reps * SMALL_FACTOR

    def load_member(path, k):
        with np.load(path) as z:
            return z[k]

    if "load_member" in groups:
        add("load_member.w16_stored", "with np.load(p) as z: z['m07'] (stored, 8 MiB)",
            time_it(lambda: load_member(p["w16_stored.npz"], "m07"), small, a.warmup * 3))
        add("load_member.w16_deflated", "with np.load(p) as z: z['m07'] (deflated, 8 MiB)",
            time_it(lambda: load_member(p["w16_deflated.npz"], "m07"), small, a.warmup * 3))
    if "window" in groups:
        def window():
            with np.load(p["big_stored.npz"]) as z:
                return z["big"][WINDOW[0]:WINDOW[1]]
        add("window.big_stored", "with np.load(p) as z: z['big'][262144:266240] (reads all 256 MiB)",
            time_it(window, a.reps * 2, a.warmup))
    if "headers" in groups:
        def headers():
            z = np.load(p["h1000.npz"])
            hs = []
            try:
                for n in z.files:
                    with z.zip.open(n + ".npy") as f:
                        hs.append(_read_array_header(f, read_magic(f)))
            finally:
                z.close()
            assert len(hs) == H_MEMBERS
            return hs
        add("headers.h1000", "np.load(p).files + 1,000 x (zip open, read_magic, _read_array_header)",
            time_it(headers, small, a.warmup * 3))
    doc["machine"]["loadavg_at_end"] = open("/proc/loadavg").read().strip()
    if a.json:
        with open(a.json, "w") as f:
            json.dump(doc, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
