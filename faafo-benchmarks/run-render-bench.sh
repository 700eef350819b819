#!/usr/bin/env bash
# Benchmarks the renderer and the PNG encoder: builds the JMH uber-jar and the C reference,
# runs the C reference and then the JMH benchmarks back to back, and prints a table of ratios.
#
# Usage: faafo-benchmarks/run-render-bench.sh [JMH options and benchmark regexps]
#   (default: the RenderBenchmark and PngBenchmark benchmarks only)
# Environment: JAVA (default: java on the PATH), MVN_ARGS (e.g. -o once the dependencies are
# in ~/.m2), SKIP_BUILD=1 to reuse target/benchmarks.jar.
# Short warm-ups (4 × 1 s, then 5 × 1 s measured, one fork per benchmark): the hot loops are
# compiled within the first second; a full run takes about 80 s on 2 cores, build included.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out="$here/target/bench"
java_cmd=${JAVA:-java}
command -v gcc >/dev/null || { echo "gcc is needed for the C reference" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq is needed to read JMH's results" >&2; exit 1; }

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "== building (mvn -Pbench -pl faafo-benchmarks -am package -Dmaven.test.skip=true)"
  # shellcheck disable=SC2086
  (cd "$root" && mvn -q -B ${MVN_ARGS:-} -Pbench -pl faafo-benchmarks -am package -Dmaven.test.skip=true)
fi
jar="$here/target/benchmarks.jar"
mkdir -p "$out"
cflags="-O3 -march=native"
gcc $cflags -o "$out/julia" "$here/src/main/c/julia.c"
gcc $cflags -ffp-contract=off -o "$out/julia-nofma" "$here/src/main/c/julia.c"

echo "== machine"
echo "cores: $(nproc)"
echo "cpu:   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "java:  $("$java_cmd" -version 2>&1 | head -2 | tail -1)"
echo "gcc:   $(gcc --version | head -1)"

echo "== C reference (2 warm-up runs, then 10 timed runs)"
"$out/julia" 10 | tee "$out/c.txt"
"$out/julia-nofma" 10 | tee "$out/c-nofma.txt"

echo "== workload facts"
"$java_cmd" -cp "$jar" io.github.faafo.bench.Workload | tee "$out/workload.txt"

echo "== JMH"
if [[ $# -eq 0 ]]; then
  set -- 'io\.github\.faafo\.bench\.(Render|Png)Benchmark\.'
fi
"$java_cmd" -jar "$jar" -rf json -rff "$out/jmh.json" "$@"

value() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }
score() {
  jq -r --arg b "io.github.faafo.bench.$1" \
    '.[] | select(.benchmark == $b) | .primaryMetric.score' "$out/jmh.json"
}
steps=$(value steps "$out/workload.txt")
c_ms=$(value mean_ms "$out/c.txt")
c_steps=$(value steps "$out/c.txt")
c_mits=$(value mean_mits "$out/c.txt")
same=no
[[ "$(value hash "$out/c-nofma.txt")" == "$(value hash "$out/workload.txt")" ]] && same=yes

echo
echo "== summary (means; M it/s = z -> z^2 + c steps per second)"
echo "Renderer: 1024 x 1024, 512 iterations, c = -0.8 + 0.156i, $steps steps"
printf '%-50s %9s %9s %9s\n' "" "ms" "M it/s" "vs C"
row() { # label ms steps
  [[ -n "$2" ]] || return 0
  awk -v l="$1" -v ms="$2" -v n="$3" -v c="$c_mits" \
    'BEGIN { r = n / ms / 1e3; printf "%-50s %9.2f %9.1f %9.2f\n", l, ms, r, r / c }'
}
row "C gcc $cflags (1 core)" "$c_ms" "$c_steps"
row "C gcc $cflags -ffp-contract=off (1 core)" "$(value mean_ms "$out/c-nofma.txt")" "$steps"
row "Java plain loop (1 core)" "$(score RenderBenchmark.plainLoop)" "$steps"
row "Java JuliaRenderer (1 core)" "$(score RenderBenchmark.oneThread)" "$steps"
row "Java JuliaRenderer ($(nproc) cores)" "$(score RenderBenchmark.allThreads)" "$steps"
echo "(C $cflags contracts to FMA: $c_steps steps, other pixels; -ffp-contract=off and Java agree: $same)"

echo
echo "PNG: encode + SHA-256 of the 1024 x 1024 reference image"
io=$(score PngBenchmark.imageIo)
io_nc=$(score PngBenchmark.imageIoNoCache)
printf '%-50s %9s %9s %11s %11s\n' "" "ms" "bytes" "vs ImageIO" "vs no-cache"
png_row() { # label ms bytes
  [[ -n "$2" ]] || return 0
  awk -v l="$1" -v ms="$2" -v b="$3" -v io="$io" -v nc="$io_nc" \
    'BEGIN { printf "%-50s %9.2f %9s %11s %11s\n", l, ms, b,
             io == "" ? "-" : sprintf("%.2f", ms / io), nc == "" ? "-" : sprintf("%.2f", ms / nc) }'
}
ours=$(value png_ours "$out/workload.txt")
theirs=$(value png_imageio "$out/workload.txt")
png_row "ImageIO.write default (useCache true)" "$io" "$theirs"
png_row "ImageIO.write, setUseCache(false)" "$io_nc" "$theirs"
png_row "PngEncoder (1 thread)" "$(score PngBenchmark.oursOneThread)" "$ours"
png_row "PngEncoder ($(nproc) cores)" "$(score PngBenchmark.ours)" "$ours"
awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "file size: ours / ImageIO = %.3f\n", a / b }'
echo "raw results: $out/"
