#!/usr/bin/env bash
# nn bench against the repository's NumPy reference on the same machine, in interleaved rounds:
#   bench/compare.sh [ROUNDS] [THREADS]      (defaults: 3 rounds, 2 threads; needs nn.jar built)
# Each round runs, for each workload W of w1, w2, w3, `java -jar nn.jar bench --workload W --threads T
# --json` then `python3 bench/numpy_reference.py --workload W --threads T` (OpenBLAS core type from the
# CPU flags), and `bench --workload peak`; the medians over the rounds and the nn/NumPy ratios are
# printed at the end, with the CPU and load. One JVM per workload, as a user runs one: in a JVM that
# ran W1 first, the JIT's profile of W1's 3-wide products slowed W2 by 7–26% (three pairs, measured).
# JAVA (default: java) picks the JDK; NN_VECTOR_BITS forces nn's vector width as usual.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
THREADS=${2:-2}
JAVA=${JAVA:-java}
PYTHON=${PYTHON:-/usr/bin/python3}
[ -f nn.jar ] || { echo "nn.jar not found: build it with mvn -q -DskipTests package" >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cpus; $("$JAVA" -version 2>&1 | head -1)"
for r in $(seq 1 "$ROUNDS"); do
    echo "round $r/$ROUNDS, load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    for w in w1 w2 w3; do
        "$JAVA" -jar nn.jar bench --workload "$w" --threads "$THREADS" --json | sed 's/^/nn /' >>"$out"
        "$PYTHON" bench/numpy_reference.py --workload "$w" --threads "$THREADS" | sed 's/^/np /' >>"$out"
    done
    "$JAVA" -jar nn.jar bench --workload peak --threads "$THREADS" --json | sed 's/^/nn /' >>"$out"
done
"$PYTHON" - "$out" <<'PY'
import json, statistics, sys
rows = {"nn": {}, "np": {}}
for line in open(sys.argv[1]):
    who, _, text = line.partition(" ")
    r = json.loads(text)
    rows[who].setdefault(r["workload"], []).append(r)
def med(who, wl, key):
    vals = [r[key] for r in rows[who].get(wl, []) if r.get(key) is not None]
    return statistics.median(vals) if vals else float("nan")
peak = med("nn", "peak", "gflops")
kernel = rows["nn"].get("w2", [{}])[0].get("kernel", "?")
ct = rows["np"].get("w2", [{}])[0].get("coretype", "?")
print("nn kernel %s, FMA peak %.0f GFLOP/s; NumPy OpenBLAS core type %s" % (kernel, peak, ct))
print("%-4s %14s %14s %8s %8s   %s" % ("", "nn", "numpy", "nn/np", "rounds", "nn final loss / numpy"))
for wl, key, unit in (("w1", "ms", "ms"), ("w2", "samplesPerSecond", "samples/s"), ("w3", "gflops", "GFLOP/s")):
    a, b = med("nn", wl, key), med("np", wl, key)
    ratio = b / a if key == "ms" else a / b
    # the median of each round's own ratio: the pair ran back to back, so it shares the VM's state
    pairs = zip(rows["nn"].get(wl, []), rows["np"].get(wl, []))
    per_round = [(q[key] / p[key]) if key == "ms" else (p[key] / q[key]) for p, q in pairs]
    paired = statistics.median(per_round) if per_round else float("nan")
    extra = " (%.0f%% of peak)" % (100 * a / peak) if key == "gflops" and peak == peak else ""
    print("%-4s %14.1f %14.1f %7.2fx %7.2fx   %.6f / %.6f  %s%s" % (wl, a, b, ratio, paired, med("nn", wl, "finalLoss"),
          med("np", wl, "finalLoss"), unit, extra))
PY
