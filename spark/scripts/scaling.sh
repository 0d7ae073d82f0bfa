#!/usr/bin/env bash
# Prints the README's Spark tables: scaling (big-spark.yaml on local[1] and local[2]: training
# time, rounds/s, samples/s, ms per round in Spark jobs) and the sync cost by model size (iris,
# sync: gradients, k = 1, 2 partitions on local[2], so compute is negligible). Run it on a quiet
# machine; every figure comes from the runs' report.json.
#   mvn install -DskipTests && mvn -f spark/pom.xml package -DskipTests
#   spark/scripts/scaling.sh [ROWS] [SYNC_EPOCHS]      (defaults 1000000 and 30; needs python3-numpy)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
rows="${1:-1000000}"
sync_epochs="${2:-30}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
big="$root/target/big.csv"
if [ ! -f "$big" ] || [ "$(($(wc -l < "$big") - 1))" != "$rows" ]; then
  mkdir -p "$root/target"
  python3 "$here/scripts/make_big_csv.py" "$big" "$rows"
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo
echo "| master | training time | rounds/s | samples/s | ms per round in Spark jobs |"
echo "|---|---|---|---|---|"
for n in 1 2; do
  "$here/nn-spark-local" "$here/configs/big-spark.yaml" --master "local[$n]" --output-dir "$work/scale-$n" -q --json \
    > "$work/scale-$n.json" 2> "$work/scale-$n.log" || { cat "$work/scale-$n.log" >&2; exit 1; }
  r="$work/scale-$n.json"
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["seconds"]; k=d["distributed"]
print("| `local[%s]` | %.1f s | %.1f | %.1fk | %.1f |" % (sys.argv[2], s, k["rounds"] / s, d["samplesPerSecond"] / 1000, k["syncMillisPerRound"]))' "$r" "$n"
done
echo
echo "| parameters | ms per round |"
echo "|---|---|"
for widths in "16" "512 512" "1024 1024"; do
  layers=""
  for w in $widths; do layers="$layers{ units: $w, activation: relu }, "; done
  cat > "$work/sync.yaml" <<YAML
name: sync
seed: 1
network: { input: 4, layers: [ $layers{ units: 3, activation: softmax } ] }
loss: categorical_crossentropy
optimizer: { type: sgd, learning_rate: 0.01 }
training: { epochs: $sync_epochs, batch_size: 19, shuffle: false }
data: { train: { csv: $root/data/iris-train.csv, label: species }, normalize: standard }
distributed: { backend: spark, master: "local[2]", partitions: 2, sync: gradients, every: 1 }
YAML
  rm -rf "$work/sync-out"
  "$here/nn-spark-local" "$work/sync.yaml" --output-dir "$work/sync-out" -q --json > "$work/sync.json" 2> "$work/sync.log" \
    || { cat "$work/sync.log" >&2; exit 1; }
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); k=d["distributed"]
print("| %s (4-%s-3) | %.0f wall, %.0f in the Spark job |" % (format(d["parameters"], ","), sys.argv[2].replace(" ", "-"),
      d["seconds"] * 1000 / k["rounds"], k["syncMillisPerRound"]))' "$work/sync.json" "$widths"
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
