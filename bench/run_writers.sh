#!/usr/bin/env bash
# Many writers, streaming and appending, npy4j and NumPy alternated in one run (bench/writers.py drives
# io.npy4j.bench.WritersBench child JVMs and NumPy child processes; README "Many writers, streaming and appending").
#
# usage: bench/run_writers.sh [WORKDIR]      (default /tmp/npy4j-wbench; needs ~2.2 GB free; files deleted after)
# env:   ROUNDS=n (default 2)  WORKERS=1,2,4,8  APPENDS=1000  STREAM_REPS=3  ONLY=many,stream,append
#        JAVA=path  OUT=dir  SKIP_BUILD=1
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
WORKDIR=${1:-${WORKDIR:-/tmp/npy4j-wbench}}
mkdir -p "$WORKDIR"
OUT=${OUT:-$here/target/results/writers-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
if [ -n "${JAVA:-}" ]; then java=$JAVA; elif [ -n "${JAVA_HOME:-}" ]; then java=$JAVA_HOME/bin/java; else java=java; fi
jar=$here/target/benchmarks.jar
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$jar" ]; then
    (cd "$repo" && mvn -B -q -pl bench -am -DskipTests package)
fi
{ echo "uptime before: $(uptime)"; df -h "$WORKDIR" | tail -1; } | tee "$OUT/machine.txt"
python3 "$here/writers.py" "$WORKDIR" --jar "$jar" --java "$java" --rounds "${ROUNDS:-2}" \
    --workers "${WORKERS:-1,2,4,8}" --appends "${APPENDS:-1000}" --stream-reps "${STREAM_REPS:-3}" \
    --only "${ONLY:-many,stream,append}" --json "$OUT/writers.json" 2> >(tee "$OUT/log.txt" >&2) | tee "$OUT/table.md"
echo "uptime after: $(uptime)" | tee -a "$OUT/machine.txt"
rm -f "$WORKDIR"/*.npy "$WORKDIR"/.*.tmp 2>/dev/null || true
echo "results in $OUT"
