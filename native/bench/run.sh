#!/bin/sh
# Builds libvisualdl (Release) and runs the C and Python benchmarks, each beside its baseline.
#   native/bench/run.sh [POINTS]       (default 20000000 for C, 10000000 for Python)
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
build=${VDL_BENCH_BUILD:-$here/target/bench-build}
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DVDL_BUILD_TESTS=OFF \
      -DVDL_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" --parallel 2 >/dev/null
"$build/vdl_bench" --points "${1:-20000000}"
VISUALDL_LIB="$build/libvisualdl.so" PYTHONPATH="$here/python" PYTHONDONTWRITEBYTECODE=1 \
  python3 "$here/bench/bench.py" --points "${1:-10000000}"
