#!/usr/bin/env bash
# Runs every test of PhpShmCompat. On a fresh Debian machine with only the .NET SDK it first
# installs what the tests need (php-cli with the System V IPC extensions).
set -euo pipefail
cd "$(dirname "$0")"

SUDO=""
if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null; then SUDO="sudo"; fi
apt_install() {
  if [[ -z ${APT_UPDATED:-} ]]; then $SUDO apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

if ! command -v php >/dev/null; then
  echo "test.sh: php not found, installing php-cli from Debian" >&2
  apt_install php-cli
fi
php -r 'foreach (["sysvshm","sysvsem","sysvmsg","shmop"] as $e) if (!extension_loaded($e)) { fwrite(STDERR, "php lacks $e\n"); exit(1); }'
echo "test.sh: using $(php -r 'echo "PHP ", PHP_VERSION;') at $(command -v php)"
# phpshm watch is checked in a real terminal through tmux.
if ! command -v tmux >/dev/null; then
  echo "test.sh: tmux not found, installing it from Debian" >&2
  apt_install tmux || echo "test.sh: tmux could not be installed; the terminal test of phpshm watch will be skipped" >&2
fi

# A Docker engine this run starts (prepare-ci.sh says so in a file) is stopped when it ends; one
# that was already running is left alone.
export PHPSHM_DOCKERD_STARTED=${PHPSHM_DOCKERD_STARTED:-/tmp/phpshmcompat-dockerd.started}
rm -f "$PHPSHM_DOCKERD_STARTED"
stop_started_docker() {
  [[ -s $PHPSHM_DOCKERD_STARTED ]] || return 0
  local pid; pid=$(cat "$PHPSHM_DOCKERD_STARTED")
  rm -f "$PHPSHM_DOCKERD_STARTED"
  $SUDO kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 60); do $SUDO kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  echo "test.sh: stopped the Docker engine this run started (pid $pid)" >&2
}
trap stop_started_docker EXIT
bash docker/php/prepare-ci.sh || echo "test.sh: Docker set-up failed (see above); the PHP container tests will be skipped" >&2

# Redis for the mirror and bridge tests: Debian's redis-server on 127.0.0.1 and a free port,
# without persistence, stopped when this script ends; php-redis for PHP reading the mirror.
if ! command -v redis-server >/dev/null || ! php -r 'exit(class_exists("Redis") ? 0 : 1);'; then
  echo "test.sh: installing redis-server and php-redis from Debian" >&2
  apt_install redis-server php-redis
fi
source tools/private-redis.sh
trap 'stop_private_redis; stop_started_docker' EXIT
start_private_redis php
export PHPSHM_REDIS="127.0.0.1:$private_redis_port"
echo "test.sh: redis-server $(redis-server --version | grep -o 'v=[0-9.]*') on $PHPSHM_REDIS"

results=$(mktemp -d)
status=0
# Build the whole solution first (dotnet test alone builds only test projects and what they
# reference, so the benchmark, fuzz and sample projects would stop being compiled).
dotnet build PhpShmCompat.sln -c Release -nologo -v quiet
dotnet test PhpShmCompat.sln -c Release --no-build --logger "trx" --results-directory "$results" "$@" || status=$?

# One plain summary line over every test project.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [[ -f $trx ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
# Hostile-input mutation counts and the differential runs against each PHP, from the tests'
# output, so the CI log shows them.
grep -ho '[a-z ]*mutation test: [^<]*' "$results"/*.trx 2>/dev/null | sed 's/^ */test.sh: /' || true
grep -ho 'differential: [^<]*' "$results"/*.trx 2>/dev/null | sort -u | sed 's/^/test.sh: /' || true
grep -ho 'bridge kill test: [^<]*' "$results"/*.trx 2>/dev/null | sed 's/&gt;/>/g; s/^/test.sh: /' || true
# Which PHP versions and architectures the container and 32-bit tests ran against (one line
# each, with the number of test outputs naming it), and every skipped test with its reason.
grep -ho 'PHP [0-9.]* ([0-9]*-bit) in container [0-9a-f]* ([^,]*' "$results"/*.trx 2>/dev/null \
  | sed -E 's/ in container [0-9a-f]+ \(/ /' | sort | uniq -c | sed -E 's/^ *([0-9]+) (.*)/test.sh: tests ran against \2 (\1 test outputs)/' || true
grep -ho '32-bit PHP [0-9.]* (PHP_INT_SIZE 4) in the chroot [^<]*' "$results"/*.trx 2>/dev/null | sort | uniq -c \
  | sed -E 's/^ *([0-9]+) (.*)/test.sh: tests ran against \2 (\1 tests)/' || true
for trx in "$results"/*.trx; do
  [[ -f $trx ]] || continue
  grep -o '<UnitTestResult [^>]*outcome="NotExecuted"[^>]*>' "$trx" | sed -E 's/.*testName="([^"]*)".*/test.sh: SKIPPED \1/' || true
done
rm -rf "$results"
echo
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
