#!/usr/bin/env bash
# Builds the device bundle (mvn -Pbundle package calls this after shading lib/nn.jar):
#   <dir>/runtime   a jlink Java runtime with the modules jdeps lists for nn.jar, stripped
#   <dir>/lib/nn.jar the runnable jar with only the Linux x86-64 native libraries
#   <dir>/bin/nn     the launcher
# and fails when the folder is over 60 MiB.
set -euo pipefail
dir=$1
java_home=$2
limit=$((60 * 1024 * 1024))
jar="$dir/lib/nn.jar"
bin="$java_home/bin"

# jdeps misses what is loaded by name: the Vector API (loaded only when present) is added here.
modules=$("$bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 17 "$jar")
case ",$modules," in
  *,jdk.incubator.vector,*) ;;
  *) modules="$modules,jdk.incubator.vector" ;;
esac
echo "bundle: modules $modules"
rm -rf "$dir/runtime"
"$bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$dir/runtime"
# Debian's libjvm.so keeps its symbol table (4 of its 24 MiB); jlink's --strip-native-debug-symbols
# removes debug sections only, so strip (binutils) takes the rest.
if command -v strip >/dev/null 2>&1; then
  find "$dir/runtime" -name '*.so' -exec strip --strip-unneeded {} +
else
  echo "bundle: no strip (binutils): native symbols stay" >&2
fi

mkdir -p "$dir/bin"
cp "$(dirname "$0")/nn" "$dir/bin/nn"
chmod +x "$dir/bin/nn"
cp "$(dirname "$0")/README.md" "$dir/README.md"

size=$(du -sb "$dir" | cut -f1)
echo "bundle: $dir is $((size / 1024 / 1024)) MiB ($size bytes; limit 60 MiB)"
if [ "$size" -gt "$limit" ]; then
  echo "bundle: over 60 MiB" >&2
  exit 1
fi
