#!/usr/bin/env bash
# The full comparison suite of every module, sized to finish in under 30 minutes on a 2-core machine:
# one fork, 2 warm-up and 3 measured iterations of 0.5 s per configuration (about 330 configurations;
# 13 minutes on 2026-11-28).
# It is an overview: each targeted claim in docs/benchmarks.md comes from scripts/bench.sh with more
# forks. Writes JSON to results/suite/ and, from it, ratio tables (results/suite/report.md) and SVG charts
# (results/suite/img/); copy what you publish to docs/results/ and docs/img/.
#   scripts/bench-all.sh            # everything
#   SUITE='ContextBench|ScopeBench' scripts/bench-all.sh   # a subset, by class name
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl jmh -am package -DskipTests
java=$(scripts/find-java.sh)
out=results/suite
mkdir -p "$out/img"
quick=(-f 1 -wi 2 -w 500ms -i 3 -r 500ms)
only=${SUITE:-.}

run() { # name, JMH arguments...
  local name=$1
  shift
  if ! [[ $name =~ $only ]]; then return; fi
  echo "== $name ($(date +%H:%M:%S))" >&2
  "$java" -jar jmh/target/benchmarks.jar "$@" "${quick[@]}" -rf json -rff "$out/$name.json" > "$out/$name.log" 2>&1
}

start=$(date +%s)
run ContextBench 'io.loomkit.jmh.context.ContextBench'
run ScopeBench 'io.loomkit.jmh.context.ScopeBench'
run PoolBenchmark-t1 'io.loomkit.jmh.pool.PoolBenchmark' -t 1
run PoolBenchmark-t2 'io.loomkit.jmh.pool.PoolBenchmark.getPut$' -t 2
run MapBenchmark-t1 'io.loomkit.jmh.map.MapBenchmark.(readHit|readMiss|read99write1|read90write10|computeIfAbsentPresent)$' -t 1 -p keySet=even -jvmArgs -Xmx3g
run MapBenchmark-random 'io.loomkit.jmh.map.MapBenchmark.(readHit|readMiss)$' -t 1 -p keySet=random -p map=ReadMostlyMap,ConcurrentHashMap,NonBlockingHashMap -jvmArgs -Xmx3g
# One operation of the virtual-thread variants is 128,000 map operations: for the copy-on-write map at a
# million keys (1,280 copies of the map) it runs for minutes, so only the concurrent maps run them.
run MapBenchmark-vt 'io.loomkit.jmh.map.MapBenchmark.*VirtualThreads$' -p keySet=even -p map=ReadMostlyMap,ConcurrentHashMap,NonBlockingHashMap,GoSyncMap -jvmArgs -Xmx3g
run MapBenchmark-t2 'io.loomkit.jmh.map.MapBenchmark.(readHit|read99write1)$' -t 2 -p keySet=even -jvmArgs -Xmx3g
run LongMapBenchmark 'io.loomkit.jmh.map.LongMapBenchmark' -jvmArgs -Xmx3g
run ChannelBench 'io.loomkit.jmh.channel.ChannelBench'
run SelectBench 'io.loomkit.jmh.channel.SelectBench'
run SizingBench 'io.loomkit.jmh.channel.SizingBench'
echo "suite took $(( ($(date +%s) - start) / 60 )) min" >&2

"$java" -cp jmh/target/benchmarks.jar io.loomkit.jmh.report.BenchReport "$out/img" "$out"/*.json > "$out/report.md"
echo "tables: $out/report.md, charts: $out/img/" >&2
