#!/usr/bin/env bash
# npz archives (issue 13) and virtual arrays (issue 14), NumPy and npy4j alternately on the same files, same run:
#   round r = 1..ROUNDS: numpy_npz_virtual.py -> numpy-r.json, then JMH NpzBench|VirtualBench -> jmh-r.json;
#   after each JMH run numpy_npz_virtual.py --verify checks that np.load reads npy4j's deflated output;
#   then compare_npz_virtual.py prints the joined tables (ratios vs the targets) -> table.md.
#
# usage: bench/run_npz_virtual.sh [WORKDIR]   (default /tmp/npy4j-bench; files in WORKDIR/npzv, ~0.6 GB, made if
#                                              missing; ~0.35 GB more for the writes' outputs, deleted at the end)
# env:   ROUNDS=n      alternating rounds (default 2)
#        REPS=n        NumPy ops per workload and round (default 3; the small reads run 10x as many)
#        JAVA=path     java for the JMH run (default: $JAVA_HOME/bin/java, else java on PATH)
#        JMH_FILTER=re (default 'NpzBench|VirtualBench'), JMH_ARGS=..., OUT=dir, SKIP_BUILD=1
#        NUMPY_ONLY=savez_compressed,savez,load_member,window,headers   NumPy workloads
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
WORKDIR=${1:-${WORKDIR:-/tmp/npy4j-bench}}
mkdir -p "$WORKDIR"
WORKDIR=$(cd "$WORKDIR" && pwd)
OUT=${OUT:-$here/target/results/npz-virtual-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
if [ -n "${JAVA:-}" ]; then java=$JAVA; elif [ -n "${JAVA_HOME:-}" ]; then java=$JAVA_HOME/bin/java; else java=java; fi
jar=$here/target/benchmarks.jar
ROUNDS=${ROUNDS:-2}
REPS=${REPS:-3}
log() { echo "[npz-virtual $(date -u +%H:%M:%S)] $*" >&2; echo "$(date -u +%H:%M:%S) $* | loadavg $(cat /proc/loadavg)" >> "$OUT/machine.txt"; }
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc: $(nproc)"
    echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
    echo "java: $("$java" -version 2>&1 | head -1) ($java)"
    echo "python3: $(python3 -c 'import sys, zlib, numpy; print(sys.version.split()[0], "numpy", numpy.__version__, "zlib", zlib.ZLIB_RUNTIME_VERSION)')"
    echo "df WORKDIR: $(df -h "$WORKDIR" | tail -1)"
} > "$OUT/machine.txt"
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$jar" ]; then
    log "building $jar"
    (cd "$repo" && mvn -q -pl bench -am -DskipTests package)
fi
log "files in $WORKDIR/npzv (created if missing)"
python3 "$here/numpy_npz_virtual.py" "$WORKDIR" --create-only
for r in $(seq 1 "$ROUNDS"); do
    log "round $r: NumPy"
    python3 "$here/numpy_npz_virtual.py" "$WORKDIR" --reps "$REPS" \
        --only "${NUMPY_ONLY:-savez_compressed,savez,load_member,window,headers}" \
        --json "$OUT/numpy-$r.json" > "$OUT/numpy-$r.txt"
    log "round $r: JMH ($java)"
    "$java" -Dnpy4j.bench.dir="$WORKDIR" -jar "$jar" "${JMH_FILTER:-NpzBench|VirtualBench}" \
        -rf json -rff "$OUT/jmh-$r.json" ${JMH_ARGS:-} > "$OUT/jmh-$r.txt" 2>&1
    grep -h "raw blocks took" "$OUT/jmh-$r.txt" | sort -u >> "$OUT/build-times.txt" || true
    if [ -f "$WORKDIR/npzv/out_java_deflated.npz" ]; then
        python3 "$here/numpy_npz_virtual.py" "$WORKDIR" --verify "$WORKDIR/npzv/out_java_deflated.npz" \
            | tee -a "$OUT/verify.txt"
    fi
done
log "done"
rm -f "$WORKDIR/npzv/out_java_deflated.npz" "$WORKDIR/npzv/out_java_stored.npz" "$WORKDIR/npzv/out_numpy.npz"
args=()
for r in $(seq 1 "$ROUNDS"); do args+=(--numpy "$OUT/numpy-$r.json" --jmh "$OUT/jmh-$r.json"); done
python3 "$here/compare_npz_virtual.py" "${args[@]}" --machine "$OUT/machine.txt" | tee "$OUT/table.md"
log "results in $OUT"
