#!/usr/bin/env bash
# Proves the device bundle (after mvn -Pbundle package) runs with no JDK reachable: an empty
# environment whose PATH holds only `ld` (PoCL links its kernels with the ld it finds on PATH; a
# GPU driver needs none), no JAVA_HOME. Runs `devices` and `selftest` on the first OpenCL device
# (PoCL in CI) and checks that java.home is the bundle's own runtime.
set -euo pipefail
cd "$(dirname "$0")/../.."
bundle="$PWD/target/bundle/nn"
path_dir="$PWD/target/bundle-path"
rm -rf "$path_dir"
mkdir -p "$path_dir"
if command -v ld >/dev/null 2>&1; then
  ln -s "$(command -v ld)" "$path_dir/ld"
fi
size=$(du -sb "$bundle" | cut -f1)
echo "bundle-check: $bundle is $((size / 1024 / 1024)) MiB"
[ "$size" -le $((60 * 1024 * 1024)) ] || { echo "bundle-check: over 60 MiB" >&2; exit 1; }

run() {
  env -i PATH="$path_dir" "$bundle/bin/nn" "$@"
}
run devices
out=$(run selftest --device opencl --timings w1,w2) || { echo "$out"; echo "bundle-check: selftest failed" >&2; exit 1; }
echo "$out"
grep -q "^java: .* at $bundle/runtime\$" <<<"$out" || { echo "bundle-check: java.home is not the bundle's runtime" >&2; exit 1; }
echo "bundle-check: ok"
