#!/usr/bin/env bash
# Runs JMH benchmarks with settings sized for a noisy 2-core machine and writes JSON results.
#   scripts/bench.sh <benchmark regex> [extra JMH options]
#   scripts/bench.sh ContextBench                       -> results/ContextBench.json
#   scripts/bench.sh 'PoolBench.getPut' -p pool=loomkit -prof gc
# Defaults (override by passing the same option again): 3 forks, 5 warmup and 8 measured 1 s iterations.
# Builds jmh/target/benchmarks.jar first when it is missing (or when REBUILD=1).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
pattern=$1
shift
if [ ! -f jmh/target/benchmarks.jar ] || [ "${REBUILD:-0}" = 1 ]; then
  mvn -B -q -pl jmh -am package -DskipTests
fi
java=$(scripts/find-java.sh)
mkdir -p results
out="results/$(echo "$pattern" | tr -c 'A-Za-z0-9_.-' '_' | sed 's/_*$//').json"
echo "java: $java; results: $out" >&2
defaults=(-f 3 -wi 5 -w 1s -i 8 -r 1s)
args=()
for ((k = 0; k < ${#defaults[@]}; k += 2)); do
  opt=${defaults[k]}
  case " $* " in *" $opt "*) ;; *) args+=("$opt" "${defaults[k + 1]}") ;; esac
done
exec "$java" -jar jmh/target/benchmarks.jar "$pattern" "${args[@]}" -rf json -rff "$out" "$@"
