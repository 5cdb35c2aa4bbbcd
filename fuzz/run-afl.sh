#!/usr/bin/env bash
# Fuzz one target with AFL++ through SharpFuzz.
#   fuzz/run-afl.sh TARGET [SECONDS] [OUT_DIR]
# TARGET: unserialize | segment | message. SECONDS: run time (default 600). OUT_DIR: AFL's
# findings (default /tmp/phpshm-fuzz/TARGET). Needs: afl++ (apt-get install afl++) and
# SharpFuzz.CommandLine (dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0).
# Runs niced; set BUILD=0 to reuse the last instrumented build in $BIN.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=${1:?usage: run-afl.sh unserialize|segment|message [SECONDS] [OUT_DIR]}
seconds=${2:-600}
out=${3:-/tmp/phpshm-fuzz/$target}
BIN=${BIN:-/tmp/phpshm-fuzz/bin}
export PATH="$PATH:$HOME/.dotnet/tools"

if [[ ${BUILD:-1} != 0 ]]; then
  rm -rf "$BIN"
  nice dotnet publish "$here/PhpShmCompat.Fuzz/PhpShmCompat.Fuzz.csproj" -c Release -o "$BIN" \
    --artifacts-path "${ARTIFACTS:-/tmp/phpshm-fuzz/artifacts}" -nologo -v quiet
  # Instrument only the libraries under test (not the harness, not the framework).
  for dll in PhpSerializer.dll PhpShmCompat.dll; do sharpfuzz "$BIN/$dll"; done
fi

mkdir -p "$out"
export AFL_SKIP_BIN_CHECK=1        # dotnet itself is not instrumented; SharpFuzz feeds AFL's map
export AFL_SKIP_CPUFREQ=1
export AFL_NO_AFFINITY=1           # shared machine: do not pin a core
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_UI=1
export AFL_FAST_CAL=1
export DOTNET_TieredPGO=0
input="$here/corpus/$target"
[[ -d $out/default/queue ]] && input=-   # resume a previous run
exec nice -n 10 afl-fuzz -i "$input" -o "$out" -V "$seconds" -t 5000 -m none \
  -x "$here/dictionaries/php-serialize.dict" -- dotnet "$BIN/PhpShmCompat.Fuzz.dll" "$target"
