#!/usr/bin/env python3
"""Many writers, streaming and appending: npy4j (io.npy4j.bench.WritersBench) and NumPy, alternated, one run.

    python3 bench/writers.py WORKDIR --jar bench/target/benchmarks.jar [--java java] [--rounds 2]
                             [--workers 1,2,4,8] [--stream-reps 3] [--appends 1000] [--json out.json]
    python3 bench/writers.py npworker FILE ROWS FIRST END     (a NumPy worker; used by the above)

1. many writers: a (ROWS,) float64 file of 1 GiB is made with PreallocatedFile.createIfAbsent (untimed, then
   os.sync); N worker processes each fill one window of Partition.aligned(h, N, 0) (page-aligned, disjoint):
   npy4j: WritersBench worker = openWindow (mapped), write from a double[], force, close;
   NumPy: np.lib.format.open_memmap(path, mode='r+'), m[first:end] = a, m.flush(), del m.
   Each worker fills its source array first, then stamps epoch ns (Java Instant.now / Python time.time_ns) around
   open..flush; wall = last end - first start.  Also printed: process wall (first launch to last exit, which
   includes JVM / interpreter + numpy import start-up).  Baseline: one process Npy.save(Path, double[ROWS])
   (temporary file, write, fsync, rename).  The processes of one run are launched together.
2. streaming: NpyWriter.create + 1024 writes of one 1 MiB double[] + close (fsync + rename), vs np.save(path, a) of
   a 1 GiB array (page cache only) and np.save + flush + os.fsync.  First repetition of each is a warm-up.
3. append: 1000 appends of 1 MiB to a (0,) float64 file: AppendingWriter open once, write + commit per block
   ("once"), and open + write + close per block ("reopen"); NumPy: the npy-append-array pattern, file opened once
   'r+b', per block seek end, write, rewrite the header in place (same length: NumPy pads for growth), with
   flush + os.fsync after the data and after the header (as commit does) and without.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

MiB = 1 << 20
GiB = 1 << 30
ROWS = GiB // 8


def npworker(path, rows, first, end):
    import numpy as np
    a = np.arange(first, end, dtype=np.float64) * 0.5
    t0 = time.time_ns()
    m = np.lib.format.open_memmap(path, mode="r+")
    assert m.shape == (rows,) and m.dtype == np.float64
    m[first:end] = a
    m.flush()
    del m
    t1 = time.time_ns()
    print("T", t0, t1)


def rm(p):
    try:
        os.unlink(p)
    except FileNotFoundError:
        pass


def load():
    return open("/proc/loadavg").read().strip()


def log(msg):
    print(f"[writers {time.strftime('%H:%M:%S')}] {msg} | loadavg {load()}", file=sys.stderr, flush=True)


def stamps(out):
    return [tuple(int(x) for x in line.split()[1:3]) for line in out.splitlines() if line.startswith("T ")]


def run_procs(cmds):
    t0 = time.time_ns()
    procs = [subprocess.Popen(c, stdout=subprocess.PIPE, text=True) for c in cmds]
    outs = []
    run_procs.last = outs
    for p in procs:
        o, _ = p.communicate()
        if p.returncode != 0:
            raise SystemExit(f"{p.args} failed: {p.returncode}")
        outs.append(o)
    t1 = time.time_ns()
    ts = [s for o in outs for s in stamps(o)]
    wall = (max(e for _, e in ts) - min(s for s, _ in ts)) / 1e9
    return wall, (t1 - t0) / 1e9


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "npworker":
        npworker(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("workdir")
    ap.add_argument("--jar", required=True)
    ap.add_argument("--java", default="java")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--workers", default="1,2,4,8")
    ap.add_argument("--stream-reps", type=int, default=3)
    ap.add_argument("--appends", type=int, default=1000)
    ap.add_argument("--only", default="many,stream,append")
    ap.add_argument("--json")
    a = ap.parse_args()
    import numpy as np
    os.makedirs(a.workdir, exist_ok=True)
    only = a.only.split(",")
    jv = [a.java, "-Xmx4g", "-cp", a.jar, "io.npy4j.bench.WritersBench"]
    f = os.path.join(a.workdir, "many.npy")
    doc = dict(numpy=np.__version__, python=sys.version.split()[0], nproc=os.cpu_count(), load_start=load(),
               java=subprocess.run([a.java, "-version"], capture_output=True, text=True).stderr.splitlines()[0],
               many=[], stream=[], append={})
    ns = [int(x) for x in a.workers.split(",")]

    if "many" in only:
        windows = {}
        for n in ns:
            o = subprocess.run(jv + ["windows", f, str(ROWS), str(n)], capture_output=True, text=True, check=True)
            windows[n] = [tuple(int(x) for x in l.split()[1:]) for l in o.stdout.splitlines() if l.startswith("W ")]
        for r in range(1, a.rounds + 1):
            log(f"many round {r}: Npy.save baseline")
            rm(f)
            os.sync()
            wall, pw = run_procs([jv + ["save", f, str(ROWS)]])
            conv = [int(l.split()[1]) / 1e9 for l in run_procs.last[0].splitlines() if l.startswith("C ")][0]
            doc["many"].append(dict(round=r, side="npy4j", n="save", wall=wall, proc_wall=pw, load=load(),
                                    copy=conv))
            log(f"many round {r}: Npy.save {wall:.3f}s (of which Npy.array copy {conv:.3f}s)")
            for n in ns:
                for side in ("npy4j", "numpy"):
                    rm(f)
                    os.sync()
                    subprocess.run(jv + ["create", f, str(ROWS)], check=True)
                    os.sync()
                    if side == "npy4j":
                        cmds = [jv + ["worker", f, str(ROWS), str(n), str(i)] for i in range(n)]
                    else:
                        cmds = [[sys.executable, __file__, "npworker", f, str(ROWS), str(s), str(e)]
                                for s, e in windows[n]]
                    l0 = load()
                    wall, pw = run_procs(cmds)
                    doc["many"].append(dict(round=r, side=side, n=n, wall=wall, proc_wall=pw, load=l0))
                    log(f"many round {r}: {side} n={n} wall {wall:.3f}s proc {pw:.3f}s")
        m = np.load(f, mmap_mode="r")
        assert m[ROWS - 1] == (ROWS - 1) * 0.5 and m[1] == 0.5, "workers wrote the wrong values"
        del m
        rm(f)

    if "stream" in only:
        s = os.path.join(a.workdir, "stream.npy")
        arr = np.arange(ROWS, dtype=np.float64)
        for r in range(1, a.rounds + 1):
            log(f"stream round {r}: npy4j NpyWriter")
            os.sync()
            o = subprocess.run(jv + ["stream", s, str(ROWS), str(MiB // 8), str(a.stream_reps + 1)],
                               capture_output=True, text=True, check=True)
            cpu = [int(line.split()[1]) / 1e9 for line in o.stdout.splitlines() if line.startswith("U ")]
            for (s0, s1), c in list(zip(stamps(o.stdout), cpu + [None] * len(stamps(o.stdout))))[1:]:
                doc["stream"].append(dict(round=r, side="npy4j_writer", t=(s1 - s0) / 1e9, cpu=c))
            for side in ("np_save", "np_save_fsync"):
                log(f"stream round {r}: {side}")
                for i in range(a.stream_reps + 1):
                    rm(s)
                    os.sync()
                    t0 = time.perf_counter()
                    c0 = time.process_time()
                    with open(s, "wb") as fh:
                        np.save(fh, arr)
                        if side == "np_save_fsync":
                            fh.flush()
                            os.fsync(fh.fileno())
                    t1 = time.perf_counter()
                    c1 = time.process_time()
                    if i:
                        doc["stream"].append(dict(round=r, side=side, t=t1 - t0, cpu=c1 - c0))
        rm(s)
        os.sync()
        del arr

    if "append" in only:
        p = os.path.join(a.workdir, "append.npy")
        block = MiB // 8
        for mode in ("once", "reopen"):
            log(f"append npy4j {mode}")
            o = subprocess.run(jv + ["append", p, str(block), str(a.appends), mode], capture_output=True,
                               text=True, check=True)
            doc["append"]["npy4j_" + mode] = [int(l.split()[2]) / 1e9 for l in o.stdout.splitlines()
                                              if l.startswith("A ")]
            rm(p)
            os.sync()
        b = np.arange(block, dtype=np.float64)
        fmt = np.lib.format
        for fs in (True, False):
            name = "np_append_fsync" if fs else "np_append_nofsync"
            log(f"append {name}")
            rm(p)
            np.save(p, np.empty(0, np.float64))
            with open(p, "rb") as fh:
                fmt.read_magic(fh)
                fmt.read_array_header_1_0(fh)
                hlen = fh.tell()
            ts = []
            rows = 0
            with open(p, "r+b") as fh:
                for i in range(a.appends):
                    t0 = time.perf_counter()
                    fh.seek(0, 2)
                    fh.write(b.data)
                    if fs:
                        fh.flush()
                        os.fsync(fh.fileno())
                    rows += block
                    fh.seek(0)
                    fmt.write_array_header_1_0(fh, dict(descr="<f8", fortran_order=False, shape=(rows,)))
                    assert fh.tell() == hlen, "header length changed"
                    if fs:
                        fh.flush()
                        os.fsync(fh.fileno())
                    ts.append(time.perf_counter() - t0)
            assert np.load(p, mmap_mode="r").shape == (block * a.appends,)
            doc["append"][name] = ts
            rm(p)
            os.sync()

    doc["load_end"] = load()
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(doc, fh, indent=1)
    report(doc)


def report(doc):
    med = statistics.median
    print(f"machine: nproc {doc['nproc']}, {doc['java']}, python {doc['python']}, numpy {doc['numpy']}; "
          f"loadavg start {doc['load_start']}, end {doc['load_end']}")
    if doc["many"]:
        save = [x["wall"] for x in doc["many"] if x["n"] == "save"]
        print("\n### Many writers: 1 GiB float64, N processes, disjoint page-aligned windows (median of rounds)\n")
        print(f"Npy.save, one process, whole file (fsync + rename): {med(save):.3f} s "
              f"({GiB / med(save) / 1e9:.2f} GB/s); rounds {', '.join(f'{x:.3f}' for x in save)}; of which the "
              f"Npy.array(double[]) copy {', '.join('%.3f' % x['copy'] for x in doc['many'] if x['n'] == 'save')}\n")
        print("| N | npy4j wall s | npy4j GB/s | Npy.save / npy4j | NumPy wall s | NumPy GB/s | NumPy / npy4j "
              "| process wall npy4j / NumPy s | rounds npy4j ; NumPy |")
        print("|---|---|---|---|---|---|---|---|---|")
        for n in sorted({x["n"] for x in doc["many"] if x["n"] != "save"}):
            j = [x for x in doc["many"] if x["n"] == n and x["side"] == "npy4j"]
            p = [x for x in doc["many"] if x["n"] == n and x["side"] == "numpy"]
            jw, pw = med([x["wall"] for x in j]), med([x["wall"] for x in p])
            print(f"| {n} | {jw:.3f} | {GiB / jw / 1e9:.2f} | {med(save) / jw:.2f} | {pw:.3f} | "
                  f"{GiB / pw / 1e9:.2f} | {pw / jw:.2f} | {med([x['proc_wall'] for x in j]):.2f} / "
                  f"{med([x['proc_wall'] for x in p]):.2f} | {', '.join('%.3f' % x['wall'] for x in j)} ; "
                  f"{', '.join('%.3f' % x['wall'] for x in p)} |")
    if doc["stream"]:
        print("\n### Streaming: 1 GiB float64 (median of all counted repetitions)\n")
        print("| workload | median s | GB/s | NumPy / npy4j writer | median CPU s | samples s |")
        print("|---|---|---|---|---|---|")
        w = med([x["t"] for x in doc["stream"] if x["side"] == "npy4j_writer"])
        for side in ("npy4j_writer", "np_save", "np_save_fsync"):
            t = [x["t"] for x in doc["stream"] if x["side"] == side]
            c = [x["cpu"] for x in doc["stream"] if x["side"] == side and x.get("cpu") is not None]
            print(f"| {side} | {med(t):.3f} | {GiB / med(t) / 1e9:.2f} | {med(t) / w:.2f} | "
                  f"{med(c) if c else float('nan'):.3f} | {', '.join(f'{x:.3f}' for x in t)} |")
    if doc["append"]:
        print("\n### Append: 1 MiB float64 blocks (seconds; sums over the appends named)\n")
        print("| variant | appends 1-100 | appends 901-1000 | late / early | total | median per append ms |")
        print("|---|---|---|---|---|---|")
        for k, t in doc["append"].items():
            e, l = sum(t[:100]), sum(t[-100:])
            print(f"| {k} | {e:.3f} | {l:.3f} | {l / e:.2f} | {sum(t):.3f} | {med(t) * 1e3:.2f} |")


if __name__ == "__main__":
    main()
