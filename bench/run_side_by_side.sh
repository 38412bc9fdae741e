#!/usr/bin/env bash
# NumPy and npy4j on the same files, same machine, same run:
#   1. create the baseline's files in WORKDIR (numpy_baseline.py --create-only; reused when the manifest matches),
#   2. time NumPy (groups header,mmap,struct) -> numpy-1.json,
#   3. run the JMH jar on the same files        -> jmh.json,
#   4. time NumPy again                          -> numpy-2.json (brackets the JMH run: drift shows up),
#   5. print the joined Markdown table (compare.py) -> table.md.
#
# usage: bench/run_side_by_side.sh [WORKDIR]      (default /tmp/npy4j-bench; needs ~1.6 GB free)
# env:   QUICK=1       short smoke run (numpy --quick, JMH 1x0.5s warm-up, 2x0.5s measurement)
#        JAVA=path     java for the JMH run (default: $JAVA_HOME/bin/java, else java on PATH)
#        JMH_FILTER=re benchmarks to run (JMH regexp, default: HeaderBench, MmapBench, StructBench;
#                      ReadSaveBench has its own script, run_readsave.sh)
#        JMH_ARGS=...  extra JMH options
#        OUT=dir       where results go (default bench/target/results/<timestamp>)
#        SKIP_BUILD=1  use the existing bench/target/benchmarks.jar
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
# shared/ sits beside the repository checkout
baseline="$repo/../shared/bench/numpy_baseline.py"
if [ ! -f "$baseline" ]; then
    echo "run_side_by_side: skipped: the NumPy baseline script is not at $baseline" >&2
    echo "  (it lives in shared/bench/ beside the repository checkout; nothing to compare against)" >&2
    exit 0
fi
baseline=$(cd "$(dirname "$baseline")" && pwd)/$(basename "$baseline")

WORKDIR=${1:-${WORKDIR:-/tmp/npy4j-bench}}
mkdir -p "$WORKDIR"
WORKDIR=$(cd "$WORKDIR" && pwd)
OUT=${OUT:-$here/target/results/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
if [ -n "${JAVA:-}" ]; then
    java=$JAVA
elif [ -n "${JAVA_HOME:-}" ]; then
    java=$JAVA_HOME/bin/java
else
    java=java
fi
jar=$here/target/benchmarks.jar
groups=header,mmap,struct
quick=()
jmh_iter=()
if [ "${QUICK:-0}" = 1 ]; then
    quick=(--quick)
    jmh_iter=(-wi 1 -w 500ms -i 2 -r 500ms)
fi

log() { echo "[side-by-side $(date -u +%H:%M:%S)] $*" >&2; }

{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc: $(nproc)"
    echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
    echo "java: $("$java" -version 2>&1 | head -1) ($java)"
    echo "python3: $(python3 -c 'import sys, numpy; print(sys.version.split()[0], "numpy", numpy.__version__)')"
    echo "loadavg before: $(cat /proc/loadavg)"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$jar" ]; then
    log "building $jar"
    (cd "$repo" && mvn -q -pl bench -am -DskipTests package)
fi

log "creating/reusing the baseline files in $WORKDIR"
python3 "$baseline" "$WORKDIR" --create-only > "$OUT/manifest.json"

log "NumPy run 1 (--only $groups ${quick[*]:-})"
python3 "$baseline" "$WORKDIR" --only "$groups" "${quick[@]}" --json "$OUT/numpy-1.json" > "$OUT/numpy-1.txt"

log "JMH ($java)"
# the fork inherits -Dnpy4j.bench.dir from this JVM's command line
"$java" -Dnpy4j.bench.dir="$WORKDIR" -jar "$jar" "${JMH_FILTER:-io.npy4j.bench.(Header|Mmap|Struct)Bench}" "${jmh_iter[@]}" \
    -rf json -rff "$OUT/jmh.json" ${JMH_ARGS:-} > "$OUT/jmh.txt"

log "NumPy run 2"
python3 "$baseline" "$WORKDIR" --only "$groups" "${quick[@]}" --json "$OUT/numpy-2.json" > "$OUT/numpy-2.txt"

echo "loadavg after: $(cat /proc/loadavg)" >> "$OUT/machine.txt"
python3 "$here/compare.py" --numpy "$OUT/numpy-1.json" --numpy "$OUT/numpy-2.json" --jmh "$OUT/jmh.json" \
    | tee "$OUT/table.md"
log "results in $OUT"
