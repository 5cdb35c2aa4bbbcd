#!/usr/bin/env bash
# Runs one implementation of PHP's unserialize() against the corpus. The implementation is a
# command that reads serialize() bytes on stdin and either prints its re-serialization
# (serialize(unserialize(x))) and exits 0, or prints the byte offset of the error and exits 1.
#   tests/conformance/run.sh php tests/conformance/php-adapter.php      # PHP itself
#   tests/conformance/run.sh dotnet tests/conformance/DotnetAdapter/bin/Release/net10.0/ConformanceAdapter.dll
# Options (before the command): --no-offsets  compare accept/reject and bytes only
# Prints one line per failing case and "N passed, N failed"; exits 1 when any case failed.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
offsets=1
if [[ ${1:-} == --no-offsets ]]; then offsets=0; shift; fi
[[ $# -gt 0 ]] || { sed -n '2,9p' "$0" >&2; exit 2; }
passed=0; failed=0
out=$(mktemp); trap 'rm -f "$out"' EXIT
for input in "$here"/corpus/[yn]_*.txt; do
  name=$(basename "$input" .txt)
  "$@" < "$input" > "$out" 2>/dev/null; rc=$?
  case "$name" in
    y_*)
      if [[ $rc -eq 0 ]] && cmp -s "$out" "$here/corpus/$name.out"; then passed=$((passed + 1))
      else failed=$((failed + 1)); echo "FAIL $name: expected $(cat "$here/corpus/$name.out" | head -c 200), got exit $rc: $(head -c 200 "$out")"; fi ;;
    n_*)
      want=$(tr -d '\n' < "$here/corpus/$name.offset"); got=$(tr -d '\n' < "$out")
      if [[ $rc -eq 1 && ( $offsets -eq 0 || $got == "$want" ) ]]; then passed=$((passed + 1))
      else failed=$((failed + 1)); echo "FAIL $name: expected rejection at $want, got exit $rc: $(head -c 200 "$out")"; fi ;;
  esac
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
