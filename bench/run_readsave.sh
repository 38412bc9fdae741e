#!/usr/bin/env bash
# Whole-array read/save, NumPy and npy4j alternately on the same 1 GiB file, same run:
#   round r = 1..ROUNDS: numpy_readsave.py -> numpy-r.json, then JMH ReadSaveBench -> jmh-r.json;
#   then compare_readsave.py prints the joined table (ratios vs the targets) -> table.md.
#
# usage: bench/run_readsave.sh [WORKDIR]      (default /tmp/npy4j-bench; needs f64_1g.npy + ~2.2 GB free for outputs)
# env:   ROUNDS=n      alternating rounds (default 2)
#        REPS=n        counted ops per workload and round on each side (default 7; warm-up 2)
#        JAVA=path     java for the JMH run (default: $JAVA_HOME/bin/java, else java on PATH)
#        JMH_FILTER=re (default ReadSaveBench), JMH_ARGS=..., OUT=dir, SKIP_BUILD=1 (as run_side_by_side.sh)
#        NUMPY_ONLY=load,save,save_fsync,save_atomic   NumPy workloads
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
baseline="$repo/../shared/bench/numpy_baseline.py"
WORKDIR=${1:-${WORKDIR:-/tmp/npy4j-bench}}
mkdir -p "$WORKDIR"
WORKDIR=$(cd "$WORKDIR" && pwd)
OUT=${OUT:-$here/target/results/readsave-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
if [ -n "${JAVA:-}" ]; then java=$JAVA; elif [ -n "${JAVA_HOME:-}" ]; then java=$JAVA_HOME/bin/java; else java=java; fi
jar=$here/target/benchmarks.jar
ROUNDS=${ROUNDS:-2}
REPS=${REPS:-7}
log() { echo "[readsave $(date -u +%H:%M:%S)] $*" >&2; echo "$(date -u +%H:%M:%S) $* | loadavg $(cat /proc/loadavg)" >> "$OUT/machine.txt"; }
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc: $(nproc)"
    echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
    echo "java: $("$java" -version 2>&1 | head -1) ($java)"
    echo "python3: $(python3 -c 'import sys, numpy; print(sys.version.split()[0], "numpy", numpy.__version__)')"
    echo "OPENBLAS_* set: $(env | grep '^OPENBLAS' | tr '\n' ' ' || true)"
} > "$OUT/machine.txt"
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$jar" ]; then
    log "building $jar"
    (cd "$repo" && mvn -q -pl bench -am -DskipTests package)
fi
if [ ! -f "$WORKDIR/f64_1g.npy" ]; then
    if [ ! -f "$baseline" ]; then
        echo "run_readsave: $WORKDIR/f64_1g.npy is missing and $baseline is absent to create it" >&2
        exit 1
    fi
    log "creating the baseline files in $WORKDIR"
    python3 "$baseline" "$WORKDIR" --create-only > "$OUT/manifest.json"
fi
for r in $(seq 1 "$ROUNDS"); do
    log "round $r: NumPy"
    python3 "$here/numpy_readsave.py" "$WORKDIR" --reps "$REPS" --only "${NUMPY_ONLY:-load,save,save_fsync,save_atomic}" \
        --json "$OUT/numpy-$r.json" > "$OUT/numpy-$r.txt"
    log "round $r: JMH ($java)"
    "$java" -Dnpy4j.bench.dir="$WORKDIR" -jar "$jar" "${JMH_FILTER:-ReadSaveBench}" -i "$REPS" \
        -rf json -rff "$OUT/jmh-$r.json" ${JMH_ARGS:-} > "$OUT/jmh-$r.txt"
done
log "done"
args=()
for r in $(seq 1 "$ROUNDS"); do args+=(--numpy "$OUT/numpy-$r.json" --jmh "$OUT/jmh-$r.json"); done
python3 "$here/compare_readsave.py" "${args[@]}" | tee "$OUT/table.md"
log "results in $OUT"
