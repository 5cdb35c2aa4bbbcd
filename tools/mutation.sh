#!/usr/bin/env bash
# Mutation testing of the core with Stryker.NET: does a small wrong change in the source make a
# test fail? Not part of `dotnet test` or CI; run it by hand (see docs/testing.md).
#
#   tools/mutation.sh [PROJECT] [--since REF] [--files GLOB...] [options]
#
#   PROJECT        serializer | shm (default shm). Which source project is mutated:
#                    serializer  src/PhpSerializer   tested by tests/PhpSerializer.Tests
#                    shm         src/PhpShmCompat    tested by tests/PhpShmCompat.Tests and tests/interop
#   --since REF    only files changed since REF (a branch, tag or commit) are mutated
#   --files G...   only these files, as globs relative to the source project
#                  (e.g. SysvShm/SysvShmLayout.cs 'Locking/*.cs'); Interop/ and *Exception*.cs never
#   --unit-only    shm: leave the interop tests (real PHP, child processes) out: faster, weaker
#   --filter EXPR  a `dotnet test --filter` expression for the tests Stryker runs (default: shm
#                  all but the Docker container tests; serializer all but the randomized and
#                  hostile-input suites, which take seconds each)
#   --all-tests    no default filter
#   --budget MIN   stop the run after MIN minutes (default 60): a 2-core machine's hour
#   --concurrency N  test runners in parallel (default 1, at most 2: cores are shared)
#   --in-place     run in this checkout instead of a scratch copy (Stryker rewrites bin/ while it
#                  runs, so do not build or test here meanwhile; rebuild afterwards)
#   --out DIR      where reports go (default artifacts/mutation/<project>-<UTC time>, gitignored)
#
# By default the run happens in a scratch clone of this checkout (HEAD plus uncommitted and
# untracked changes) under ${MUTATION_WORK:-/tmp/phpshm-mutation}, so the working tree and its
# bin/ folders stay untouched. The HTML, JSON and Markdown reports and the log are copied to
# the output folder, and a per-file score table is printed at the end.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STRYKER_VERSION=5.1.0

project=shm since="" unit_only=0 all_tests=0 filter="" budget=60 concurrency=1 in_place=0 out=""
files=()
while [[ $# -gt 0 ]]; do
  case $1 in
    serializer|shm) project=$1; shift ;;
    --since) since=${2:?--since needs a REF}; shift 2 ;;
    --since=*) since=${1#--since=}; shift ;;
    --files) shift; while [[ $# -gt 0 && $1 != --* ]]; do files+=("$1"); shift; done ;;
    --unit-only) unit_only=1; shift ;;
    --all-tests) all_tests=1; shift ;;
    --filter) filter=${2:?--filter needs an expression}; shift 2 ;;
    --budget) budget=${2:?--budget needs minutes}; shift 2 ;;
    --concurrency) concurrency=${2:?--concurrency needs a number}; shift 2 ;;
    --in-place) in_place=1; shift ;;
    --out) out=${2:?--out needs a folder}; shift 2 ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "mutation.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if (( concurrency < 1 || concurrency > 2 )); then
  echo "mutation.sh: --concurrency must be 1 or 2 on this machine" >&2; exit 2
fi

case $project in
  serializer)
    source_dir=src/PhpSerializer
    tests=(tests/PhpSerializer.Tests/PhpSerializer.Tests.csproj)
    excluded=('!**/Reading/EiselLemire.Table.cs') # a table of constants, no logic
    ;;
  shm)
    source_dir=src/PhpShmCompat
    tests=(tests/PhpShmCompat.Tests/PhpShmCompat.Tests.csproj)
    (( unit_only )) || tests+=(tests/interop/PhpShmCompat.InteropTests.csproj)
    excluded=('!**/Interop/**')
    ;;
esac
excluded+=('!**/*Exception.cs' '!**/*Exceptions.cs' '!**/obj/**' '!**/bin/**')

# Stryker.NET as a global tool, installed on first use.
export PATH="$PATH:$HOME/.dotnet/tools"
if ! dotnet stryker --version 2>/dev/null | grep -q "$STRYKER_VERSION"; then
  echo "mutation.sh: installing dotnet-stryker $STRYKER_VERSION" >&2
  dotnet tool update -g dotnet-stryker --version "$STRYKER_VERSION" >/dev/null
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=${out:-$ROOT/artifacts/mutation/$project-$stamp}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# The tree Stryker works in.
if (( in_place )); then
  tree=$ROOT
else
  work=${MUTATION_WORK:-/tmp/phpshm-mutation}/$project-$stamp
  mkdir -p "$work"
  tree=$work/repo
  git clone -q --no-hardlinks "$ROOT" "$tree"
  git -C "$tree" checkout -q --detach "$(git -C "$ROOT" rev-parse HEAD)"
  # Uncommitted changes and untracked (not ignored) files of the checkout come along.
  if ! git -C "$ROOT" diff --quiet HEAD; then
    git -C "$ROOT" diff --binary HEAD | git -C "$tree" apply --whitespace=nowarn
  fi
  (cd "$ROOT" && git ls-files -z --others --exclude-standard) | (cd "$ROOT" && xargs -0 -r cp --parents -t "$tree")
fi

args=(--target-framework net10.0 --configuration Release --concurrency "$concurrency"
      --reporter html --reporter json --reporter markdown --reporter cleartext --reporter dots
      --output "$out/stryker" --skip-version-check --break-on-initial-test-failure)
for t in "${tests[@]}"; do args+=(--test-project "$tree/$t"); done
if [[ -n $since ]]; then
  commit=$(git -C "$ROOT" rev-parse --verify "$since^{commit}")
  args+=("--since:$commit")
fi
if [[ ${#files[@]} -gt 0 ]]; then
  for f in "${files[@]}"; do args+=(--mutate "**/${f#./}"); done
else
  args+=(--mutate "**/*.cs")
fi
for e in "${excluded[@]}"; do args+=(--mutate "$e"); done
filter_arg=$filter # as given, for the record in run.txt
# The container tests (PHP 7.4/8.4 in Docker) take minutes each and test the same code as the
# host-PHP interop tests: left out unless a filter says otherwise.
if [[ -z $filter && $project == shm ]] && (( ! unit_only )) && (( ! all_tests )); then filter='FullyQualifiedName!~.Containers.'; fi
# The serializer's randomized and hostile-input suites (thousands of generated inputs, seconds
# each) cover almost every line, so every surviving mutant would pay for all of them: left out
# unless --all-tests. The directed tests that remain still compare with PHP's bytes.
if [[ -z $filter && $project == serializer ]] && (( ! all_tests )); then
  filter='FullyQualifiedName!~ShortFloatFormatterTests&FullyQualifiedName!~UnserializeMutationTests&FullyQualifiedName!~MutationFuzzTests&FullyQualifiedName!~Random&FullyQualifiedName!~Mutated&FullyQualifiedName!~ResourceLimitTests&FullyQualifiedName!~PhpDifferentialFuzzTests'
fi
[[ -n $filter ]] && args+=(--test-case-filter "$filter")

head=$(git -C "$ROOT" rev-parse --short HEAD)
dirty=$(git -C "$ROOT" status --porcelain --untracked-files=no | grep -q . && echo " (with uncommitted changes)" || true)
{
  echo "date:    $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "commit:  $head$dirty"
  echo "command: tools/mutation.sh $project${since:+ --since $since}${files:+ --files ${files[*]}}$( (( unit_only )) && echo " --unit-only")$( (( all_tests )) && echo " --all-tests")${filter_arg:+ --filter '$filter_arg'} --budget $budget --concurrency $concurrency"
  echo "tests:   ${filter:-all}"
  echo "stryker: dotnet stryker ${args[*]}"
} | tee "$out/run.txt"

# Stryker kills test processes that a mutant made hang, so their IPC objects are never removed.
# The tests of this run take keys under a prefix of their own (0x5Bxxxxxx), swept at the end.
export PHPSHM_TEST_KEY_PREFIX=${PHPSHM_TEST_KEY_PREFIX:-5B}
sweep_keys() {
  local prefix kind id removed=0
  prefix=$(printf '0x%02x' "0x${PHPSHM_TEST_KEY_PREFIX#0x}")
  for kind in m s q; do
    for id in $(ipcs -$kind 2>/dev/null | awk -v p="$prefix" 'tolower(substr($1, 1, 4)) == p { print $2 }'); do
      ipcrm -$kind "$id" 2>/dev/null && removed=$((removed + 1))
    done
  done
  echo "mutation.sh: removed $removed IPC object(s) left under keys $prefix... by killed test processes"
}

status=0
(cd "$tree/$source_dir" && timeout --signal=INT --kill-after=60 "${budget}m" dotnet stryker "${args[@]}") 2>&1 | tee "$out/stryker.log" || status=${PIPESTATUS[0]}
[[ $project == shm ]] && sweep_keys
if [[ $status -eq 124 ]]; then
  echo "mutation.sh: stopped after the ${budget}-minute budget; narrow the run with --files or --since, or raise --budget" >&2
fi

# Per-file scores from the JSON report: detected (killed, timeout) over detected + survived + no coverage.
report=$(find "$out/stryker" -name 'mutation-report.json' 2>/dev/null | head -1)
if [[ -n $report ]]; then
  python3 - "$report" "$source_dir" <<'PY' | tee "$out/scores.md"
import json, sys
report, source_dir = sys.argv[1], sys.argv[2]
data = json.load(open(report))
rows, totals = [], [0, 0, 0, 0, 0]
for path, f in sorted(data["files"].items()):
    c = {"Killed": 0, "Timeout": 0, "Survived": 0, "NoCoverage": 0, "Ignored": 0, "CompileError": 0, "Pending": 0, "RuntimeError": 0}
    for m in f["mutants"]:
        c[m["status"]] = c.get(m["status"], 0) + 1
    detected, undetected = c["Killed"] + c["Timeout"], c["Survived"] + c["NoCoverage"]
    if detected + undetected == 0:
        continue
    name = path.split(source_dir + "/", 1)[-1]
    score = 100.0 * detected / (detected + undetected)
    rows.append(f"| {name} | {score:.1f} % | {c['Killed']} | {c['Timeout']} | {c['Survived']} | {c['NoCoverage']} |")
    for i, k in enumerate(["Killed", "Timeout", "Survived", "NoCoverage"]):
        totals[i] += c[k]
print("| file | score | killed | timeout | survived | no coverage |")
print("|---|---|---|---|---|---|")
print("\n".join(rows))
d, u = totals[0] + totals[1], totals[2] + totals[3]
if d + u:
    print(f"| **all** | **{100.0 * d / (d + u):.1f} %** | {totals[0]} | {totals[1]} | {totals[2]} | {totals[3]} |")
PY
fi
cp "$out/run.txt" "$out/stryker.log" "$out/stryker/" 2>/dev/null || true
echo "mutation.sh: reports in $out"
if (( ! in_place )) && [[ $status -eq 0 ]]; then rm -rf "$work"; fi
exit $status
