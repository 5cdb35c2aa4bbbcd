#!/usr/bin/env bash
# A long differential run of the serializer against the host's php: COUNT generated inputs
# (default 10,000,000) of SEED (default 7), judged by PHP and by the library; prints the
# summary line and, for any difference, the seed, index and a shrunk input.
# Usage: tools/differential.sh [COUNT] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000000}"
seed="${2:-7}"
dotnet build tests/PhpSerializer.Tests -c Release -nologo -v quiet
PHPSHM_DIFFERENTIAL_COUNT="$count" PHPSHM_DIFFERENTIAL_SEED="$seed" \
  dotnet test tests/PhpSerializer.Tests -c Release --no-build --filter "FullyQualifiedName~PhpDifferentialFuzzTests" \
  --logger "console;verbosity=detailed" | grep -E 'differential:|seed [0-9]+, index|shrunk:|php |c# |Passed|Failed' | awk '!seen[$0]++'
