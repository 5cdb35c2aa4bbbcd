#!/usr/bin/env bash
# One command for the side-by-side benchmark: builds the C# runner in Release,
# generates the seeded corpora once, then times PHP's own functions and PhpShmCompat back to
# back on the same bytes and prints a Markdown table of C#/PHP ratios.
#
#   bench/compare.sh                      # 3 rounds x 400 ms of CPU per side and row, each C# row in its own process (~5 min)
#   bench/compare.sh --same-process       # C# rows in one process (faster, but rows share GC history)
#   bench/compare.sh --rounds 5 --ms 800  # longer, steadier
#   bench/compare.sh --items shm          # only rows whose name contains "shm"
#   bench/compare.sh --markdown out.md    # also write the table to a file
#
# Environment: PHP (php binary, default php), BENCH_ARTIFACTS (build output, default
# /tmp/art-bench-compare), BENCH_CORPUS (corpus directory, default $BENCH_ARTIFACTS/corpus).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
php="${PHP:-php}"
art="${BENCH_ARTIFACTS:-/tmp/art-bench-compare}"
corpus="${BENCH_CORPUS:-$art/corpus}"

command -v "$php" >/dev/null || { echo "compare.sh: '$php' not found (set PHP=/path/to/php)" >&2; exit 1; }
for ext in sysvshm sysvsem sysvmsg; do
  "$php" -r "exit(extension_loaded('$ext') ? 0 : 1);" || { echo "compare.sh: PHP extension $ext is missing" >&2; exit 1; }
done

echo "== build (Release, artifacts in $art)" >&2
dotnet build "$here/PhpShmCompat.Benchmarks/PhpShmCompat.Benchmarks.csproj" -c Release \
  --artifacts-path "$art" -nologo -v quiet -clp:ErrorsOnly >&2

echo "== corpus (seeded, $corpus)" >&2
rm -rf "$corpus"
"$php" "$here/php/gen-corpus.php" "$corpus" >/dev/null

echo "== run (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
exec "$art/bin/PhpShmCompat.Benchmarks/release/PhpShmCompat.Benchmarks" compare --php "$php" --corpus "$corpus" "$@"
