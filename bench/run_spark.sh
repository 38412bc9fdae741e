#!/usr/bin/env bash
# Spark read throughput (bench/README.md, "Spark"): the npy source vs Spark's Parquet reader of the same data and
# binaryFile + npy_decode, in one run. Usage: bench/run_spark.sh [dir] [MiB] [cores] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/npy4j-spark-bench}; mib=${2:-1024}; cores=${3:-1}; runs=${4:-3}
mvn -B -q -o -pl src-test-fixtures,core,spark -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=/tmp/npy4j-spark-bench.cp -Dmdep.includeScope=test
cp="spark/target/test-classes:spark/target/classes:core/target/classes:$(cat /tmp/npy4j-spark-bench.cp)"
# the argLine of spark/pom.xml's surefire configuration
opens=$(sed -n 's:.*<argLine>-Xmx1g \(.*\)</argLine>.*:\1:p' spark/pom.xml)
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx3g $opens -Dlog4j2.configurationFile=spark/src/test/resources/log4j2.properties -cp "$cp" \
    io.npy4j.spark.bench.ReadThroughput "$dir" "$mib" "$cores" "$runs"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
