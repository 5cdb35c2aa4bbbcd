#!/usr/bin/env bash
# Throughput of the Redis bridges (each way) and lag of the segment mirror, against a private
# redis-server on a free port (no persistence, stopped afterwards) and the real php binary.
#
#   bench/redis.sh                 # 200,000 messages each way, 300 mirror puts at a 100 ms interval
#   bench/redis.sh 50000 100 50    # messages, mirror puts, mirror interval in ms
#
# Environment: PHP (php binary, default php), BENCH_ARTIFACTS (build output, default /tmp/art-bench-redis).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
php="${PHP:-php}"
art="${BENCH_ARTIFACTS:-/tmp/art-bench-redis}"
command -v redis-server >/dev/null || { echo "redis.sh: redis-server not found (apt-get install redis-server)" >&2; exit 1; }
dotnet build "$here/PhpShmCompat.Redis.Benchmarks/PhpShmCompat.Redis.Benchmarks.csproj" -c Release \
  --artifacts-path "$art" -nologo -v quiet -clp:ErrorsOnly >&2
source "$here/../tools/private-redis.sh"
trap stop_private_redis EXIT
start_private_redis "$php"
echo "redis.sh: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%Y-%m-%d)" >&2
dotnet "$art/bin/PhpShmCompat.Redis.Benchmarks/release/PhpShmCompat.Redis.Benchmarks.dll" "127.0.0.1:$private_redis_port" "$php" "${1:-200000}" "${2:-300}" "${3:-100}"
